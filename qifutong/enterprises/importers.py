"""Roster files → clean firm rows: every firm field of DESIGN §4 parsed, every problem noted.

A row is refused only when it has no usable name; anything else that does not fit (a bad
code, date or amount …) is flagged with file, row, field, value and what was expected, and
the field is left empty rather than guessed."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from qifutong import uscc as codes
from qifutong.enterprises.roster import near_codes
from qifutong.names import display_name, parse_names
from qifutong.spreadsheets import values as v
from qifutong.spreadsheets.columns import FIELD_LABELS, Column
from qifutong.spreadsheets.readers import Table
from qifutong.web.i18n import N_, Message, Phrase, translate

REJECTED, FLAGGED, REVIEW = "rejected", "flagged", "review"
ACTION_LABELS = {REJECTED: N_("未导入"), FLAGGED: "已导入，字段待核", REVIEW: "待人工复核"}

# Field → parser; money fields take the column's unit.
PARSERS: dict[str, Callable[[Any], Any]] = {
    "legal_rep": v.compact,
    "founded_on": v.a_date,
    "company_type": v.text,
    "status": v.status,
    "registered_address": v.text,
    "business_scope": v.text,
    "industry_code": v.industry_code,
    "industry_name": v.industry_by_name,
    "size_class": v.size_class,
    "headcount": v.integer,
    "qualifications": v.qualifications,
    "ip_patents": v.integer,
    "ip_software": v.integer,
    "ip_trademarks": v.integer,
    "registered_here": v.flag,
    "operates_here": v.flag,
    "tax_here": v.flag,
    "above_scale": v.flag,
    "building": v.text,
    "floor": v.floor,
    "room": v.room,
    "moved_in_on": v.a_date,
    "moved_out_on": v.a_date,
    "contact_name": v.compact,
    "contact_phone": v.phone,
    "email": v.email,
    "area_need": lambda x: v.money(x),
    "stage": v.stage,
    "grade": lambda x: _grade(x),
    "tags": lambda x: [
        t for t in v.compact(x).replace("，", ",").replace("、", ",").split(",") if t
    ],
    "note": v.text,
}
# Texts that are already what the field's parser gives (parsed without calling it).
PLAIN = {"contact_phone": v.PLAIN_MOBILE}
MONEY = ("registered_capital", "revenue", "tax")
_NOT_DIGIT = re.compile(r"[^\d\n]")  # newlines kept: see _mapped
FIELDS = ("name", "uscc", *MONEY, *PARSERS)


def _grade(value: Any) -> str:
    raw = v.compact(value).upper().removesuffix("类")
    if raw in ("A", "B", "C"):
        return raw
    raise v.Invalid(translate("重点企业等级 A、B 或 C"))


@dataclass
class Issue:
    """A refused or flagged cell, as the report lists it."""

    file_name: str
    row: int
    field: str
    value: str
    expected: str
    action: str  # rejected / flagged / review


@dataclass
class Rows:
    """The clean rows of one or more files; `frame` has one row per accepted data row."""

    frame: pd.DataFrame
    tables: list[Table] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rejected: int = 0
    notes: list[Message] = field(default_factory=list)


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value)


def json_safe(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def raw_rows(table: Table) -> tuple[list[dict[str, Any]], list[str]]:
    """Each data row as {header: value} (non-empty cells) and a key of its content (the same
    cells under the same headers give the same key, whatever the file or the row order)."""
    headers = [c.header or f"列{c.index + 1}" for c in table.columns]
    order = sorted(range(len(headers)), key=lambda i: headers[i])
    columns = [table.data[i].tolist() for i in range(len(headers))]
    raws: list[dict[str, Any]] = []
    keys: list[str] = []
    blake = hashlib.blake2b
    for values in zip(*columns, strict=True):
        raw = {
            h: (x if type(x) is str else json_safe(x))
            for h, x in zip(headers, values, strict=True)
            if x is not None
        }
        raws.append(raw)
        blob = "\x1f".join(f"{headers[i]}\x1e{raw[headers[i]]}" for i in order if headers[i] in raw)
        keys.append(blake(blob.encode("utf-8"), digest_size=16).hexdigest())
    return raws, keys


def _money_unit(col: pd.Series, column: Column, field_name: str) -> tuple[float, Phrase | None]:
    """A money column's unit: the header's, else 万元 when its bare numbers are mostly tiny
    (a street writing 注册资本 "500" means 500万元)."""
    if column.unit != 1.0 or field_name != "registered_capital":
        return column.unit, None
    # Each distinct value read as a number once; the median counts every row.
    cells, uniques = pd.factorize(col.to_numpy(dtype=object), use_na_sentinel=True)
    plain = np.array([isinstance(x, int | float | str) for x in uniques.tolist()], dtype=bool)
    numbers = np.full(len(uniques), np.nan)
    if plain.any():
        numbers[plain] = pd.to_numeric(pd.Series(uniques[plain], dtype=object), errors="coerce")
    bare = numbers[cells[cells >= 0]]
    bare = bare[~np.isnan(bare)]
    if len(bare) >= 5 and float(np.median(bare)) < 10_000:
        return 1e4, Phrase(
            "{header}列未注明单位且数值多小于1万，按万元计", {"header": column.header}
        )
    return 1.0, None


def address_key(value: Any) -> str:
    """An address as compared: no spaces or punctuation, no leading province/city/district."""
    return _address_key(v.compact(value))


# Each prefix in turn, as the text (or, for many texts at once, each line) starts with it.
_PREFIX = "(?:浙江省)?(?:浙江)?(?:杭州市)?(?:杭州)?(?:西湖区)?(?:西湖)?"
_ADDRESS_PREFIX = {False: re.compile(r"\A" + _PREFIX), True: re.compile("^" + _PREFIX, re.M)}


def _address_key(text: str, lines: bool = False) -> str:
    text = _ADDRESS_PREFIX[lines].sub("", text)
    return text.replace("(", "").replace(")", "").replace("号楼", "幢")


def read_rows(table: Table, buildings: Mapping[str, int] | None = None, table_no: int = 0) -> Rows:
    """Parse one table's rows into canonical firm fields (vectorised per distinct value)."""
    n = len(table)
    out: dict[str, Any] = {
        "table": np.full(n, table_no),
        "pos": np.arange(n),
        "file": np.full(n, table.file_name, dtype=object),
        "row": table.row_numbers,
    }
    issues: list[Issue] = []
    notes: list[Message] = []
    by_field = {c.field: c for c in table.columns if c.field}

    def flag(problems: np.ndarray, column: Column, action: str = FLAGGED) -> None:
        cells = table.data[column.index].to_numpy(dtype=object)
        for i in np.flatnonzero(problems != None).tolist():  # noqa: E711 - element-wise
            raw = cells[i]
            issues.append(
                Issue(
                    table.file_name,
                    int(table.row_numbers[i]),
                    column.header,
                    _show(raw),
                    str(problems[i]),
                    action,
                )
            )

    # Name: refused when empty.
    name_col = by_field["name"]
    raw_names = table.data[name_col.index]
    shown, _ = v.parse_column(raw_names, lambda x: display_name(v.nfkc(x)))
    too_short = np.array([s is not None and len(s) < 2 for s in shown], dtype=bool)
    ok = np.array([s is not None for s in shown], dtype=bool) & ~too_short
    for i in np.flatnonzero(~ok).tolist():
        issues.append(
            Issue(
                table.file_name,
                int(table.row_numbers[i]),
                name_col.header,
                _show(raw_names.iat[i]),
                "企业名称（必填，至少2个字）",
                REJECTED,
            )
        )
    out["name"] = shown
    parts_codes, parts_uniques = pd.factorize(pd.Series(shown, dtype=object), use_na_sentinel=True)
    for attr, parsed in parse_names(parts_uniques.tolist()).items():
        out[attr] = np.array([*parsed, ""], dtype=object)[parts_codes]

    # USCC: normalised; look-alike letters repaired; anything else flagged, never dropped.
    valid = np.full(n, "", dtype=object)
    raw_code = np.full(n, "", dtype=object)
    if "uscc" in by_field:
        column = by_field["uscc"]
        col = table.data[column.index]
        cc, uniq = pd.factorize(col.to_numpy(dtype=object), use_na_sentinel=True)
        ready = near_codes.valid_as_written(uniq)
        u_valid: list[str] = []
        u_raw: list[str] = []
        u_problem: list[str | None] = []
        for raw, fine in zip(uniq.tolist(), ready.tolist(), strict=True):
            if fine:
                u_valid.append(raw)
                u_raw.append("")
                u_problem.append(None)
                continue
            code = "" if v.is_empty(raw) else codes.normalise(raw)
            reason = codes.problem(code) if code else None
            fixed = codes.repaired(code) if reason else None
            if fixed:
                u_valid.append(fixed)
                u_raw.append("")
                u_problem.append(f"{reason}；已按易混字符更正为 {fixed}")
            elif reason:
                u_valid.append("")
                u_raw.append(code)
                u_problem.append(reason + "（应为18位统一社会信用代码）")
            else:
                u_valid.append(code)
                u_raw.append("")
                u_problem.append(None)
        u_valid.append("")
        u_raw.append("")
        u_problem.append("缺少统一社会信用代码（应为18位统一社会信用代码）")
        valid = np.array(u_valid, dtype=object)[cc]
        raw_code = np.array(u_raw, dtype=object)[cc]
        flag(np.array(u_problem, dtype=object)[cc], column)
    out["uscc"] = valid
    out["uscc_raw"] = raw_code

    for field_name in MONEY:
        money_col = by_field.get(field_name)
        if money_col is None:
            out[field_name] = np.full(n, None, dtype=object)
            continue
        col = table.data[money_col.index]
        unit, note = _money_unit(col, money_col, field_name)
        if note:
            notes.append(Phrase("{file}：{problem}", {"file": table.file_name, "problem": note}))
        out[field_name], problems = v.money_column(col, unit)
        flag(problems, money_col)

    for field_name, parser in PARSERS.items():
        field_col = by_field.get(field_name)
        if field_col is None:
            out[field_name] = np.full(n, None, dtype=object)
            continue
        out[field_name], problems = v.parse_column(
            table.data[field_col.index], parser, plain=PLAIN.get(field_name)
        )
        flag(problems, field_col)

    # An industry named in words fills a missing code.
    named = out["industry_name"]
    missing = np.array([c is None for c in out["industry_code"]], dtype=bool)
    out["industry_code"] = np.where(missing, named, out["industry_code"])

    # Buildings by name: exact (spaces and brackets aside), else the one name it contains.
    out["building_id"] = np.full(n, None, dtype=object)
    if not buildings and "building" in by_field:
        notes.append(Phrase("{file}：数据库中尚无楼宇，楼宇名称未匹配", {"file": table.file_name}))
    if buildings and "building" in by_field:
        lookup = {_building_key(k): b for k, b in buildings.items()}
        bcodes, buniq = pd.factorize(pd.Series(out["building"], dtype=object))
        ids: list[int | None] = []
        unmatched: list[str | None] = []
        for name in buniq:
            bid = _match_building(_building_key(name), lookup)
            ids.append(bid)
            unmatched.append(None if bid is not None else "本街道已登记的楼宇名称")
        ids.append(None)
        unmatched.append(None)
        out["building_id"] = np.array(ids, dtype=object)[bcodes]
        flag(np.array(unmatched, dtype=object)[bcodes], by_field["building"])

    # A refused row is reported once, for its name; its other cells do not matter.
    refused_rows = {int(table.row_numbers[i]) for i in np.flatnonzero(~ok)}
    issues = [i for i in issues if i.action == REJECTED or i.row not in refused_rows]
    frame = pd.DataFrame(out)
    frame = frame[ok].reset_index(drop=True)
    frame["legal_rep_key"] = frame["legal_rep"].fillna("")
    # Addresses are clean text already (values.text): only their spaces go.
    frame["address_key"] = _mapped(
        frame["registered_address"],
        lambda a: _address_key(a.replace(" ", "")),
        lines=lambda a: _address_key(a.replace(" ", ""), lines=True),
    )
    digits = partial(_NOT_DIGIT.sub, "")
    frame["phone_key"] = _mapped(frame["contact_phone"], digits, lines=digits)
    place = frame["building_id"].astype(str) + "|" + frame["room"].fillna("").astype(str)
    frame["place_key"] = np.where(frame["building_id"].notna() & frame["room"].notna(), place, "")
    return Rows(frame, [table], issues, int((~ok).sum()), notes)


