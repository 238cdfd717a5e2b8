"""The shipped defaults (ADR 0501): the rule set of SPEC §5 and the two indicator systems.

Plain data, loaded idempotently by :func:`assessment.services.ensure_defaults` (from the data
migration and from ``seed_demo``); after that the rows are what counts and the province edits them.

The Liaoning provincial system has the six dimensions and 1 000 points of SPEC §5. Its 53
indicators are not in the seeds: the default ships a representative set per dimension (weights
total exactly) that the province completes; the national ETDZ system has the 2021 weights.
"""

from __future__ import annotations

RULE_SET = {
    "name": "辽宁省开发区考核评价规则（默认）",
    "effective_year": 2020,
    "efficacy_floor": "60",
    "source": "绩效薪酬总量原则上控制在同级政府全额拨款事业单位绩效薪酬总量的5倍以内（000 §9）；"
    "等次系数参照河南省开发区做法（优秀5、良好3、合格2、不合格0）；结果运用见003、004。",
}

# group, kind, n, years, code, label, source
CONSEQUENCES = [
    ("provincial", "bottom", "10", 1, "interview", "约谈", "003：排名后10位的约谈"),
    ("provincial", "bottom", "5", 1, "notice", "通报并责令整改", "003：排名后5位的通报、责令整改"),
    ("provincial", "bottom", "3", 2, "delisting", "摘牌（撤销省级开发区）", "003：连续两年排名后3位的摘牌"),
    (
        "national",
        "failing",
        "0",
        2,
        "leadership",
        "调整领导班子",
        "004：国家级开发区连续两年考核不合格的，调整领导班子",
    ),
    (
        "provincial",
        "failing",
        "0",
        2,
        "leave_status",
        "退出省级开发区",
        "004：省级开发区连续两年考核排名不合格的，退出",
    ),
    ("national", "top_pct", "10", 1, "commendation", "通报表扬并奖励", "003：国家级开发区排名前10%的表扬奖励"),
    ("provincial", "top_pct", "5", 1, "commendation", "通报表扬并奖励", "003：省级开发区排名前5%的表扬奖励"),
]

# (dimension, weight, [(code, name, unit, weight, direction, method, source, cadence, extra)])
LIAONING = {
    "name": "辽宁省开发区综合考核评价指标体系",
    "total_points": "1000",
    "source": "辽宁省开发区考核：经济发展、对外开放、区域带动、科技创新、生态环境、行政效能6个维度，1000分，"
    "国家级与省级分组排名（SPEC §5）。",
    "dimensions": [
        (
            "经济发展",
            "300",
            [
                ("ln-revenue", "税收收入", "万元", "120", "higher", "efficacy", "revenue", "monthly", {}),
                ("ln-tax-per-mu", "亩均税收", "万元/亩", "100", "higher", "efficacy", "tax_per_mu", "annual", {}),
                ("ln-investment", "固定资产投资增速", "%", "80", "higher", "efficacy", "entered", "monthly", {}),
            ],
        ),
        (
            "对外开放",
            "200",
            [
                ("ln-fdi", "实际使用外资", "万美元", "120", "higher", "efficacy", "entered", "monthly", {}),
                ("ln-trade", "进出口总额", "亿元", "80", "higher", "efficacy", "entered", "monthly", {}),
            ],
        ),
        (
            "区域带动",
            "100",
            [
                (
                    "ln-projects",
                    "亿元以上新签约项目数",
                    "个",
                    "100",
                    "higher",
                    "ratio",
                    "entered",
                    "half_year",
                    {"benchmark_value": "20"},
                ),
            ],
        ),
        (
            "科技创新",
            "150",
            [
                ("ln-rd", "研发投入强度", "%", "90", "higher", "efficacy", "entered", "annual", {}),
                ("ln-hightech", "高新技术企业数", "家", "60", "higher", "efficacy", "entered", "annual", {}),
            ],
        ),
        (
            "生态环境",
            "100",
            [
                ("ln-energy", "单位GDP能耗", "吨标煤/万元", "60", "lower", "efficacy", "entered", "annual", {}),
                (
                    "ln-inspection",
                    "环保督察问题",
                    "个",
                    "40",
                    "higher",
                    "deduction",
                    "entered",
                    "annual",
                    {"deduction_per_unit": "10"},
                ),
            ],
        ),
        (
            "行政效能",
            "150",
            [
                ("ln-powers", "已承接赋权事项", "项", "60", "higher", "efficacy", "powers_taken_on", "half_year", {}),
                (
                    "ln-service",
                    "营商环境第三方评估",
                    "分",
                    "90",
                    "higher",
                    "efficacy",
                    "entered",
                    "annual",
                    {"third_party": True},
                ),
            ],
        ),
    ],
}

NATIONAL = {
    "name": "国家级经济技术开发区综合发展水平考核评价指标体系（2021）",
    "total_points": "100",
    "source": "商务部国家级经开区考核评价（2021）：对外开放30%、发展质量30%、科技创新15%、绿色发展15%、统筹协调10%。",
    "dimensions": [
        (
            "对外开放",
            "30",
            [
                ("ne-fdi", "实际使用外资", "万美元", "18", "higher", "efficacy", "entered", "monthly", {}),
                ("ne-trade", "进出口总额", "亿元", "12", "higher", "efficacy", "entered", "monthly", {}),
            ],
        ),
        (
            "发展质量",
            "30",
            [
                ("ne-revenue", "税收收入", "万元", "15", "higher", "efficacy", "revenue", "monthly", {}),
                ("ne-tax-per-mu", "亩均税收", "万元/亩", "15", "higher", "efficacy", "tax_per_mu", "annual", {}),
            ],
        ),
        (
            "科技创新",
            "15",
            [
                ("ne-rd", "研发投入强度", "%", "15", "higher", "efficacy", "entered", "annual", {}),
            ],
        ),
        (
            "绿色发展",
            "15",
            [
                ("ne-energy", "单位工业增加值能耗", "吨标煤/万元", "10", "lower", "efficacy", "entered", "annual", {}),
                (
                    "ne-accident",
                    "较大以上安全生产事故",
                    "起",
                    "5",
                    "higher",
                    "deduction",
                    "entered",
                    "annual",
                    {"deduction_per_unit": "5"},
                ),
            ],
        ),
        (
            "统筹协调",
            "10",
            [
                ("ne-powers", "已承接赋权事项", "项", "4", "higher", "efficacy", "powers_taken_on", "half_year", {}),
                (
                    "ne-service",
                    "营商环境第三方评估",
                    "分",
                    "6",
                    "higher",
                    "efficacy",
                    "entered",
                    "annual",
                    {"third_party": True},
                ),
            ],
        ),
    ],
}

SYSTEMS = {"provincial": LIAONING, "national": NATIONAL}
