"""Number cards and charts on the role homes: what a domain panel hands its template (ADR 0021).

A panel's context function (registered with ``devzone.web.nav.register_home_panel``) may return
``{"title", "testid", "groups": [FigureGroup…]}`` and use the template ``web/_figures.html``: each
group is a row of number cards, every card a link to the filtered list behind it, and an
optional ECharts chart of the same figures (drawn by ``static/js/home-charts.js`` from a
``data-chart`` attribute: no inline script).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    value: int
    url: str
    key: str = ""


@dataclass
class FigureGroup:
    title: str | Promise
    figures: list[Figure] = field(default_factory=list)
    # "pie", "bar" or "" (cards only)
    chart: str = ""
    key: str = ""

    @property
    def total(self) -> int:
        return sum(f.value for f in self.figures)

    @property
    def chart_json(self) -> str:
        """The chart's data for ``data-chart`` (escaped by the template): type, names, values, links."""
        data = {
            "type": self.chart,
            "title": str(self.title),
            "items": [{"name": str(f.label), "value": f.value, "url": f.url} for f in self.figures if f.value],
        }
        return json.dumps(data, ensure_ascii=False)


def count_figures(
    counts: Mapping[str, int],
    choices: Iterable[tuple[str, str | Promise]],
    url: Callable[[str], str],
    *,
    skip_empty: bool = False,
) -> list[Figure]:
    """One figure per choice (in the choices' order): its count and the list filtered to it."""
    out = []
    for value, label in choices:
        n = int(counts.get(value, 0))
        if skip_empty and not n:
            continue
        out.append(Figure(label=label, value=n, url=url(value), key=value))
    return out


def panel(title: str | Promise, testid: str, groups: list[FigureGroup], **extra: Any) -> dict[str, Any]:
    return {"title": title, "testid": testid, "groups": groups, **extra}
