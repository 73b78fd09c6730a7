"""The roster import (企业名录导入): files of firms read, resolved into firms (exact keys, then
scored evidence), written with their lineage, and the pairs and changes left for an official."""
