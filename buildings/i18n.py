"""Texts the building pages show by lookup, marked for the catalog (their English is in
qifutong/translations)."""

from __future__ import annotations

from qifutong.web.i18n import N_

WORDS = (
    N_("楼宇名称"),
    N_("建筑面积（㎡）"),
    N_("可租面积（㎡）"),
    N_("纬度（GCJ-02）"),
    N_("经度（GCJ-02）"),
    N_("续签"),
    N_("结束"),
    N_("登记"),
    N_("修改"),
    N_("已拒绝"),
    N_("仅检查"),
    N_("问题数"),
    N_("新增租约"),
    N_("更新租约"),
    N_("新增走访任务"),
    N_("可导入的行"),
)
