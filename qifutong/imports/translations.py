"""English for the import and review pages."""

TRANSLATIONS = {
    "导入企业": "Import firms",
    "复核企业": "Review firms",
    (
        "上传街道的企业名录（.xlsx，或 UTF-8 / GBK 编码的 .csv，可"
        "一次选多个文件）。表头上方的标题行、合并单元格、空行与合计行会自动跳过；常见列名"
        "（企业名称/单位名称、统一社会信用代码/信用代码、法定代表人/法人……）都能识别"
        "。"
    ): (
        "Upload the street's firm rosters (.xlsx, or .csv in UTF-8 or GBK; several files at "
        "once). Title rows above the header, merged cells, blank and total rows are skipped; "
        "the usual column names (企业名称/单位名称, 统一社会信用代码/信用代码, 法定代表人/法人 …) "
        "are recognised."
    ),
    (
        "同一企业的多行会按统一社会信用代码与名称、法人、地址合并；拿不准的成对记录进入“"
        "复核企业”。导入要么全部成功，要么不改动数据库；同一文件再次导入不会重复。每个有"
        "问题的单元格都列在报告中（文件、行号、字段、原值、应为）。"
    ): (
        "Rows of the same firm are merged by credit code, name, legal representative and "
        "address; pairs the importer is unsure of go to “Review firms”. An import commits "
        "whole or not at all; importing the same file again changes nothing. Every problem "
        "cell is listed in the report (file, row, field, value, expected)."
    ),
    "文件": "File",
    "只检查，不导入": "Check only, do not import",
    "上传并导入": "Upload and import",
    "上传中": "Uploading",
    "有 {n} 对企业待人工复核。": "{n} pairs of firms wait for review.",
    "去复核": "Review them",
    "导入记录": "Imports",
    "时间（UTC）": "Time (UTC)",
    "行数": "Rows",
    "新建": "Created",
    "合并": "Merged",
    "拒绝": "Refused",
    "待复核": "To review",
    "报告": "Report",
    "导入失败": "Import failed",
    "导入完成": "Import finished",
    "检查完成（未写入数据库）": "Check finished (nothing written)",
    "下载问题报告": "Download the problem report",
    "读取行数": "Rows read",
    "新建企业": "Firms created",
    "合并的行": "Rows merged",
    "拒绝的行": "Rows refused",
    "企业总数": "Firms in total",
    "更新的企业": "Firms updated",
    "已导入过的行": "Rows imported before",
    "有标记的行": "Rows flagged",
    (
        "导入时无法确定是否为同一企业的成对记录。对比两边的证据后选择“合并”或“保持独立"
        "”；决定会被记住，以后重新导入时照此处理。信用代码不同、地区不同、分公司与总公司"
        "永远不会合并。"
    ): (
        "Pairs the import could not tell apart. Compare the evidence and choose “merge” or "
        "“keep apart”; the decision is remembered and later imports follow it. Firms with "
        "different credit codes or regions, and a branch and its parent, are never merged."
    ),
    "待复核 {n} 对": "{n} pairs to review",
    "相似度": "Similarity",
    "匹配可能性": "Chance of one firm",
    "合并依据": "Why merged",
    "企业甲": "Firm A",
    "企业乙": "Firm B",
    "企业名称": "Name",
    "统一社会信用代码": "Credit code",
    "法定代表人": "Legal representative",
    "注册地址": "Registered address",
    "联系电话": "Phone",
    "成立日期": "Founded",
    "房号": "Room",
    "行业": "Industry",
    "来源行": "Source rows",
    "合并为同一企业": "Merge into one firm",
    "保持独立": "Keep apart",
    "不能合并：": "Cannot merge: ",
    "企业页": "Firm page",
    "暂无待复核的企业。": "Nothing to review.",
}
