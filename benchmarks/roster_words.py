"""What the generated firms and their misspellings are made of: trade names, industry words,
legal forms, people, places, and the characters a typist confuses by sound or by shape."""

from __future__ import annotations

BRAND = (
    "云星恒瑞博创远航泰安嘉华盛达鑫源宏图立信正和天成明德永康新锐智联汇通金鼎晨曦卓越"
    "海纳聚贤弘毅睿思华夏致远鼎力臻品优途启明乐享易达通达利民诚信万象景行尚品同创合众"
    "光启青禾知行素问长风逸凡晴川松石兰亭竹溪枫林梧桐银河北辰南山东篱西岭望舒羲和"
)
WORDS = (
    "网络科技", "信息技术", "软件开发", "数据科技", "智能科技", "电子商务", "文化传媒",
    "广告", "教育科技", "企业管理咨询", "财务咨询", "建筑设计", "工程技术", "生物科技",
    "医疗科技", "贸易", "供应链管理", "投资管理", "物业管理", "人力资源", "餐饮管理",
    "环保科技", "新能源科技", "检测技术", "知识产权代理", "会展服务", "旅游发展",
    "影视制作", "游戏开发", "物联网技术",
)  # fmt: skip
# The words of a shareholding platform beside a company (合伙企业 siblings).
PLATFORM_WORDS = ("企业管理", "投资管理", "股权投资", "创业投资", "企业管理咨询")
FORMS = ("有限公司", "有限责任公司", "股份有限公司", "合伙企业（有限合伙）")
PARTNERSHIP = "合伙企业（有限合伙）"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲琳晨宇浩然欣怡子涵梓轩佳琪俊"
ROADS = ("古墩路", "文三路", "文二西路", "古翠路", "天目山路", "学院路", "莫干山路", "西溪路")
BUILDINGS = ("云栖大厦", "华星科技大厦", "古荡湾商务中心", "翠苑创业园", "西溪国际", "浙商财富中心")
REGIONS = {"杭州": "330106", "浙江": "330000", "上海": "310115", "北京": "110108", "深圳": "440305"}
QUALS = ("高新技术企业", "科技型中小企业", "专精特新中小企业", "拟上市企业")
SIZES = ("微型", "小型", "中型", "大型")
# Characters a typist hears alike (the first of each group is how the firm registered it).
HOMOPHONES = (
    "云芸耘昀", "途图涂", "明铭鸣名", "荣融容蓉", "华骅桦", "鑫新欣馨", "盛晟胜", "恒衡珩",
    "瑞锐睿", "博柏泊", "源元远园", "宏弘鸿泓", "嘉佳家", "信欣", "正政", "天添", "成诚城承",
    "德得", "智志致", "联连", "汇慧惠", "通同彤", "金锦晋", "晨辰宸", "越悦跃", "聚巨炬",
    "思斯", "力立利励", "优悠佑", "启琪麒", "享翔祥", "易亿艺逸", "景京晶菁", "行星兴",
    "尚上", "合和禾", "光广", "青清晴", "长昌", "风丰峰枫", "凡帆繁", "川传", "松嵩",
    "石时", "兰蓝岚", "亭婷庭", "竹筑", "溪西曦", "林霖琳", "银寅", "南楠", "东冬栋",
    "望旺", "舒书", "羲曦", "航杭", "达大", "泰太", "安岸", "康慷", "卓灼", "贤弦",
)  # fmt: skip
# Characters a typist reads alike.
LOOKALIKES = (
    "未末", "己已", "土士", "天夭", "王玉", "大太", "贝见", "拔拨", "侯候", "徽微", "晴睛",
    "崇祟", "赢嬴", "治冶", "幸辛", "宇字", "杨扬", "锐税", "备各", "泰秦", "刺剌", "汩汨",
    "折拆", "壁璧", "鸟乌", "免兔", "析折", "晨晟", "博搏", "创仓", "源原", "达这",
)  # fmt: skip


def _confusable(groups: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for g in groups:
        for c in g:
            out.setdefault(c, g)
    return out


_SOUNDS = _confusable(HOMOPHONES)
_SHAPES = _confusable(LOOKALIKES)
