"""Chinese characters as a typist confuses them (pure): sound keys from pinyin, look-alike
shapes, and the industry words of a firm name.

A firm's trade name typed with a homophone (芸/云, 途/图) or a look-alike character (备/各)
gets the same sound key as the registered one: every character is mapped to its look-alike
group's first member, then to its toneless pinyin. Done on whole columns with lookup tables
indexed by code point, so a million names take a fraction of a second."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import numpy as np

WIDTH = 24  # characters of a core that the sound key reads (cores are shorter)
# Look-alike characters seen in typed firm names (each group read as its first character).
LOOKALIKE_GROUPS = (
    "未末", "己已巳", "戊戌戍", "土士", "人入八", "天夭", "日曰", "王玉主", "大太犬", "田由甲申",
    "贝见", "折拆析", "拔拨", "侯候", "徽微", "晴睛", "鸟乌", "免兔", "壁璧", "崇祟", "赢嬴",
    "治冶", "幸辛", "宇字", "杨扬场", "锐税", "备各", "盈益", "伟传", "泰秦奉", "刺剌", "汩汨",
    "晨晟", "博搏", "创仓", "源原", "达这", "汪注", "肖宵", "衷哀", "今令", "宫官", "佳隹",
    "钱线", "鑫鎏", "淼森", "蓝篮", "蓬篷", "辨辩辫", "缘椽", "峰锋", "挑桃", "沫沬", "茶荼",
    "亨享", "浩皓", "拓柘", "颖颍", "瀚翰", "炜玮", "恒桓",
)  # fmt: skip
# Words that say what a firm does (the end of the core, after the trade name); longest first.
INDUSTRY_WORDS = (  # noqa: SIM905 - a list of words reads best as text
    "网络科技 信息技术 信息科技 网络技术 软件开发 软件技术 数据科技 数据技术 智能科技 智能技术 "
    "电子商务 文化传媒 文化创意 文化发展 文化艺术 广告 教育科技 教育咨询 企业管理咨询 企业管理 "
    "管理咨询 财务咨询 财务管理 商务咨询 信息咨询 建筑设计 建筑工程 工程技术 工程设计 生物科技 "
    "生物技术 医疗科技 医疗器械 医药科技 健康管理 贸易 商贸 进出口 供应链管理 供应链 投资管理 "
    "股权投资 创业投资 资产管理 投资咨询 投资 物业管理 物业服务 人力资源 劳务派遣 餐饮管理 餐饮 "
    "环保科技 环境科技 新能源科技 新能源 能源科技 检测技术 检测 知识产权代理 知识产权 会展服务 "
    "会展 旅游发展 旅游 旅行社 影视制作 影视传媒 影视 游戏开发 游戏 物联网技术 物联网 电子科技 "
    "电子技术 电子 通信技术 通信 计算机 互联网 数字科技 数字技术 云计算 大数据 人工智能 "
    "机器人 自动化 机械设备 设备 机械 电气 电器 仪器仪表 新材料 材料 化工 建材 装饰工程 装饰 "
    "装修 园林绿化 园林 景观设计 规划设计 设计 营销策划 策划 品牌管理 品牌 市场营销 营销 "
    "传媒 文化 艺术 体育发展 体育 娱乐 健身 美容 服饰 服装 食品 农业科技 农业 茶业 酒业 "
    "物流 运输 汽车服务 汽车 租赁 保险代理 保险经纪 金融信息服务 金融 实业 控股 集团 置业 "
    "房地产开发 房地产 咨询服务 技术服务 信息服务 服务 科技 技术 发展 咨询 管理 工程 开发"
).split()
_TONE_MARKS = re.compile(r"[\u0300-\u036f]")


SYLLABLES = Path(__file__).resolve().parents[2] / "data" / "pinyin_syllables.npz"


def syllable_ids() -> np.ndarray:
    """Code point (BMP) → id of its first toneless pinyin syllable, 0 for none, from
    pypinyin's dictionary: how data/pinyin_syllables.npz is made (`write_syllables()`),
    which spares every import the dictionary's import."""
    from pypinyin.pinyin_dict import pinyin_dict

    syllables: dict[str, int] = {}
    ids = np.zeros(0x10000, dtype=np.uint16)
    for point, readings in pinyin_dict.items():
        if point >= 0x10000:
            continue
        first = readings.split(",")[0]
        plain = _TONE_MARKS.sub("", unicodedata.normalize("NFD", first))
        ids[point] = syllables.setdefault(plain, len(syllables) + 1)
    ids[0] = 0
    return ids


def write_syllables() -> None:
    np.savez_compressed(SYLLABLES, ids=syllable_ids())


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(code point → look-alike group head, code point → toneless pinyin syllable id)."""
    shape = np.arange(0x10000, dtype=np.uint32)
    for group in LOOKALIKE_GROUPS:
        for ch in group[1:]:
            shape[ord(ch)] = ord(group[0])
    ids = np.load(SYLLABLES)["ids"] if SYLLABLES.is_file() else syllable_ids()
    # Not a syllable: the character itself.
    sound = np.where(ids > 0, ids, np.arange(0x10000, dtype=np.uint32) | (1 << 20))
    sound = sound.astype(np.uint32)
    sound[0] = 0
    return shape, sound


def _points(texts: np.ndarray) -> np.ndarray:
    """Code points of each text, (n, WIDTH), zero-padded; characters past the BMP become 0."""
    fixed = np.asarray(texts, dtype=f"U{WIDTH}")
    points = fixed.view(np.uint32).reshape(len(fixed), WIDTH).copy()
    points[points >= 0x10000] = 0
    return points


def sound_keys(texts: np.ndarray) -> np.ndarray:
    """One int64 per text: equal for texts that sound (or look) alike character by character."""
    if len(texts) == 0:
        return np.zeros(0, dtype=np.int64)
    shape, sound = _tables()
    ids = sound[shape[_points(texts)]].astype(np.uint64)
    mult = np.random.default_rng(20221101).integers(1, 2**62, size=WIDTH, dtype=np.uint64) | 1
    with np.errstate(over="ignore"):
        mixed = (ids * mult).sum(axis=1, dtype=np.uint64)
    return mixed.view(np.int64)


def alike_text(texts: np.ndarray) -> np.ndarray:
    """Each text with look-alike characters read as one (for similarity scores)."""
    if len(texts) == 0:
        return np.asarray(texts, dtype=object)
    shape, _ = _tables()
    points = shape[_points(texts)]
    return points.view(f"U{WIDTH}").reshape(len(texts)).astype(object)


_INDUSTRY = re.compile("(?:" + "|".join(sorted(INDUSTRY_WORDS, key=len, reverse=True)) + ")+$")


def split_trade(core: str) -> tuple[str, str]:
    """(trade name, industry words) of a name core: 云帆网络科技 → (云帆, 网络科技). A core
    made of industry words only is all trade name."""
    m = _INDUSTRY.search(core)
    if not m or m.start() == 0:
        return core, ""
    return core[: m.start()], m.group(0)
