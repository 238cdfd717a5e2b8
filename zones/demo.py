"""Demo data: Liaoning, its 14 cities, some counties, zones of every kind, demo users.

Names and adcodes are the real administrative divisions; zone facts for 辽宁(营口)沿海产业基地
come from seed 002; the other zones' details are plausible, not official.
"""

from __future__ import annotations

from decimal import Decimal

PROVINCE = ("210000", "辽宁省")

CITIES = [
    ("210100", "沈阳市"),
    ("210200", "大连市"),
    ("210300", "鞍山市"),
    ("210400", "抚顺市"),
    ("210500", "本溪市"),
    ("210600", "丹东市"),
    ("210700", "锦州市"),
    ("210800", "营口市"),
    ("210900", "阜新市"),
    ("211000", "辽阳市"),
    ("211100", "盘锦市"),
    ("211200", "铁岭市"),
    ("211300", "朝阳市"),
    ("211400", "葫芦岛市"),
]

COUNTIES = [
    ("210106", "铁西区", "210100"),
    ("210112", "浑南区", "210100"),
    ("210113", "沈北新区", "210100"),
    ("210211", "甘井子区", "210200"),
    ("210213", "金州区", "210200"),
    ("210281", "瓦房店市", "210200"),
    ("210283", "庄河市", "210200"),
    ("210303", "铁西区", "210300"),
    ("210603", "振兴区", "210600"),
    ("210711", "太和区", "210700"),
    ("210803", "西市区", "210800"),
    ("210804", "鲅鱼圈区", "210800"),
    ("210811", "老边区", "210800"),
    ("210881", "盖州市", "210800"),
    ("211002", "白塔区", "211000"),
    ("211103", "兴隆台区", "211100"),
]

# code, name, kind, level, city, county, management model, authority, founded, industries
ZONES = [
    (
        "yingkou-coastal",
        "辽宁(营口)沿海产业基地",
        "provincial_edz",
        "provincial",
        "210800",
        "210803",
        "committee_company",
        "city_direct",
        2006,
        "有色金属冶炼和压延加工业、专用设备制造业、化学原料和化学制品制造业",
    ),
    (
        "yingkou-etdz",
        "营口经济技术开发区",
        "national_etdz",
        "national",
        "210800",
        "210804",
        "zone_government",
        "city_direct",
        1984,
        "冶金、装备制造、汽车零部件",
    ),
    (
        "yingkou-hitech",
        "营口高新技术产业开发区",
        "national_hitech",
        "national",
        "210800",
        "210811",
        "committee_company",
        "city_direct",
        1992,
        "新材料、电子信息",
    ),
    (
        "dalian-etdz",
        "大连经济技术开发区",
        "national_etdz",
        "national",
        "210200",
        "210213",
        "zone_government",
        "city_direct",
        1984,
        "石化、装备制造、集成电路",
    ),
    (
        "dalian-hitech",
        "大连高新技术产业园区",
        "national_hitech",
        "national",
        "210200",
        "210211",
        "committee_company",
        "city_direct",
        1991,
        "软件和信息服务、智能制造",
    ),
    (
        "dalian-changxing",
        "大连长兴岛经济技术开发区",
        "national_etdz",
        "national",
        "210200",
        "210281",
        "three_in_one",
        "city_direct",
        2005,
        "石化、船舶制造",
    ),
    (
        "dalian-zhuanghe",
        "庄河经济开发区",
        "provincial_edz",
        "provincial",
        "210200",
        "210283",
        "enterprise",
        "county_agency",
        2001,
        "食品加工、机械制造",
    ),
    (
        "shenyang-etdz",
        "沈阳经济技术开发区",
        "national_etdz",
        "national",
        "210100",
        "210106",
        "zone_government",
        "city_direct",
        1988,
        "装备制造、汽车及零部件",
    ),
    (
        "shenyang-hitech",
        "沈阳高新技术产业开发区",
        "national_hitech",
        "national",
        "210100",
        "210112",
        "committee_company",
        "city_direct",
        1988,
        "集成电路装备、机器人、生物医药",
    ),
    (
        "anshan-hitech",
        "鞍山高新技术产业开发区",
        "national_hitech",
        "national",
        "210300",
        "210303",
        "committee_company",
        "city_direct",
        1992,
        "激光、工业自动化",
    ),
    (
        "dandong-border",
        "丹东边境经济合作区",
        "border_cooperation",
        "national",
        "210600",
        "210603",
        "committee_company",
        "city_direct",
        1992,
        "边境贸易、仪器仪表",
    ),
    (
        "jinzhou-hitech",
        "锦州高新技术产业开发区",
        "provincial_hitech",
        "provincial",
        "210700",
        "210711",
        "committee_company",
        "city_direct",
        1992,
        "光伏、汽车零部件",
    ),
    (
        "liaoyang-edz",
        "辽阳经济开发区",
        "provincial_edz",
        "provincial",
        "211000",
        "211002",
        "three_in_one",
        "county_agency",
        1992,
        "芳烃及精细化工",
    ),
    (
        "panjin-liaobin",
        "盘锦辽滨沿海经济技术开发区",
        "national_etdz",
        "national",
        "211100",
        "211103",
        "committee_company",
        "city_direct",
        2005,
        "石化及精细化工、海工装备",
    ),
]

