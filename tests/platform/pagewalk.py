"""Every page of the portal, found by resolving the URL conf and filled from the demo data.

``page_urls()`` walks ``devzone.urls`` (pages only: not the API, the admin, the i18n views) and
fills each path parameter from the seeded demo records, so a new page is walked the day it is
added; a pattern whose parameters it cannot fill fails ``test_every_page_pattern_is_walked``
instead of being skipped silently. ``visible_text()`` gives what a reader sees of an HTML page
(text and the attributes read aloud or shown), ``data_text()`` every string the database holds —
the two together tell a template string left in Chinese from a data value (a zone's name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("api/", "admin/", "i18n/", "jsi18n/", "health/", "logout/", "static/", "media/")

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class PageUrl:
    name: str  # namespaced URL name
    route: str  # the pattern as written
    url: str


def _patterns(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner_ns = ns + (f"{p.namespace}:" if p.namespace else "")
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), inner_ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), ns + (p.name or ""), p


def page_patterns() -> list[tuple[str, str]]:
    """(route, name) of every page pattern."""
    return [
        (route, name)
        for route, name, _p in _patterns(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES)
    ]


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _first(qs: Any, attr: str = "pk", order: str = "pk") -> str | None:
    obj = qs.order_by(order).first()
    return None if obj is None else str(getattr(obj, attr))


def _fillers() -> dict[str, Callable[[str, dict[str, str]], str | None]]:
    """How to fill each parameter, given the URL name and the parameters filled so far."""
    from assessment.models import AssessmentYear, DistributionPlan, IndicatorSystem
    from devzone.audit.registry import registrations
    from devzone.imports.models import ImportRun
    from devzone.imports.registry import names as importer_names
    from devzone.reports.models import ReportJob
    from devzone.reports.registry import all_reports
    from finance.models import Project, ProjectStage, Revenue
    from powers.models import Delegation
    from staffing.models import Offer, Round, Staff
    from zones.models import LandPlot, Plan, PlatformCompany, SocialFunction, Zone, ZoneArea

    def code(name: str, got: dict[str, str]) -> str | None:
        # the zone with the most records attached: the demo's 营口 coastal base
        if name.startswith("zones:") and name.endswith(("company-edit",)):
            return _first(Zone.objects.filter(platform_companies__isnull=False).distinct(), "code")
        return _first(Zone.objects.filter(areas__isnull=False).distinct(), "code")

    def pk(name: str, got: dict[str, str]) -> str | None:
        if name == "rule-set":
            from staffing.models import StaffingRuleSet

            return _first(StaffingRuleSet.objects.all())
        if name == "zones:company-edit":
            return _first(PlatformCompany.objects.filter(zone__code=got["code"]))
        if name.startswith("plans:"):
            return _first(Plan.objects.all())
        if name.startswith("powers:"):
            return _first(Delegation.objects.all())
        if name.startswith("reports:"):
            return _first(ReportJob.objects.all())
        if name.startswith("imports:"):
            return _first(ImportRun.objects.all())
        if name == "staffing:staff":
            return _first(Staff.objects.all())
        if name.startswith("staffing:round"):
            # the round still being worked on shows the most (applications, scores)
            return _first(Round.objects.exclude(state="closed")) or _first(Round.objects.all())
        if name.startswith("staffing:offer"):
            return _first(Offer.objects.all())
        if name.startswith("finance:agreement"):
            from finance.models import Agreement

            return _first(Agreement.objects.all())
        if name.startswith("finance:"):
            return _first(Project.objects.all())
        if name.startswith("assessment:"):
            return _first(DistributionPlan.objects.all())
        if name.startswith("inbox:"):
            from devzone.inbox.models import Notification

            own = Notification.objects.filter(recipient__username="province_admin")
            return _first(own) or _first(Notification.objects.all())
        return None

    def function(name: str, got: dict[str, str]) -> str | None:
        return _first(SocialFunction.objects.filter(zone__code=got["code"]), "function")

    def plot_code(name: str, got: dict[str, str]) -> str | None:
        return _first(LandPlot.objects.filter(zone__code=got["code"]), "code")

    def slug(name: str, got: dict[str, str]) -> str | None:
        if name.startswith("reports:"):
            return all_reports()[0].slug
        return _first(ZoneArea.objects.filter(zone__code=got["code"]), "slug")

    def action(name: str, got: dict[str, str]) -> str | None:
        return {
            "staffing:round_action": "scores",
            "staffing:offer_action": "accept",
            "finance:stage-action": "pay",
        }.get(name, "withdraw")

    def year(name: str, got: dict[str, str]) -> str | None:
        if name.startswith("finance:"):
            return _first(Revenue.objects.filter(zone__code=got["code"]), "year", "-year")
        return _first(AssessmentYear.objects.all(), "year", "-year")

    def group(name: str, got: dict[str, str]) -> str | None:
        return _first(IndicatorSystem.objects.filter(year=got["year"]), "group")

    def stage(name: str, got: dict[str, str]) -> str | None:
        return _first(ProjectStage.objects.filter(project_id=got["pk"]), "stage")

    def model(name: str, got: dict[str, str]) -> str | None:
        return "zones.zone"

    def record_id(name: str, got: dict[str, str]) -> str | None:
        return _first(Zone.objects.filter(areas__isnull=False).distinct())

    def importer(name: str, got: dict[str, str]) -> str | None:
        return importer_names()[0]

    def kind(name: str, got: dict[str, str]) -> str | None:
        return "companies"

    def key(name: str, got: dict[str, str]) -> str | None:
        if name == "rule-set":
            return "staffing.staffingruleset"
        return _first(PlatformCompany.objects.filter(zone__code=got["code"]))

    def username(name: str, got: dict[str, str]) -> str | None:
        return "zone_yingkou_hr"

    assert registrations()
    return {
        "username": username,
        "code": code,
        "pk": pk,
        "function": function,
        "plot_code": plot_code,
        "slug": slug,
        "action": action,
        "year": year,
        "group": group,
        "stage": stage,
        "model": model,
        "record_id": record_id,
        "importer": importer,
        "kind": kind,
        "key": key,
    }


def page_urls() -> tuple[list[PageUrl], list[str]]:
    """The filled page URLs, and the routes that could not be filled (with why)."""
    fillers = _fillers()
    filled: list[PageUrl] = []
    unfilled: list[str] = []
    for route, name in page_patterns():
        got: dict[str, str] = {}
        for _conv, param in PARAM.findall(route):
            fill = fillers.get(param)
            value = fill(name, got) if fill else None
            if value is None:
                unfilled.append(f"{route} ({name}): no value for <{param}>")
                break
            got[param] = value
        else:
            url = "/" + PARAM.sub(lambda m, got=got: got[m.group(2)], route)
            filled.append(PageUrl(name=name, route=route, url=url))
    return filled, unfilled


class _Text(HTMLParser):
    SHOWN_ATTRS = ("title", "placeholder", "aria-label", "alt")

    def __init__(self, *, skip_chinese_marked: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_chinese_marked = skip_chinese_marked
        self.parts: list[str] = []
        self._skip: list[str] = []  # open elements whose text is not template text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # "简体中文" in the language menu (and, on a Chinese page, the whole <html lang="zh-hans">)
        own_language = self.skip_chinese_marked and (values.get("lang") or "").startswith("zh")
        if tag in ("script", "style") or own_language:
            self._skip.append(tag)
            return
        if self._skip:
            if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
                self._skip.append(tag)
            return
        for attr in self.SHOWN_ATTRS:
            if values.get(attr):
                self.parts.append(str(values[attr]))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(str(values["value"]))

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str, *, skip_chinese_marked: bool = True) -> str:
    """What a reader sees; ``skip_chinese_marked`` leaves out elements marked ``lang="zh…"``
    (the untranslated-string check reads English pages only)."""
    parser = _Text(skip_chinese_marked=skip_chinese_marked)
    parser.feed(html)
    return "\n".join(parser.parts)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def data_text() -> str:
    """Every Chinese string stored in the database, joined: what a page may show as data."""
    seen: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields).iterator():
            for value in row:
                for s in _strings(value):
                    if CJK.search(s):
                        seen.add(s)
    return "\n".join(sorted(seen))


def untranslated(html: str, data: str) -> list[str]:
    """Runs of Chinese in an English page that no stored value contains: template strings."""
    return sorted({run for run in CJK.findall(visible_text(html)) if run not in data})
