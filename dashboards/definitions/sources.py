"""Where the indicators' numbers come from and which firms they count: the source and scope
texts every definition shares, and the data sets of the catalogue behind each source."""

from __future__ import annotations

from qifutong.web.i18n import N_

ECON = N_("月度经济数据（企业逐月营业收入、税收、地方留存、从业人数）")
FIRMS = "企业名录"
GRADING = N_("企业名录中的分级分类结果（按营收与税收趋势逐月计算）")
BUILDINGS = N_("楼宇台账与租约台账")
LEASES = "租约台账"
MACRO = N_("区统计局月度统计数据（按月导入）")
DEMANDS = N_("诉求办理记录")
VISITS = N_("走楼访企记录")
PUSHES = "推送记录"

OPERATING = N_("在本街道经营且存续在营的企业")
FILTERED = "；按所选楼宇、行业筛选"
TAXED = N_("纳税在地的企业（含期内迁出企业迁出前的税收）") + FILTERED
REVENUE = N_("经营在地的企业（含期内迁出企业迁出前的营收）") + FILTERED
PERIOD_NOTE = "所选期间内有数据的月份；同比对照上年相同月份"
SPACE = "所选范围内的楼宇（楼宇用户：其负责的楼宇）；不受行业筛选影响"
DISTRICT = N_("西湖区统计局发布的区级数据，不受楼宇、行业筛选影响")

# The data sets of the catalogue (qifutong.catalogue) behind each source.
SOURCE_DATASETS = {
    ECON: ("figures",),
    FIRMS: ("enterprises",),
    GRADING: ("grades", "figures"),
    BUILDINGS: ("buildings", "leases"),
    LEASES: ("leases",),
    MACRO: ("macro",),
    DEMANDS: ("demands",),
    VISITS: ("visits",),
    PUSHES: ("pushes",),
}


def datasets_of(source: str) -> tuple[str, ...]:
    """The data sets of every source an indicator's source names."""
    found = [k for text, keys in SOURCE_DATASETS.items() if text in source for k in keys]
    return tuple(dict.fromkeys(found))