# slug, kind, name, declared km², 四至 (seed 002 §一)
YINGKOU_AREAS = [
    (
        "catalogue",
        "catalogue",
        "目录核准面积",
        Decimal("77.27"),
        "东起营钢东路，南至兰旗村，西至海岸线及滨海公路，北至新海大街",
    ),
    (
        "planned",
        "planned",
        "规划面积",
        Decimal("120"),
        "东起庄林公路，南到大清河北支流，西至海岸线及近海海域，北起民兴河",
    ),
    ("controlled", "controlled", "实控面积", Decimal("144.41"), "东起庄林路及营柳路，南至新河，西至海岸线，北起民兴河"),
    (
        "chemical-park",
        "sub_area",
        "化工产业区",
        Decimal("13.95"),
        "东起营钢东路，南至营盖公路(庄林路)，西至嘉晨大道，北至营柳路",
    ),
]

# username, display name, [(role, scope kind, scope code, department, period)]
USERS = [
    ("province_admin", "省级管理员", [("province_admin", "region", "210000", "", None)]),
    ("province_staff", "省委编办审核员", [("province_staff", "region", "210000", "省委编办", None)]),
    ("city_yingkou", "营口市编办", [("city_officer", "region", "210800", "营口市委编办", None)]),
    ("city_dalian", "大连市编办", [("city_officer", "region", "210200", "大连市委编办", None)]),
    (
        "zone_yingkou_hr",
        "沿海产业基地人力资源部",
        [("zone_officer", "zone", "yingkou-coastal", "党政综合工作部", None)],
    ),
    ("zone_dalian_hr", "长兴岛开发区人事处", [("zone_officer", "zone", "dalian-changxing", "人力资源部", None)]),
    ("dept_market", "营口市市场监督管理局", [("department", "region", "210800", "市场监管", None)]),
    (
        "auditor",
        "审计组",
        [
            ("auditor", "zone", "yingkou-coastal", "省审计厅", "current"),
            ("auditor", "zone", "dalian-changxing", "省审计厅", "current"),
        ],
    ),
]


# --- Registry demo (platform companies, social functions, plots, a merge, a warned zone) ------
# 辽宁(营口)沿海产业基地's companies are the ones seed 002 §七 names (the group company manages the
# two named subsidiaries; 002 calls its subsidiaries 全资子企业). Shareholdings, scopes, plots,
# figures, enterprises and document numbers are plausible demo values, not official.

# name, tier, specialty, parent name, shareholding %, business scope
YINGKOU_COMPANIES = [
    ("辽宁(营口)沿海产业基地管委会", "owner", "", None, None, "履行出资人职责，实行所有权与经营权分离"),
    (
        "营口沿海开发建设集团有限公司",
        "group",
        "",
        "辽宁(营口)沿海产业基地管委会",
        Decimal("100"),
        "国有资本投资运营；统筹基础设施建设、资产运营、文旅三大板块",
    ),
    (
        "营口沿海城市建设发展有限公司",
        "specialised",
        "development",
        "营口沿海开发建设集团有限公司",
        Decimal("100"),
        "园区基础设施建设与土地开发",
    ),
    (
        "营口京诚建设发展有限公司",
        "specialised",
        "asset_operation",
        "营口沿海开发建设集团有限公司",
        Decimal("100"),
        "园区资产运营与物业管理",
    ),
]

