"""Shared pieces of the seed generator: seeds, writers, USCC codes, people and brand names."""

from __future__ import annotations

import csv
import gzip
import io
import random
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

SEED = 20221101
# Absolute dates (founding days) were drawn as if the seed were loaded on this day; every
# time-relative value is an offset and follows the real load day.
NOMINAL_LOAD_DAY = date(2026, 11, 1)
LOAD_MONTH = NOMINAL_LOAD_DAY.month  # month_offset −1 is the month before this one
ROSTER_EXPORT_DAY = date(2026, 10, 30)


def rng_for(part: str) -> random.Random:
    """A private random stream per generator step, all derived from SEED."""
    return random.Random(f"{SEED}:{part}")


def calendar_month(month_offset: int) -> int:
    """Calendar month (1–12) of a month offset, assuming the nominal load month."""
    return (LOAD_MONTH - 1 + month_offset) % 12 + 1


# --------------------------------------------------------------------------- writers


def cell(value: object) -> str:
    """Text of one CSV cell: None is blank, floats are never written here unformatted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        raise TypeError("format floats explicitly before writing")
    return str(value)


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    encoding: str = "utf-8",
    newline: str = "\n",
) -> int:
    count = 0
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, lineterminator=newline)
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(v) for v in row])
            count += 1
    return count


def write_csv_gz(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Gzipped UTF-8 CSV with a zero mtime and no file name, so the bytes never vary."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        count += 1
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(buf.getvalue().encode("utf-8"))
    return count


_FIXED_STAMP = "2026-10-30T09:00:00Z"


def normalise_xlsx(data: bytes) -> bytes:
    """Re-pack an xlsx with fixed timestamps so the same workbook gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>" + _FIXED_STAMP.encode() + rb"\g<3>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 10, 30, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


# --------------------------------------------------------------------------- USCC (GB 32100-2015)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997 organisation code
ORG_BODY_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _org_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 55  # A=10 … Z=35


def org_check_char(body8: str) -> str:
    c = 11 - sum(_org_value(ch) * w for ch, w in zip(body8, ORG_WEIGHTS, strict=True)) % 11
    return "0" if c == 11 else "X" if c == 10 else str(c)


def make_uscc(authority: str, category: str, region: str, org_body: str) -> str:
    """An 18-character code: authority, category, 6-digit region, org code + its check, check."""
    first17 = authority + category + region + org_body + org_check_char(org_body)
    return first17 + uscc_check_char(first17)


def is_valid_uscc(code: str) -> bool:
    """Both checks: the USCC check character and the embedded GB 11714 org-code check."""
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        return False
    if not code[2:8].isdigit():
        return False
    if code[16] != org_check_char(code[8:16]):
        return False
    return code[17] == uscc_check_char(code[:17])


# --------------------------------------------------------------------------- people

