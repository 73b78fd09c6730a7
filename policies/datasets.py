"""Policies, funding products, service providers and activities in the data catalogue."""

from __future__ import annotations

from policies.models import Activity, FundingProduct, Policy, ServiceProvider
from qifutong.catalogue import DataSet, count_rows, latest, register_dataset
from qifutong.web.i18n import N_


def register() -> None:
    for key, name, owner, source, how, model in (
        ("policies", N_("惠企政策"), N_("街道经济服务办"),
         N_("国家、省、市、区与街道发布的惠企政策原文及其适用条件"),
         N_("街道“政策管理”页面；数据接口"), Policy),
        ("funding", N_("金融产品"), N_("街道经济服务办（合作银行、投资机构提供）"),
         N_("合作银行的贷款产品与投资机构的投资方向"), N_("街道“资金产品”维护"), FundingProduct),
        ("providers", N_("服务机构"), N_("街道企业服务中心"),
         N_("律师、会计、人力资源、知识产权等服务机构"), N_("街道“服务机构”维护"), ServiceProvider),
        ("activities", N_("活动培训"), N_("街道企业服务中心"),
         N_("面向企业的培训、对接会等活动及报名"), N_("街道“活动培训”页面"), Activity),
    ):  # fmt: skip
        register_dataset(
            DataSet(key, name, owner, source, how, count_rows(model), latest(model.updated_at))
        )