# function, state, receiving body, date, note — 002 §四(二): social affairs go to the county
# (the plan is issued by 西市区人民政府, 2025-06-30); 信访 stays with 党政综合工作部 (002 §二(二)1).
YINGKOU_SOCIAL_FUNCTIONS = [
    ("education", "stripped", "西市区人民政府", "2025-06-30", "彻底剥离社会事务管理，交由所在县区统一管理"),
    ("health", "stripped", "西市区人民政府", "2025-06-30", ""),
    ("civil_affairs", "stripped", "西市区人民政府", "2025-06-30", ""),
    ("community", "stripped", "西市区人民政府", "2025-06-30", ""),
    ("public_security", "stripped", "西市区人民政府", "2025-06-30", ""),
    ("non_enterprise_services", "stripped", "西市区人民政府", "2025-06-30", "非涉企政务服务"),
    ("petitions", "retained", "", None, "由党政综合工作部受理、交办、转送、承办"),
]

# zone, code, use, area slug, mu, enterprise, tax, output, year offset (years before this one), needed, note
PLOTS = [
    (
        "yingkou-coastal",
        "YK-CY-001",
        "industrial",
        "catalogue",
        "420",
        "甲有色金属压延有限公司",
        "9660000",
        "1260000000",
        1,
        False,
        "",
    ),
    (
        "yingkou-coastal",
        "YK-CY-002",
        "industrial",
        "catalogue",
        "310",
        "乙专用设备制造有限公司",
        "4030000",
        "527000000",
        1,
        False,
        "",
    ),
    (
        "yingkou-coastal",
        "YK-CY-003",
        "industrial",
        "chemical-park",
        "560",
        "丙精细化工有限公司",
        "15120000",
        "1904000000",
        1,
        False,
        "",
    ),
    (
        "yingkou-coastal",
        "YK-CY-004",
        "industrial",
        "chemical-park",
        "180",
        "丙精细化工有限公司",
        "2700000",
        "396000000",
        1,
        False,
        "",
    ),
    ("yingkou-coastal", "YK-CY-005", "industrial", "catalogue", "95", "", "0", "0", 1, False, "闲置工业用地"),
    ("yingkou-coastal", "YK-PT-001", "supporting", "catalogue", "60", "", None, None, None, True, "职工公寓及食堂"),
    ("yingkou-coastal", "YK-PT-002", "supporting", "controlled", "85", "", None, None, None, False, "商业综合体"),
    (
        "yingkou-coastal",
        "YK-FC-001",
        "non_industrial",
        "controlled",
        "140",
        "",
        None,
        None,
        None,
        False,
        "村庄居住用地",
    ),
    ("yingkou-coastal", "YK-FC-002", "non_industrial", "planned", "230", "", None, None, None, False, "农用地"),
    (
        "dalian-etdz",
        "DK-CY-001",
        "industrial",
        None,
        "650",
        "丁石化装备有限公司",
        "26000000",
        "3250000000",
        1,
        False,
        "",
    ),
    (
        "dalian-etdz",
        "DK-CY-002",
        "industrial",
        None,
        "380",
        "戊集成电路有限公司",
        "19000000",
        "2280000000",
        1,
        False,
        "",
    ),
    (
        "dalian-zhuanghe",
        "ZH-CY-001",
        "industrial",
        None,
        "260",
        "己食品加工有限公司",
        "2080000",
        "338000000",
        1,
        False,
        "",
    ),
    (
        "dalian-zhuanghe",
        "ZH-CY-002",
        "industrial",
        None,
        "140",
        "庚机械制造有限公司",
        "840000",
        "154000000",
        1,
        False,
        "",
    ),
    ("dalian-zhuanghe", "ZH-FC-001", "non_industrial", None, "75", "", None, None, None, False, "居住用地"),
]

# One merge (004 §一: a small provincial zone integrated into a national zone, 一区多园).
MERGE = (
    "dalian-etdz",
    ["dalian-zhuanghe"],
    "2025-05-20",
    "演示〔2025〕2号",
    "按“整合改制扩区调规”要求整合，实行一区多园",
)

# One warned zone (003: 后10名约谈) with its dated status history entry.
WARNED = ("jinzhou-hitech", "warned", "2025-04-15", "演示〔2025〕1号", "年度综合发展水平考核排名全省后10名，予以约谈")
# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans. Yingkou's is seed 002 (figures verbatim, prose condensed from it); the
# Changxing plan is plausible demo content, not an official document.
# ---------------------------------------------------------------------------------------------