def _mapped(
    col: pd.Series, fn: Callable[[Any], str], lines: Callable[[str], str] | None = None
) -> np.ndarray:
    """fn of each distinct value ("" for empty cells). `lines` does what fn does to many
    texts at once, given as lines (keeping the newlines); it serves when no text holds a
    newline itself."""
    cc, uniq = pd.factorize(col, use_na_sentinel=True)
    texts = np.asarray(uniq, dtype=object).tolist()
    keys = lines("\n".join(texts)).split("\n") if lines and texts else []
    if len(keys) != len(texts):
        keys = [*map(fn, texts)]
    return np.array([*keys, ""], dtype=object)[cc]


def _building_key(name: Any) -> str:
    return v.compact(name).replace("(", "").replace(")", "").lower()


def _match_building(key: str, lookup: Mapping[str, int]) -> int | None:
    if key in lookup:
        return lookup[key]
    hits = {b for k, b in lookup.items() if k and (k in key or key in k)}
    return hits.pop() if len(hits) == 1 else None


def combine(parts: list[Rows]) -> Rows:
    """Rows of several files as one (table numbers kept)."""
    frames = [p.frame for p in parts]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return Rows(
        frame,
        [t for p in parts for t in p.tables],
        [i for p in parts for i in p.issues],
        sum(p.rejected for p in parts),
        [m for p in parts for m in p.notes],
    )


