"""Every app's rule set at ``/rules/`` (ADR 0033): listed for everyone signed in, each row's
figures and change history; the province admin edits in the browser, on record, with clear
errors; other roles may not."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from devzone.web import rulesets

pytestmark = pytest.mark.django_db


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def test_every_apps_rule_set_is_registered_and_listed(demo: None, client: Any) -> None:
    keys = [r.key for r in rulesets.rule_set_types()]
    assert keys == [
        "zones.planruleset", "powers.evaluationruleset", "staffing.staffingruleset", "finance.financeruleset",
        "assessment.ruleset",
    ]  # fmt: skip
    client.force_login(user("zone_dalian_hr"))  # anyone signed in reads the published rules
    page = client.get("/rules/").content.decode()
    for reg in rulesets.rule_set_types():
        assert f'data-key="{reg.key}"' in page
    assert "/assessment/rules/?year=" in page  # assessment keeps its own page (weights checked together)
    assert "查看与修改" not in page.replace("查看与修改记录", "")  # no edit links for a zone officer
    client.logout()
    assert client.get("/rules/").status_code == 302  # signed out: to the login


def test_the_nav_shows_rules_to_the_province_and_the_auditor(demo: None, client: Any) -> None:
    for name, shown in (("province_staff", True), ("auditor", True), ("zone_yingkou_hr", False)):
        client.force_login(user(name))
        assert ('href="/rules/"' in client.get("/").content.decode()) is shown, name


def test_the_province_admin_edits_on_record_and_the_app_reads_it(demo: None, client: Any) -> None:
    from staffing import services as staffing_services
    from staffing.models import StaffingRuleSet

    row = StaffingRuleSet.objects.order_by("-effective_year").first()
    assert row is not None
    url = f"/rules/staffing.staffingruleset/{row.pk}/"
    client.force_login(user("province_admin"))
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="rule-set-form"' in page.content.decode()
    data = {f: getattr(row, f) for f in rulesets.get_type("staffing.staffingruleset").fields}
    before = row.contract_term_years
    data["contract_term_years"] = before + 1
    done = client.post(url, data, follow=True)
    assert "规则已保存" in done.content.decode()
    row.refresh_from_db()
    assert row.contract_term_years == before + 1
    assert staffing_services.rule_set(row.effective_year).contract_term_years == before + 1
    history = done.content.decode().split('data-testid="rule-history"')[1]
    assert f"{before} → {before + 1}" in history and "聘期（年）" in history
    # bad input: a clear error in Chinese, nothing changes
    bad = client.post(url, {**data, "contract_term_years": "-3"})
    assert bad.status_code == 400 and "确保该值大于或等于0" in bad.content.decode()
    row.refresh_from_db()
    assert row.contract_term_years == before + 1
    # other roles read, may not change
    client.force_login(user("province_staff"))
    assert 'data-testid="rule-set-form"' not in client.get(url).content.decode()
    assert client.post(url, {**data, "contract_term_years": 9}).status_code == 403
    row.refresh_from_db()
    assert row.contract_term_years == before + 1


def test_unknown_rule_sets_and_rows_are_404(demo: None, client: Any) -> None:
    client.force_login(user("province_admin"))
    assert client.get("/rules/zones.zone/1/").status_code == 404
    assert client.get("/rules/staffing.staffingruleset/999999/").status_code == 404
    from assessment.models import RuleSet

    row = RuleSet.objects.first()
    assert row is not None
    page = client.get(f"/rules/assessment.ruleset/{row.pk}/").content.decode()
    assert 'data-testid="rule-set-form"' not in page and "/assessment/rules/?year=" in page