YINGKOU_PLAN = {
    "leadership_posts": 5,
    "leadership_note": "西市区委书记兼任管委会党工委书记，不占园区领导职数；党工委副书记兼管委会主任1名，党工委副书记兼管委会副主任1名，管委会副主任3名。另设纪工委书记1名。",
    "headcount_cap": 150,
    "hiring_mode": "员额总控、按需设岗、竞争择优、能上能下。打破编制和身份限制，实行全员岗位聘任；现有人员采取“双向选择、择优选聘、全员竞聘”的方式，在核定的聘任岗位数额内重新竞聘，统一与管委会签订聘任合同。",
    "contract_term_years": 2,
    "exit_rule": "聘期到期后根据近2年绩效考核结果重新聘任。对工作不力、不能按期完成指标任务和年度综合考评末位的，视情节予以警告、降低岗位聘任或解聘；连续两年考核排名末位10%的人员解聘。解聘后按现档案身份、职级安排：档案身份为公务员的按公务员身份安排岗位，原为社会自然人的以社会自然人身份退出。",
    "finance_model": "independent",
    "internal_bodies": [
        {
            "name": "党政综合工作部",
            "duties": "综合协调行政管理工作；组织宣传、干部人事、工会等党的建设工作；法律事务；信访工作。",
        },
        {
            "name": "财政金融国资局",
            "duties": "财政及部门预算、国库及非税收入管理、债务管理、国资国企监管、政府采购、财政性投资评审、园区金融组织规范整治。",
        },
        {
            "name": "经济改革发展局(高质量发展中心)",
            "duties": "固定资产投资指标任务；高技术产业化和新兴产业创业投资；节能和循环经济；专项资金项目申报；主要经济指标调度和统计。",
        },
        {
            "name": "企业服务局",
            "duties": "工业经济运行调度；企业技术改造和升规入统；中小企业技术服务；科技创新、成果转化和企业研发中心建设。",
        },
        {
            "name": "商务局(投资促进中心)",
            "duties": "对外开放和外资外贸管理；省级开发区考核；商贸及服务业发展；统筹招商引资，承接省、市招商活动。",
        },
        {
            "name": "规划建设管理局",
            "duties": "园区建设规划；建设工程质量安全监督和建筑市场管理；防汛、供热、燃气、污水处理等行业监管；房地产和公租房管理。",
        },
        {
            "name": "营商环境局(大数据局)",
            "duties": "优化营商环境的政策措施；权限范围内行政许可事项的受理和审批；园区数字化建设和数字经济发展。",
        },
        {
            "name": "应急管理局(化工园区管理办公室)",
            "duties": "应急管理和安全生产；应急预案体系和监测预警；化工园区发展、日常监管和安全生产与应急一体化管理；智慧园区建设。",
        },
    ],
    "dispatched_agencies": [
        {
            "name": "自然资源分局",
            "duties": "承接市自然资源局工作安排，负责辖区内土地等自然资源监督管理、合理开发及调查监测；组织土地出让及办理“一书两证”、规划核实和土地核验。执法工作由市局统一安排部署。",
        },
        {
            "name": "生态环境分局",
            "duties": "承接市生态环境局工作安排，统筹园区生态环境工作；负责辖区内环境污染防治和生态环境问题的统筹协调和监督管理。执法工作由市局统一安排部署。",
        },
    ],
    "sections": {
        "basic": "辽宁(营口)沿海产业基地2006年成立，产业基地党工委、管委会为市委市政府派出机构，由市直接管理（营编发〔2021〕75号）。重点发展有色金属冶炼和压延加工业、专用设备制造业、化学原料和化学制品制造业三大主导产业。对标国家级经开区综合发展水平考核评价办法，力争五年达到国家级开发区水平。按照“管委会+公司”模式，围绕组织构架、人员管理、财税体系、管理考核、营商环境五个方面推动改革。",
        "organisation": "围绕园区主责主业设置8个内设机构。鉴于产业基地对土地集约利用及生态环保的高标准要求，继续保留2个市直派驻机构开展审批及监管工作。",
        "personnel": "探索园区与市直部门及所在县区单位之间人才流动；园区行政、事业身份人员可按市级行政单位执行“职务职级并行”制度，工作调转和退休均按档案职务(岗位)身份管理。",
        "powers": "推进“园区事情园区办”：承接开发区实际管辖范围内企业设立登记，社会投资类项目立项，用地规划许可、工程建设许可、施工许可、竣工验收四个阶段审批，采取市直派驻和管委会承接相结合方式；探索先建后验、容缺审批、告知承诺。剥离社会事务管理及非涉企政务服务，交由所在县区统一管理。生态环保、自然资源继续由市相应部门派驻，给予监督和执法支持。",
        "economy": "以项目建设为发展中心。设置投资促进中心（由商务局代管），人员实行内部选聘和市场化选聘相结合，建立招商引资OKR考核体系；对招引项目按落地、开工、主体完工、竣工四个阶段分别拨付招商激励，招商激励包含招商经费。设置化工园区管理办公室（由应急管理局代管），面向社会招聘1名总工程师。",
        "finance": "继续实行独立金库、财政独立核算；与市级部门探索优化财政事权和支出责任，优化分享税种和比例，建立增量以园区为主的财税激励分配方式，不断增加园区资金留成比例。",
        "market": "深化“管委会+公司”运行机制，政企分开、市场运作，打造“投-建-管-服”全链条运营体系。营口沿海城市建设发展有限公司、营口京诚建设发展有限公司由营口沿海开发建设集团有限公司统筹管理，形成基础设施建设、资产运营、文旅三大板块；推行“大部制”，中层及以下全员竞聘，统一薪酬制度。",
        "assessment": "每年年初聘请第三方制定年度考核管理办法，实行“月统计、半年通报、年终考核应用”；按任务绩效、管理绩效和综合评价三个维度，从招商引资、经济指标、部门主责主业三个方面综合评价；“部门+个人”结果分为S(优秀)、A(好)、B(较好)、C(合格)、D(基本合格)五级。绩效工资由基础薪酬和绩效薪酬构成，基础薪酬参照同级全额拨款事业单位平均工资水平确定。考核结果与部门员额、薪酬、竞聘及退出全面挂钩。",
        "party": "建立改革领导小组，园区书记和主任同时任组长。健全党工委领导工作机制，落实全面从严治党主体责任，领导班子成员落实“一岗双责”；健全巡视巡察整改工作机制。",
    },
}