def resolver_input(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns resolve() reads, from clean rows."""
    return pd.DataFrame(
        {
            "uscc": frame["uscc"].to_numpy(),
            "uscc_raw": frame["uscc_raw"].to_numpy(),
            "key": frame["key"].to_numpy(),
            "core": frame["core"].to_numpy(),
            "region": frame["region_key"].to_numpy(),
            "branch": frame["branch"].to_numpy(),
            "form": frame["form"].to_numpy(),
            "legal_rep": frame["legal_rep_key"].to_numpy(),
            "address": frame["address_key"].to_numpy(),
            "phone": frame["phone_key"].to_numpy(),
            "place": frame["place_key"].to_numpy(),
            "capital": pd.to_numeric(frame["registered_capital"], errors="coerce").to_numpy(
                np.float64
            ),
            "founded": day_numbers(frame["founded_on"]),
            "anchor": np.full(len(frame), -1, dtype=np.int64),
        }
    )


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Dates as days since 1970 (-1 where unknown), converting each distinct date once."""
    codes, uniques = pd.factorize(dates, use_na_sentinel=True)
    days = np.full(len(uniques) + 1, -1, dtype=np.int64)
    if len(uniques):
        stamps = pd.to_datetime(pd.Series(uniques, dtype=object), errors="coerce")
        known = stamps.notna().to_numpy()
        days[:-1][known] = stamps[known].to_numpy().astype("datetime64[D]").astype(np.int64)
    return days[codes]


LABELS = FIELD_LABELS