SURNAMES = [  # (character, pinyin, weight ~ frequency)
    ("王", "wang", 71),
    ("李", "li", 70),
    ("张", "zhang", 66),
    ("刘", "liu", 53),
    ("陈", "chen", 45),
    ("杨", "yang", 31),
    ("黄", "huang", 22),
    ("赵", "zhao", 20),
    ("吴", "wu", 20),
    ("周", "zhou", 19),
    ("徐", "xu", 17),
    ("孙", "sun", 15),
    ("马", "ma", 15),
    ("朱", "zhu", 14),
    ("胡", "hu", 13),
    ("郭", "guo", 12),
    ("何", "he", 12),
    ("高", "gao", 12),
    ("林", "lin", 11),
    ("罗", "luo", 10),
    ("郑", "zheng", 10),
    ("梁", "liang", 9),
    ("谢", "xie", 8),
    ("宋", "song", 8),
    ("唐", "tang", 7),
    ("许", "xu", 7),
    ("韩", "han", 7),
    ("冯", "feng", 7),
    ("邓", "deng", 7),
    ("曹", "cao", 7),
    ("彭", "peng", 6),
    ("曾", "zeng", 6),
    ("肖", "xiao", 6),
    ("田", "tian", 6),
    ("董", "dong", 6),
    ("袁", "yuan", 5),
    ("潘", "pan", 5),
    ("蒋", "jiang", 5),
    ("蔡", "cai", 5),
    ("余", "yu", 5),
    ("杜", "du", 5),
    ("叶", "ye", 5),
    ("程", "cheng", 5),
    ("苏", "su", 4),
    ("魏", "wei", 4),
    ("吕", "lv", 4),
    ("丁", "ding", 4),
    ("沈", "shen", 5),
    ("姚", "yao", 3),
    ("卢", "lu", 3),
    ("姜", "jiang", 3),
    ("崔", "cui", 3),
    ("钟", "zhong", 3),
    ("陆", "lu", 4),
    ("汪", "wang", 4),
    ("范", "fan", 3),
    ("金", "jin", 4),
    ("方", "fang", 4),
    ("邵", "shao", 3),
    ("钱", "qian", 3),
    ("俞", "yu", 3),
    ("楼", "lou", 2),
    ("应", "ying", 2),
    ("章", "zhang", 3),
]
GIVEN_CHARS = [
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("英", "ying"),
    ("华", "hua"),
    ("建", "jian"),
    ("文", "wen"),
    ("斌", "bin"),
    ("波", "bo"),
    ("辉", "hui"),
    ("鹏", "peng"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("晨", "chen"),
    ("昊", "hao"),
    ("子", "zi"),
    ("涵", "han"),
    ("欣", "xin"),
    ("怡", "yi"),
    ("梓", "zi"),
    ("萱", "xuan"),
    ("轩", "xuan"),
    ("博", "bo"),
    ("思", "si"),
    ("雨", "yu"),
    ("佳", "jia"),
    ("琪", "qi"),
    ("嘉", "jia"),
    ("一", "yi"),
    ("诺", "nuo"),
    ("俊", "jun"),
    ("凯", "kai"),
    ("婷", "ting"),
    ("颖", "ying"),
    ("瑶", "yao"),
    ("晓", "xiao"),
    ("海", "hai"),
    ("峰", "feng"),
    ("志", "zhi"),
    ("国", "guo"),
    ("红", "hong"),
    ("玲", "ling"),
    ("燕", "yan"),
    ("慧", "hui"),
    ("倩", "qian"),
    ("蕾", "lei"),
    ("鑫", "xin"),
    ("睿", "rui"),
    ("泽", "ze"),
    ("航", "hang"),
    ("彤", "tong"),
    ("悦", "yue"),
    ("楠", "nan"),
    ("阳", "yang"),
    ("亮", "liang"),
    ("飞", "fei"),
    ("云", "yun"),
    ("露", "lu"),
    ("琳", "lin"),
    ("立", "li"),
    ("新", "xin"),
    ("永", "yong"),
    ("春", "chun"),
    ("晶", "jing"),
    ("丹", "dan"),
    ("雪", "xue"),
]
_SURNAME_WEIGHTS = [w for _, _, w in SURNAMES]


def person(rng: random.Random) -> tuple[str, str]:
    """A Chinese personal name and its ASCII pinyin (surname + given, no spaces)."""
    s_char, s_py, _ = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    n = 1 if rng.random() < 0.3 else 2
    given = [rng.choice(GIVEN_CHARS) for _ in range(n)]
    return s_char + "".join(c for c, _ in given), s_py + "".join(p for _, p in given)


MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "147",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "198",
    "199",
]


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random) -> str:
    return f"0571-8{rng.randrange(10**6, 10**7):07d}"


# --------------------------------------------------------------------------- brand characters