CHANGXING_PLAN = {
    "leadership_posts": 6,
    "leadership_note": "党工委书记兼管委会主任1名，党工委副书记1名，管委会副主任4名。",
    "headcount_cap": 180,
    "hiring_mode": "员额总控、按需设岗；全员岗位聘任，竞聘上岗，统一签订聘任合同。",
    "contract_term_years": 3,
    "exit_rule": "年度考核不合格的降低岗位聘任；连续两年考核排名末位的解聘，按档案身份安排。",
    "finance_model": "independent",
    "internal_bodies": [
        {"name": "党政办公室", "duties": "综合协调、党的建设、干部人事和督查工作。"},
        {"name": "经济发展局", "duties": "经济运行、产业规划、统计和项目管理。"},
        {"name": "财政局", "duties": "预算、国库、国资监管和债务管理。"},
        {"name": "投资促进局", "duties": "石化、船舶产业链招商和项目落地服务。"},
        {"name": "规划建设局", "duties": "规划编制、工程建设监管和基础设施建设。"},
        {"name": "营商环境局", "duties": "行政审批、政务服务和数字化建设。"},
        {"name": "安全生产监督管理局", "duties": "石化园区安全生产、应急管理和监督检查。"},
    ],
    "dispatched_agencies": [
        {"name": "生态环境分局", "duties": "承接市生态环境局工作安排，负责岛内环境监管。"},
    ],
    "sections": {
        "basic": "大连长兴岛经济技术开发区为国家级经济技术开发区，实行“三合一管委会”模式，重点发展石化和船舶制造产业。",
        "finance": "实行独立金库、独立核算，增量收入以开发区为主分享。",
        "assessment": "年度考核按部门和个人两级进行，结果分为五级，与员额配置和绩效薪酬挂钩。",
    },
}

# zone code, plan content, drafter, reviewer (None: left awaiting review)
PLANS = [
    ("yingkou-coastal", YINGKOU_PLAN, "city_yingkou", "province_staff"),
    ("dalian-changxing", CHANGXING_PLAN, "city_dalian", None),
]
