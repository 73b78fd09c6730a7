"""Simplified Chinese by default, English on request: the UI text is Chinese, mapped to English."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import current_app, g, has_app_context, has_request_context, request, session

LOCALES = ("zh", "en")
# Where the app keeps the Chinese texts asked for in English and missing from the
# dictionaries, when a test puts a set there (`app.extensions[UNTRANSLATED] = set()`).
UNTRANSLATED = "qifutong.untranslated"
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_EN: dict[str, str] = {}


def register_translations(mapping: dict[str, str]) -> None:
    """Add Chinese → English pairs; each package registers its own in init_app."""
    _EN.update(mapping)


def current_locale() -> str:
    """The request's language, worked out once per request (g lives as long as the request);
    Chinese outside a request (commands, jobs, the API's stored texts)."""
    if not has_request_context():
        return "zh"
    loc = getattr(g, "locale", None)
    if loc:
        return str(loc)
    loc = session.get("locale") if request else None
    loc = loc if loc in LOCALES else "zh"
    if request:
        g.locale = loc
    return loc


def translate(text: str, **values: object) -> str:
    """Give `text` in the current locale; `{name}` placeholders are filled from values."""
    out = text
    if current_locale() == "en":
        out = _EN.get(text, text)
        if text not in _EN and _CHINESE.search(text) and has_app_context():
            untranslated = current_app.extensions.get(UNTRANSLATED)
            if untranslated is not None:
                untranslated.add(text)
    return out.format(**values) if values else out


def term(text: str) -> str:
    """A value that may be a platform word (a size, a kind, a unit) or data (a firm's or a
    building's name): the English word where the dictionary has one, else the text unchanged."""
    if current_locale() != "en":
        return text
    return _EN.get(text, text)


@dataclass(frozen=True)
class Phrase:
    """Platform text kept as its Chinese template and values until shown: text built where no
    request decides the language (a cached offer, a job) reads in each viewer's language.
    A value may be a Phrase itself (translated too) or data (kept as it is)."""

    template: str
    values: Mapping[str, object] = field(default_factory=dict)

    def zh(self) -> str:
        """The Chinese text, whatever the current locale."""
        values = {k: v.zh() if isinstance(v, Phrase) else v for k, v in self.values.items()}
        return self.template.format(**values) if values else self.template

    def __str__(self) -> str:
        values = {k: str(v) for k, v in self.values.items()}
        return translate(self.template, **values)


def join(items: list[str] | tuple[str, ...]) -> str:
    """Items in a list as the locale writes them: 甲、乙 / a, b."""
    return ", ".join(items) if current_locale() == "en" else "、".join(items)


register_translations(
    {
        "企服通": "Qifutong",
        "街道": "Street",
        "楼宇": "Building",
        "物业": "Property",
        "企业": "Firm",
        "管理员": "Admin",
        "首页": "Home",
        "登录": "Log in",
        "退出": "Log out",
        "菜单": "Menu",
        "古荡街道": "Gudang Street",
        "古荡街道企业服务平台": "Gudang Street enterprise services",
        "信息找人": "information finds you",
        "街道工作台": "Street desk",
        "已过期": "Overdue",
        "账号与安全": "Account and security",
        "用户名": "Username",
        "密码": "Password",
        "语言": "Language",
        "企业名录": "Firms",
        "楼宇租约": "Buildings & leases",
        "企业库": "Firm registry",
        "企业服务": "Firm services",
        "政策": "Policies",
        "政策管理": "Policies",
        "数据导入": "Import",
        "经济驾驶舱": "Cockpit",
        "诉求办理": "Demands",
        "走楼访企": "Visits",
        "到期预警": "Lease warnings",
        "楼宇管理": "Buildings",
        "空置房源": "Vacant units",
        "租约": "Leases",
        "为您推荐": "For you",
        "找政策": "Find policies",
        "找场地": "Find space",
        "找资金": "Find funding",
        "找服务": "Find services",
        "我的诉求": "My demands",
        "提交诉求": "Raise a demand",
        "企业信息": "Our firm",
        "用户管理": "Users",
        "搜索": "Search",
        "查看": "View",
        "保存": "Save",
        "提交": "Submit",
        "返回": "Back",
        "导出": "Export",
        "无权访问": "Access denied",
        "页面不存在": "Page not found",
        "您没有权限查看此页面。": "You are not allowed to see this page.",
        "找不到您要的页面。": "The page you asked for does not exist.",
        "用户名或密码错误。": "Wrong username or password.",
        "登录失败次数过多，请 {seconds} 秒后再试。": (
            "Too many failed logins; try again in {seconds} seconds."
        ),
        "表单已过期或缺少安全令牌，请刷新页面后重试。": (
            "The form expired or lacks its security token; reload the page and try again."
        ),
        "统一社会信用代码": "USCC",
        "企业名称": "Name",
        "法定代表人": "Legal representative",
        "注册资本": "Registered capital",
        "成立日期": "Founded",
        "行业": "Industry",
        "规模": "Size",
        "从业人员": "Employees",
        "资质": "Qualifications",
        "所在楼宇": "Building",
        "营业收入（近12个月）": "Revenue (last 12 months)",
        "税收（近12个月）": "Tax (last 12 months)",
        "来源记录": "Source rows",
        "变更历史": "History",
        "经济数据": "Economic records",
        "月份": "Month",
        "营业收入": "Revenue",
        "税收": "Tax",
        "地方留存": "Local share",
        "人数": "Headcount",
        "共 {n} 家企业": "{n} firms",
        "上一页": "Previous",
        "下一页": "Next",
        "欢迎，{name}": "Welcome, {name}",
        "今天要做的事": "What to do today",
        "企业总数": "Firms",
        "楼宇数": "Buildings",
        "已发布政策": "Published policies",
        "待办诉求": "Open demands",
        "红色预警租约": "Red lease warnings",
        "黄色预警租约": "Amber lease warnings",
        "蓝色预警租约": "Blue lease warnings",
        "暂无数据": "No data yet",
        "单元": "Unit",
        "面积（㎡）": "Area (m²)",
        "到期日": "End date",
        "剩余天数": "Days left",
        "租户": "Tenant",
        "意向": "Intent",
        "出租率": "Occupancy",
        "可租面积": "Leasable area",
        "空置面积": "Vacant area",
        "在租面积": "Leased area",
        "新增用户": "Add user",
        "角色": "Role",
        "姓名": "Name",
        "范围": "Scope",
        "状态": "Status",
        "操作": "Actions",
        "全部": "All",
        "启用": "Enable",
        "停用": "Disable",
        "企业信用代码（企业用户）": "Firm USCC (firm users)",
        "楼宇（楼宇、物业用户）": "Buildings (building and property users)",
        "编辑": "Edit",
        "编辑用户": "Edit user",
        "部门": "Department",
        "（无）": "(none)",
        "负责的楼宇（楼宇、物业用户）": "Buildings in charge (building and property users)",
        "输入楼宇名称筛选": "Type to filter buildings",
        "重置密码": "Reset password",
        ("生成一个临时密码并只显示一次；该用户现有的登录随即失效，下次登录时须先设置新密码。"): (
            "Makes a temporary password, shown once; the user's sessions end at once, and the "
            "user sets a new password at the next login."
        ),
        "管理员已重置您的密码，请先设置新密码。": (
            "An administrator reset your password: set a new one first."
        ),
    }
)
