"""The province's default rule set for checking 一区一策 plans (ADR 0142).

Internal-body bounds per management model from seed 004 (Shanxi's 三合一管委会 6–8, 区政合一
"3 个左右", 企业化管理 "原则上不超过 3 个", the last two "原则上不设派驻机构"); 管委会+公司 is not
bounded by 004: the default admits up to 8, the most Yingkou's plan (seed 002) sets up.
"""

from django.db import migrations

RULE_SET = {
    "name": "辽宁省一区一策方案审核规则（默认）",
    "effective_year": 2025,
    "source": "《辽宁省人民政府办公厅关于深化经济开发区体制机制改革的意见》(辽政办发〔2025〕8号)；内设机构限额参照山西省开发区管理运营模式（种子材料 004）。",
}
BOUNDS = [
    ("three_in_one", 6, 8, None, "004：“三合一管委会”模式内设机构一般为6-8个。"),
    ("zone_government", 2, 4, 0, "004：“区政合一”模式内设机构一般为3个左右，原则上不设派驻机构（默认按2-4个审核）。"),
    ("enterprise", 1, 3, 0, "004：“企业化管理”模式内设机构原则上不超过3个，原则上不设派驻机构。"),
    ("committee_company", 1, 8, None, "004未规定；默认上限取营口沿海产业基地方案（002）的8个。"),
]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("zones", "PlanRuleSet")
    Bound = apps.get_model("zones", "PlanBodyBound")
    rule_set, _ = RuleSet.objects.get_or_create(effective_year=RULE_SET["effective_year"], defaults=RULE_SET)
    for model, low, high, agencies, source in BOUNDS:
        Bound.objects.get_or_create(
            rule_set=rule_set,
            management_model=model,
            defaults={"min_bodies": low, "max_bodies": high, "max_agencies": agencies, "source": source},
        )


def backwards(apps, schema_editor):
    apps.get_model("zones", "PlanRuleSet").objects.filter(effective_year=RULE_SET["effective_year"]).delete()


class Migration(migrations.Migration):
    dependencies = [("zones", "0002_plans")]

    operations = [migrations.RunPython(forwards, backwards)]
