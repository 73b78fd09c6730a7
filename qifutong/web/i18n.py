"""Simplified Chinese by default, English on request: the UI text is Chinese, mapped to English."""

from __future__ import annotations

import re
from collections.abc import Mapping

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
    """The request's language, worked out once per request (g lives as long as the request):
    the one chosen for the session, else for the API the one its Accept-Language header asks
    for, else Chinese; Chinese outside a request (commands, jobs, the API's stored texts)."""
    if not has_request_context():
        return "zh"
    loc = getattr(g, "locale", None)
    if loc:
        return str(loc)
    loc = session.get("locale") if request else None
    if loc not in LOCALES and request and request.path.startswith("/api/"):
        loc = request.accept_languages.best_match(LOCALES)
    loc = loc if loc in LOCALES else "zh"
    if request:
        g.locale = loc
    return loc


def translate(text: str, /, **values: object) -> str:
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


class Phrase(str):
    """Platform text kept as its Chinese template and values until shown: text built where no
    request decides the language (a cached offer, a job, an error) reads in each viewer's
    language. A value may be a Phrase itself (translated too), a list of values (listed as the
    locale writes lists) or data (kept as it is).

    As a string it is the Chinese text (compared, searched, joined and stored as Chinese, as
    the platform's text always was); shown (str, format, a template) it is in the current
    locale."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, values: Mapping[str, object] | None = None) -> Phrase:
        values = dict(values or {})
        chinese = template.format(**{k: _zh(v) for k, v in values.items()}) if values else template
        self = super().__new__(cls, chinese)
        self.template, self.values = template, values
        return self

    def zh(self) -> str:
        """The Chinese text, whatever the current locale."""
        return str.__str__(self)

    def __str__(self) -> str:
        values = {k: _shown_value(v) for k, v in self.values.items()}
        return translate(self.template, **values)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __reduce__(self) -> tuple[object, ...]:
        return (Phrase, (self.template, dict(self.values)))


def _zh(value: object) -> object:
    if isinstance(value, Phrase):
        return value.zh()
    if isinstance(value, list | tuple):
        return "、".join(str(_zh(v)) for v in value)
    return value


def _shown_value(value: object) -> str:
    if isinstance(value, list | tuple):
        return join([_shown_value(v) for v in value])
    return str(value)


Message = str | Phrase  # what an error or a result says: text, or a Phrase read when shown


def message_of(exc: BaseException) -> Message:
    """What an error says, kept as a Phrase when it was raised with one."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Phrase) else str(exc)


def stored(message: object) -> object:
    """A message as JSON keeps it (a job's result or failure): a Phrase as its template and
    values, so that each viewer reads it in their own language (see `shown`)."""
    if isinstance(message, Phrase):
        values = {k: _stored_value(v) for k, v in message.values.items()}
        return {"template": message.template, "values": values}
    return message


def _stored_value(value: object) -> object:
    if isinstance(value, Phrase):
        return stored(value)
    if isinstance(value, list | tuple):
        return [_stored_value(v) for v in value]
    return str(value)


def _unstored(message: object) -> object:
    if isinstance(message, dict) and "template" in message:
        values = message.get("values") or {}
        return Phrase(str(message["template"]), {k: _unstored(v) for k, v in values.items()})
    if isinstance(message, list):
        return [_unstored(v) for v in message]
    return message


