"""The messy raw roster the street exports (xlsx) and a GBK CSV sample with other headers."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import datetime
from pathlib import Path

from _gen_common import (
    ROSTER_EXPORT_DAY,
    USCC_ALPHABET,
    landline,
    normalise_xlsx,
    rng_for,
    write_csv,
)
from _gen_firms import Firm
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROSTER_ROWS = 7073
MULTI_FIRMS = 1900
CANCELLED_IN_ROSTER = 30
BLANK_ROWS = 6
SAMPLE_ROWS = 300
SAMPLE_DUPLICATES = 50

# Canonical roster fields → header in the xlsx and in the GBK sample (synonyms on purpose).
XLSX_HEADERS = {
    "seq": "序号",
    "name": "单位名称",
    "legal_rep": "法人",
    "uscc": "信用代码",
    "building": "所在楼宇",
    "floor": "楼层",
    "room": "房号",
    "registered_capital": "注册资金",
    "founded_on": "成立时间",
    "company_type": "企业类型",
    "status": "登记状态",
    "industry_code": "行业代码",
    "size_class": "企业规模",
    "headcount": "从业人数",
    "revenue": "营业收入（万元）",
    "tax": "纳税总额（万元）",
    "qualifications": "企业资质",
    "ip_patents": "专利数",
    "ip_software": "软件著作权数",
    "ip_trademarks": "商标数",
    "registered_here": "注册在本街道",
    "operates_here": "实际经营在本街道",
    "tax_here": "税收在本街道",
    "above_scale": "规上企业",
    "registered_address": "注册地址",
    "business_scope": "经营范围",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "email": "电子邮箱",
    "note": "备注",
}
GBK_HEADERS = {
    "name": "企业名称",
    "uscc": "统一社会信用代码",
    "legal_rep": "法定代表人",
    "registered_capital": "注册资本",
    "founded_on": "成立日期",
    "status": "经营状态",
    "company_type": "公司类型",
    "industry_code": "国民经济行业代码",
    "size_class": "规模",
    "headcount": "员工人数",
    "revenue": "年营业收入(万元)",
    "tax": "年纳税额(万元)",
    "qualifications": "资质认定",
    "ip_patents": "专利",
    "ip_software": "软著",
    "ip_trademarks": "商标",
    "registered_address": "住所",
    "business_scope": "经营范围",
    "building": "楼宇名称",
    "floor": "所在楼层",
    "room": "室号",
    "registered_here": "是否注册在地",
    "operates_here": "是否在地经营",
    "tax_here": "是否在地纳税",
    "above_scale": "是否规上",
    "contact_name": "联系人姓名",
    "contact_phone": "手机号码",
    "email": "邮箱",
}
QUAL_NAMES = {
    "hightech": "高新技术企业",
    "tech_sme": "科技型中小企业",
    "specialised": "专精特新中小企业",
    "little_giant": "专精特新“小巨人”企业",
    "listed": "上市企业",
    "pre_ipo": "拟上市企业",
    "new_eagle": "新雏鹰企业",
    "rd_center": "市级以上研发中心",
}
SIZE_NAMES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型", "na": ""}
NOTES = ["楼宇走访补录", "税务数据比对", "物业报送", "市场监管推送", "社区网格采集"]

# Per-row probabilities of each kind of mess (the README lists the rates actually produced).
P = {
    "uscc_missing": 0.06,
    "uscc_lower": 0.03,
    "uscc_separators": 0.03,
    "uscc_typo": 0.015,
    "uscc_fullwidth": 0.005,
    "rep_missing": 0.04,
    "rep_swapped": 0.02,
    "name_variant_first": 0.04,
    "name_variant_dup": 0.55,
}


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


class Renderer:
    """Turns a true firm into one messy roster row (canonical keys), counting the mess."""

    def __init__(
        self,
        rng: random.Random,
        building_names: dict[str, str],
        firms: list[Firm],
        excel_dates: bool,
    ) -> None:
        self.rng = rng
        self.building_names = building_names
        self.people = [f.legal_rep for f in firms]
        self.excel_dates = excel_dates
        self.mess: Counter[str] = Counter()

    def pick(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def name(self, f: Firm, duplicate: bool) -> str:
        rng = self.rng
        if rng.random() >= P["name_variant_dup" if duplicate else "name_variant_first"]:
            return f.name
        kinds = {"spaces": 3, "suffix_swap": 2, "ideographic_space": 1}
        if f.kind == "company" and f.name.startswith(f.region + f.brand) and f.region == "杭州":
            kinds["region_in_brackets"] = 3
        if "（" in f.name:
            kinds["ascii_brackets"] = 4
        kind = self.pick(kinds)
        name = f.name
        if kind == "region_in_brackets":
            name = f"{f.brand}（{f.region}）{f.name[len(f.region + f.brand) :]}"
            if rng.random() < 0.3:
                name = name.replace("（", "(").replace("）", ")")
        elif kind == "ascii_brackets":
            name = name.replace("（", "(").replace("）", ")")
        elif kind == "suffix_swap" and name.endswith("有限责任公司"):
            name = name[: -len("有限责任公司")] + "有限公司"
        elif kind == "suffix_swap" and name.endswith("有限公司") and "股份" not in name[-6:]:
            name = name[: -len("有限公司")] + "有限责任公司"
        elif kind == "ideographic_space":
            cut = len(f.region) if name.startswith(f.region) else 2
            name = name[:cut] + "\u3000" + name[cut:]
        else:
            kind = "spaces"
            style = rng.randrange(3)
            if style == 0:
                name = " " + name + "  "
            elif style == 1:
                cut = len(f.region) if name.startswith(f.region) else 2
                name = name[:cut] + " " + name[cut:]
            else:
                name = name + " "
        self.mess["name_" + kind] += 1
        return name

    def uscc(self, code: str) -> str:
        rng = self.rng
        roll = rng.random()
        edges = [
            ("missing", P["uscc_missing"]),
            ("lower", P["uscc_lower"]),
            ("separators", P["uscc_separators"]),
            ("typo", P["uscc_typo"]),
            ("fullwidth", P["uscc_fullwidth"]),
        ]
        acc = 0.0
        kind = "clean"
        for k, p in edges:
            acc += p
            if roll < acc:
                kind = k
                break
        if kind == "lower" and not any(c.isalpha() for c in code):
            kind = "separators"
        self.mess["uscc_" + kind] += 1
        if kind == "missing":
            return ""
        if kind == "lower":
            return code.lower()
        if kind == "separators":
            sep = rng.choice([" ", "-"])
            parts = (
                [code[:2], code[2:8], code[8:17], code[17]]
                if rng.random() < 0.5
                else [code[i : i + 4] for i in range(0, 18, 4)]
            )
            return sep.join(parts)
        if kind == "typo":
            i = rng.randrange(8, 17)
            if code[i] in "01" and rng.random() < 0.5:
                return code[:i] + {"0": "O", "1": "I"}[code[i]] + code[i + 1 :]
            alt = rng.choice([c for c in USCC_ALPHABET if c != code[i]])
            return code[:i] + alt + code[i + 1 :]
        if kind == "fullwidth":
            return _fullwidth(code)
        return code

    def legal_rep(self, f: Firm) -> str:
        roll = self.rng.random()
        if roll < P["rep_missing"]:
            self.mess["rep_missing"] += 1
            return ""
        if roll < P["rep_missing"] + P["rep_swapped"]:
            self.mess["rep_swapped"] += 1
            if f.contact_name and f.contact_name != f.legal_rep:
                return f.contact_name
            while True:
                other = self.rng.choice(self.people)
                if other != f.legal_rep:
                    return other
        return f.legal_rep

    def capital(self, f: Firm) -> object:
        cap = f.registered_capital
        if cap is None:
            return ""
        kind = self.pick(
            {"wan_yuan": 35, "yuan_commas": 15, "wan_rmb": 12, "plain": 35, "blank": 3}
        )
        self.mess["capital_" + kind] += 1
        wan = cap / 10000
        wan_text = f"{wan:.0f}" if wan == int(wan) else f"{wan:g}"
        if kind == "wan_yuan":
            return f"{wan_text}万元"
        if kind == "yuan_commas":
            return f"{cap:,}元"
        if kind == "wan_rmb":
            return f"{wan:.6f}万人民币" if self.rng.random() < 0.35 else f"{wan_text}万人民币"
        if kind == "plain":
            return cap
        return ""

    def founded(self, f: Firm) -> object:
        d = f.founded_on
        kind = self.pick(
            {
                "excel": 40 if self.excel_dates else 0,
                "iso": 25 + (0 if self.excel_dates else 40),
                "slash": 20,
                "chinese": 12,
                "blank": 3,
            }
        )
        self.mess["date_" + kind] += 1
        if kind == "excel":
            return datetime(d.year, d.month, d.day)
        if kind == "iso":
            return d.isoformat()
        if kind == "slash":
            return f"{d.year}/{d.month}/{d.day}"
        if kind == "chinese":
            return f"{d.year}年{d.month}月{d.day}日"
        return ""

    def headcount(self, f: Firm) -> object:
        kind = self.pick({"number": 80, "with_unit": 9, "blank": 11})
        self.mess["headcount_" + kind] += 1
        if kind == "number":
            return f.headcount
        return f"{f.headcount}人" if kind == "with_unit" else ""

    def flag(self, value: bool) -> str:
        return "" if self.rng.random() < 0.08 else ("是" if value else "否")

    def render(self, f: Firm, duplicate: bool) -> dict[str, object]:
        rng = self.rng
        row: dict[str, object] = {
            "name": self.name(f, duplicate),
            "uscc": self.uscc(f.uscc),
            "legal_rep": self.legal_rep(f),
        }
        row["registered_capital"] = self.capital(f)
        row["founded_on"] = self.founded(f)
        row["company_type"] = f.company_type if rng.random() > 0.05 else ""
        row["status"] = {
            "active": rng.choice(["存续", "存续", "在业"]),
            "moved_out": "迁出",
            "cancelled": "注销",
        }[f.status]
        code = f.industry_code
        row["industry_code"] = rng.choices([code, f.section + code, ""], weights=[88, 5, 7])[0]
        row["size_class"] = SIZE_NAMES[f.size_class] if rng.random() > 0.2 else ""
        row["headcount"] = self.headcount(f)
        has_money = f.status == "active" and f.operates_here and rng.random() > 0.25
        row["revenue"] = round(f.revenue12 / 1e4, 2) if has_money else ""
        row["tax"] = round(f.tax12 / 1e4, 2) if has_money and f.tax_here else ""
        quals = [QUAL_NAMES[q] for q in f.qualifications]
        row["qualifications"] = (
            rng.choice(["、", "，", "；", ","]).join(quals)
            if (quals and rng.random() > 0.1)
            else ""
        )
        ip_known = rng.random() > 0.15
        for k, v in zip(("ip_patents", "ip_software", "ip_trademarks"), f.ip, strict=True):
            row[k] = v if ip_known else ""
        address = f.registered_address
        if address and rng.random() < 0.05:
            address = "浙江省" + address
        row["registered_address"] = address if rng.random() > 0.05 else ""
        scope = f.business_scope
        if rng.random() < 0.05:
            scope = scope[:60]
        row["business_scope"] = scope if rng.random() > 0.08 else ""
        if f.building_code and rng.random() > 0.04:
            name = self.building_names[f.building_code]
            row["building"] = name + (" " if rng.random() < 0.03 else "")
            fl = f.floor
            row["floor"] = rng.choices(
                [fl, f"{fl}层", f"{fl}F", f"{fl}楼", ""], weights=[60, 20, 10, 5, 5]
            )[0]
            row["room"] = rng.choices([f.room, f"{f.room}室", ""], weights=[80, 12, 8])[0]
        else:
            row["building"] = row["floor"] = row["room"] = ""
        row["registered_here"] = self.flag(f.registered_here)
        row["operates_here"] = self.flag(f.operates_here)
        row["tax_here"] = self.flag(f.tax_here)
        row["above_scale"] = "" if rng.random() < 0.1 else ("是" if f.above_scale else "否")
        row["contact_name"] = f.contact_name if rng.random() > 0.1 else ""
        phone = f.contact_phone
        kind = self.pick({"plain": 80, "dashes": 8, "spaces": 4, "landline": 3, "blank": 5})
        row["contact_phone"] = {
            "plain": phone,
            "dashes": f"{phone[:3]}-{phone[3:7]}-{phone[7:]}",
            "spaces": f"{phone[:3]} {phone[3:7]} {phone[7:]}",
            "landline": landline(rng),
            "blank": "",
        }[kind]
        row["email"] = f.email if rng.random() > 0.15 else ""
        row["note"] = rng.choice(NOTES) if duplicate and rng.random() < 0.5 else ""
        return row


def roster_plan(firms: list[Firm]) -> list[Firm]:
    """The firms of the roster, one entry per row (duplicates included), in sheet order."""
    rng = rng_for("roster")
    members = [f for f in firms if f.status in ("active", "moved_out")]
    cancelled = [f for f in firms if f.status == "cancelled"]
    members += rng.sample(cancelled, CANCELLED_IN_ROSTER)
    extra = ROSTER_ROWS - len(members)
    multi = rng.sample(members, MULTI_FIRMS)
    copies = dict.fromkeys((f.key for f in multi), 1)
    left = extra - MULTI_FIRMS
    while left:
        k = rng.choice(multi).key
        if copies[k] < 3:
            copies[k] += 1
            left -= 1
    rng.shuffle(members)
    # A quarter of the copies sit right below their twin, as merged source lists often do.
    adjacent: Counter[str] = Counter()
    scattered = []
    for f in multi:
        for _ in range(copies[f.key]):
            if rng.random() < 0.25:
                adjacent[f.key] += 1
            else:
                scattered.append(f)
    plan = []
    for f in members:
        plan.append(f)
        plan.extend([f] * adjacent[f.key])
    for f in scattered:
        plan.insert(rng.randrange(len(plan) + 1), f)
    assert len(plan) == ROSTER_ROWS
    return plan


def write_roster(
    path: Path,
    truth_path: Path,
    plan: list[Firm],
    building_names: dict[str, str],
    firms: list[Firm],
) -> Counter[str]:
    rng = rng_for("roster-render")
    renderer = Renderer(rng, building_names, firms, excel_dates=True)
    seen: set[str] = set()
    rows = []
    for f in plan:
        rows.append((f, renderer.render(f, duplicate=f.key in seen)))
        seen.add(f.key)
    blanks = sorted(rng.sample(range(100, len(rows) - 100), BLANK_ROWS))
    wb = Workbook()
    ws = wb.active
    ws.title = "企业名录"
    headers = list(XLSX_HEADERS.values())
    width = len(headers)
    ws.append(["古荡街道在册企业名录（2026年复核）"])
    export = ROSTER_EXPORT_DAY
    ws.append(
        [
            f"导出日期：{export.year}年{export.month}月{export.day}日　　"
            "数据来源：市场监管登记、税务、楼宇走访汇总"
        ]
    )
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(headers)
    for c in ws[3]:
        c.font = Font(bold=True)
    truth = []
    seq = 0
    sheet_row = 3  # two title rows and the header
    blank_at = set(blanks)
    date_col = list(XLSX_HEADERS).index("founded_on") + 1
    for i, (f, row) in enumerate(rows):
        if i in blank_at:
            ws.append([])
            sheet_row += 1
        seq += 1
        sheet_row += 1
        row["seq"] = seq
        ws.append([row[k] for k in XLSX_HEADERS])
        truth.append((sheet_row, f.key))
        if isinstance(row["founded_on"], datetime):
            ws.cell(row=sheet_row, column=date_col).number_format = rng.choice(
                ["yyyy-mm-dd", "yyyy/m/d", "yyyy年m月d日"]
            )
    ws.append(["合计", f"共{seq}条记录"])
    ws.freeze_panes = "A4"
    for col, w in zip("ABCDEFGHIJ", (6, 36, 10, 22, 18, 6, 8, 14, 12, 28), strict=False):
        ws.column_dimensions[col].width = w
    wb.properties.creator = "古荡街道经济发展办公室"
    wb.properties.created = wb.properties.modified = datetime(2026, 10, 30, 9, 0, 0)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(normalise_xlsx(buf.getvalue()))
    write_csv(truth_path, ["sheet_row", "firm_key"], truth)
    return renderer.mess


def write_gbk_sample(
    path: Path, truth_path: Path, firms: list[Firm], building_names: dict[str, str]
) -> int:
    """~300 roster rows as a GBK CSV (Windows line ends) with the other header synonyms."""
    rng = rng_for("roster-gbk")
    pool = [f for f in firms if f.status in ("active", "moved_out")]
    picked = rng.sample(pool, SAMPLE_ROWS - SAMPLE_DUPLICATES)
    plan = picked + rng.sample(picked, SAMPLE_DUPLICATES)
    rng.shuffle(plan)
    renderer = Renderer(rng, building_names, firms, excel_dates=False)
    seen: set[str] = set()
    rows, truth = [], []
    for line, f in enumerate(plan, start=2):
        row = renderer.render(f, duplicate=f.key in seen)
        seen.add(f.key)
        rows.append(
            [f"{v:.2f}" if isinstance(v, float) else v for v in (row[k] for k in GBK_HEADERS)]
        )
        truth.append((line, f.key))
    write_csv(path, list(GBK_HEADERS.values()), rows, encoding="gbk", newline="\r\n")
    write_csv(truth_path, ["sheet_row", "firm_key"], truth)
    return len(rows)
