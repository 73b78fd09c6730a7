"""The cockpit's cache: figures are kept per period, filters and scope, and dropped as soon as
the data they were computed from changes — in this process or any other (qifutong.changes)."""

from __future__ import annotations

from qifutong.changes import (
    VersionedCache,
    data_version,
    install,
    table_versions,
    written_table,
)

FigureCache = VersionedCache
cache = VersionedCache()

__all__ = ["FigureCache", "cache", "data_version", "install", "table_versions", "written_table"]
