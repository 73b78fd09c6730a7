"""Buildings, units and leases in the data catalogue."""

from __future__ import annotations

from sqlalchemy import select

from buildings.models import Building, Lease, Unit
from qifutong.catalogue import DataSet, count_rows, latest, register_dataset, share_of_active_firms
from qifutong.enterprises.models import Enterprise
from qifutong.web.i18n import N_


def register() -> None:
    register_dataset(
        DataSet(
            "buildings",
            "楼宇",
            N_("街道楼宇经济办"),
            N_("辖区楼宇与园区的名称、地址、位置、面积、物业公司"),
            N_("街道“楼宇管理”页面"),
            count_rows(Building),
            latest(Building.updated_at),
            coverage=share_of_active_firms(
                lambda _: N_("登记了所在楼宇的在营企业"),
                lambda _: select(Enterprise.id).where(Enterprise.building_id.is_not(None)),
            ),
        )
    )
    register_dataset(
        DataSet(
            "units",
            N_("楼宇房源单元"),
            N_("各楼宇物业公司（楼宇经济办汇总）"),
            N_("各楼宇的楼层、房号、面积与租金"),
            N_("楼宇与物业端的楼宇页面；导入租约时新出现的房号自动新增"),
            count_rows(Unit),
            latest(Building.updated_at),
        )
    )
    register_dataset(
        DataSet(
            "leases",
            N_("租约台账"),
            N_("各楼宇楼管员与物业公司"),
            N_("楼宇的租赁合同：租户、单元、起止日期、面积、租金、续租意向"),
            N_("“导入租约”页面或命令行导入；楼宇端租约页面"),
            count_rows(Lease),
            latest(Lease.updated_at),
            cadence_days=31,
            batch_kinds=("leases",),
            coverage=share_of_active_firms(
                lambda _: N_("有在租租约的在营企业"),
                lambda _: select(Lease.enterprise_id).where(
                    Lease.enterprise_id.is_not(None), Lease.is_open
                ),
            ),
        )
    )