BRAND_CHARS = [
    ("云", "yun"),
    ("帆", "fan"),
    ("数", "shu"),
    ("澜", "lan"),
    ("星", "xing"),
    ("辰", "chen"),
    ("智", "zhi"),
    ("联", "lian"),
    ("汇", "hui"),
    ("通", "tong"),
    ("恒", "heng"),
    ("信", "xin"),
    ("达", "da"),
    ("创", "chuang"),
    ("新", "xin"),
    ("华", "hua"),
    ("宇", "yu"),
    ("博", "bo"),
    ("远", "yuan"),
    ("鼎", "ding"),
    ("盛", "sheng"),
    ("泰", "tai"),
    ("安", "an"),
    ("嘉", "jia"),
    ("禾", "he"),
    ("启", "qi"),
    ("明", "ming"),
    ("睿", "rui"),
    ("思", "si"),
    ("卓", "zhuo"),
    ("越", "yue"),
    ("锐", "rui"),
    ("捷", "jie"),
    ("迅", "xun"),
    ("驰", "chi"),
    ("腾", "teng"),
    ("飞", "fei"),
    ("翔", "xiang"),
    ("鹏", "peng"),
    ("悦", "yue"),
    ("欣", "xin"),
    ("优", "you"),
    ("品", "pin"),
    ("尚", "shang"),
    ("雅", "ya"),
    ("致", "zhi"),
    ("臻", "zhen"),
    ("源", "yuan"),
    ("泉", "quan"),
    ("清", "qing"),
    ("澄", "cheng"),
    ("溪", "xi"),
    ("峰", "feng"),
    ("岭", "ling"),
    ("松", "song"),
    ("竹", "zhu"),
    ("兰", "lan"),
    ("桐", "tong"),
    ("枫", "feng"),
    ("橙", "cheng"),
    ("蓝", "lan"),
    ("青", "qing"),
    ("紫", "zi"),
    ("金", "jin"),
    ("玉", "yu"),
    ("晶", "jing"),
    ("光", "guang"),
    ("耀", "yao"),
    ("晨", "chen"),
    ("曦", "xi"),
    ("阳", "yang"),
    ("月", "yue"),
    ("天", "tian"),
    ("海", "hai"),
    ("川", "chuan"),
    ("江", "jiang"),
    ("灵", "ling"),
    ("犀", "xi"),
    ("麒", "qi"),
    ("麟", "lin"),
    ("鲸", "jing"),
    ("鹿", "lu"),
    ("极", "ji"),
    ("简", "jian"),
    ("易", "yi"),
    ("方", "fang"),
    ("格", "ge"),
    ("道", "dao"),
    ("众", "zhong"),
    ("和", "he"),
    ("融", "rong"),
    ("聚", "ju"),
    ("微", "wei"),
    ("码", "ma"),
    ("链", "lian"),
    ("端", "duan"),
    ("维", "wei"),
    ("度", "du"),
    ("点", "dian"),
    ("元", "yuan"),
    ("素", "su"),
    ("观", "guan"),
    ("视", "shi"),
    ("声", "sheng"),
    ("影", "ying"),
    ("画", "hua"),
    ("墨", "mo"),
    ("艺", "yi"),
    ("匠", "jiang"),
    ("谷", "gu"),
    ("巢", "chao"),
    ("舟", "zhou"),
    ("桥", "qiao"),
    ("港", "gang"),
    ("湾", "wan"),
    ("原", "yuan"),
    ("风", "feng"),
    ("雷", "lei"),
    ("虹", "hong"),
    ("霞", "xia"),
    ("雪", "xue"),
    ("石", "shi"),
    ("木", "mu"),
    ("林", "lin"),
    ("森", "sen"),
    ("丰", "feng"),
    ("瑞", "rui"),
    ("祥", "xiang"),
    ("福", "fu"),
    ("康", "kang"),
    ("宁", "ning"),
    ("诚", "cheng"),
    ("德", "de"),
    ("航", "hang"),
    ("策", "ce"),
    ("弈", "yi"),
    ("琴", "qin"),
    ("朗", "lang"),
    ("逸", "yi"),
    ("轩", "xuan"),
    ("宸", "chen"),
    ("昊", "hao"),
    ("昕", "xin"),
    ("晟", "sheng"),
    ("铭", "ming"),
    ("钧", "jun"),
    ("锦", "jin"),
    ("纬", "wei"),
    ("擎", "qing"),
    ("骏", "jun"),
    ("麦", "mai"),
    ("柚", "you"),
    ("杉", "shan"),
    ("柏", "bai"),
    ("樟", "zhang"),
    ("荟", "hui"),
    ("萃", "cui"),
    ("菁", "jing"),
    ("蔚", "wei"),
    ("芯", "xin"),
    ("钛", "tai"),
    ("铂", "bo"),
    ("凡", "fan"),
    ("芸", "yun"),
    ("心", "xin"),
    ("圆", "yuan"),
    ("园", "yuan"),
    ("桦", "hua"),
    ("凤", "feng"),
    ("合", "he"),
    ("荷", "he"),
    ("义", "yi"),
    ("宏", "hong"),
    ("弘", "hong"),
    ("栖", "qi"),
    ("栈", "zhan"),
    ("图", "tu"),
    ("衡", "heng"),
]
PINYIN = dict(BRAND_CHARS)


def homophones(ch: str) -> list[str]:
    """Other brand characters read the same way (for one-character hard negatives)."""
    py = PINYIN.get(ch)
    return [c for c, p in BRAND_CHARS if p == py and c != ch]


def brand_pinyin(brand: str) -> str:
    return "".join(PINYIN[c] for c in brand)