def shown(message: object) -> str:
    """A message in the current locale: a Phrase, a stored Phrase (see `stored`), or text (the
    platform's words are translated, anything else is kept as it is)."""
    message = _unstored(message)
    if isinstance(message, Phrase):
        return str(message)
    return term(str(message)) if message is not None else ""


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
# Messages: what a login, an account or an administrator's change answers.
register_translations(
    {
        "密码至少需要 {n} 个字符": "A password needs at least {n} characters",
        "该密码过于常见，容易被猜中，请换一个": (
            "This password is too common and easy to guess; choose another"
        ),
        "密码不能包含用户名、姓名或邮箱": (
            "A password may not contain the username, the name or the email address"
        ),
        "当前密码不正确": "The current password is wrong",
        "角色无效": "Not a valid role",
        "企业用户需要填写其企业的统一社会信用代码": "A firm user needs the firm's credit code",
        "楼宇、物业用户至少需要负责一栋楼宇": (
            "A building or property user needs at least one building in charge"
        ),
        "两次输入的新密码不一致": "The two new passwords differ",
        "密码已修改，请用新密码重新登录。": "Password changed: log in again with the new one.",
        "令牌 {prefix}… 已吊销。": "Token {prefix}… revoked.",
        "没有统一社会信用代码为 {code} 的企业。": "No firm has the credit code {code}.",
        "用户已创建。": "User added.",
        "不能停用自己的账号。": "You cannot disable your own account.",
        "已启用“{name}”：可以重新登录。": "“{name}” enabled: they can log in again.",
        "已停用“{name}”：不能再登录，其 API 令牌同时失效。": (
            "“{name}” disabled: they can no longer log in, and their API tokens stop working."
        ),
        "不能修改自己的角色。": "You cannot change your own role.",
        "已保存“{name}”的账号信息。": "“{name}”'s account saved.",
        (
            "已重置“{name}”的密码。临时密码：{password}"
            "（只显示这一次，请当面或电话告知本人）；该用户登录后须先设置新密码。"
        ): (
            "“{name}”'s password reset. Temporary password: {password} (shown this once: tell "
            "the person face to face or by phone); they set a new password at their next login."
        ),
        "输入中含有无法识别的字符。": "The input holds a character that cannot be read.",
    }
)

# Messages: what a form, an import or a job answers.
register_translations(
    {
        "不能超过 {n} 个字符": "cannot be longer than {n} characters",
        "不能包含空字符": "cannot contain a NUL character",
        "数值过大": "number too large",
        "该记录刚被他人处理或修改，请刷新页面后再试。": (
            "Someone else has just changed this record: reload the page and try again."
        ),
        "“{value}…”{problem}，请修改后重试。": "“{value}…” {problem}: correct it and try again.",
        "应在 {first} 与 {last} 之间": "should be between {first} and {last}",
        "应为 JSON 对象": "should be a JSON object",
        "未知的任务类型：{kind}": "Unknown kind of job: {kind}",
        "新的接口令牌": "New API token",
        "请立即复制保存，此令牌只显示这一次：": "Copy it now: this token is shown only this once:",
        "修改密码": "Change password",
        "修改后，所有已登录的设备都需要重新登录。": (
            "After the change, every device logged in must log in again."
        ),
        "当前密码": "Current password",
        "新密码": "New password",
        "再输一次": "Again",
        "接口令牌": "API tokens",
        "供其他系统或脚本调用本平台接口，权限与您的账号相同。不再使用的令牌请及时吊销。": (
            "For other systems or scripts calling this platform's API, with your account's "
            "rights. Revoke a token you no longer use."
        ),
        "令牌开头": "Token starts with",
        "创建时间": "Created",
        "最近使用": "Last used",
        "从未": "Never",
        "长期": "No end",
        "已吊销": "Revoked",
        "有效": "Valid",
        "吊销": "Revoke",
        "暂无令牌": "No tokens yet",
        "30 天": "30 days",
        "90 天": "90 days",
        "一年": "One year",
        "生成新令牌": "Make a new token",
        "也可用命令行：": "Or on the command line:",
        "任务在后台进行，可以关闭本页，稍后回到这里查看结果。": (
            "The job runs in the background: you may close this page and come back later fo"
            "r the result."
        ),
        "任务失败": "Job failed",
        "任务已完成。": "Job done.",
    }
)
# What an input that does not fit its model answers (qifutong.inputs).
register_translations(
    {
        "必填": "required",
        "不是可写字段": "not a field that can be written",
        "应为文本": "should be text",
        "不能超过 {max_length} 个字符": "cannot be longer than {max_length} characters",
        "应为整数": "should be a whole number",
        "应为整数（数值过大）": "should be a whole number (this one is too large)",
        "应为数字": "should be a number",
        "应大于 {gt}": "should be above {gt}",
        "应不小于 {ge}": "should be at least {ge}",
        "应小于 {lt}": "should be below {lt}",
        "应不大于 {le}": "should be at most {le}",
        "应为日期 YYYY-MM-DD": "should be a date YYYY-MM-DD",
        "应为 {expected} 之一，收到 {input}": "should be one of {expected}, not {input}",
        "应为列表": "should be a list",
        "最多 {max_length} 项": "at most {max_length} items",
        "应为对象": "should be an object",
        "不能包含空字符（\\0）": "cannot contain a NUL character (\\0)",
    }
)
