"""English for the policies package's own vocabulary (levels, payout modes, kinds, categories)
and the phrases its offers are written in."""

WORDS = {
    # Issuer levels and payout modes
    "国家": "National",
    "浙江省": "Zhejiang",
    "杭州市": "Hangzhou",
    "西湖区": "Xihu District",
    "街道": "Street",
    "免申即享": "Automatic (no application)",
    "快申快享": "Fast track",
    "申请制": "By application",
    "已过期": "Expired",
    # Policy categories as the street files them
    "减税降费": "Tax relief",
    "高新技术企业": "High-tech enterprise",
    "稳岗就业": "Jobs and social insurance",
    "专精特新": "Specialised SMEs",
    "研发/科技创新": "R&D / innovation",
    "首台套": "First-of-a-kind equipment",
    "数字经济": "Digital economy",
    "融资/贷款贴息": "Finance / loan interest subsidy",
    "总部经济": "Headquarters",
    "技术改造": "Technology upgrading",
    "上市/股改": "Listing / shareholding reform",
    "人才引进": "Talent attraction",
    "房租补贴/楼宇经济": "Rent subsidy / building economy",
    "外贸出口": "Export",
    "服务业": "Services",
    "知识产权": "Intellectual property",
    "文化创意": "Culture and creative industries",
    # Funding kinds and service categories (activity kinds: policies.activities)
    "贷款": "Loan",
    "担保": "Guarantee",
    "股权投资": "Equity investment",
    "法律服务": "Legal services",
    "财税会计": "Tax and accounting",
    "人力资源": "Human resources",
    "券商与上市服务": "Brokers and listing services",
    "管理咨询": "Management consulting",
    "认证检测": "Certification and testing",
    # Offers' phrases
    "{summary}（{rate}，期限 {months} 个月）": "{summary} ({rate}, term {months} months)",
    "{summary}（期限 {months} 个月）": "{summary} (term {months} months)",
    "{summary}（{rate}）": "{summary} ({rate})",
    "{summary}（联系人：{contact}）": "{summary} (contact: {contact})",
    "{starts} · {place}。{summary}": "{starts} · {place}. {summary}",
}
WORDS.update({"不在楼宇内": "Not in a building", "未知行业": "Unknown industry"})
