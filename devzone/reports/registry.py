"""The report registry: domain apps declare their PDFs here, the platform renders and serves them.

A domain app declares a report in its ``reports.py`` (or a sub-package's), which
``devzone.registry.autodiscover`` imports at start-up::

    class HistoryParams(ReportParams):
        model = forms.CharField(label=_("对象类型"))
        pk = forms.IntegerField(label=_("编号"))

        def clean(self):
            data = super().clean()
            ...  # look the record up through a scoped selector; raise OutOfScope if not visible
            return data

    register(
        Report(
            slug="history",
            title=_("变更历史"),
            template="audit/reports/history.html",   # extends "reports/base.html"
            params=HistoryParams,
            context=lambda user, p: {"rows": selectors.history_rows(user=user, **p)},
            count=lambda user, p: selectors.history_rows(user=user, **p).count(),
            scope=lambda user, p: str(p["record"]),
        )
    )

``devzone.reports`` then serves it at ``/reports/history.pdf?…`` and
``/api/v1/reports/history.pdf?…``, names it in the OpenAPI schema, and renders it
synchronously or as a job on the ``reports`` queue depending on ``count``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.utils.functional import Promise
from django_filters import FilterSet

from devzone.types import User


class OutOfScope(Exception):
    """A report parameter names something outside the user's scope (shown as 404)."""


def zone_choices(user: User) -> list[tuple[Any, str]]:
    """The zones ``user`` sees, by city then code, as a parameter page's select (``page_choices``)."""
    from devzone.tenancy import visible_zones

    return list(visible_zones(user).order_by("city__code", "code").values_list("code", "name"))


class ReportParams(forms.Form):
    """A report's query parameters: a form with Chinese error messages, bound to the user.

    ``clean_*`` / ``clean`` methods check that what a parameter names is inside
    ``self.user``'s scope and raise :class:`OutOfScope` when it is not.

    The same form is the parameter page ``/reports/<slug>/`` (issue 14): ``page_fields`` names the
    fields a person fills in there (None: all), ``page_choices`` maps a field to a function
    ``(user) -> [(value, label)]`` whose choices — cut to the user's scope — replace typing a
    code or an id (a zone, a plan).
    """

    page_fields: ClassVar[tuple[str, ...] | None] = None
    page_choices: ClassVar[Mapping[str, Callable[[Any], list[tuple[Any, str]]]]] = {}

    def __init__(self, data: Mapping[str, Any] | None = None, *, user: User) -> None:
        super().__init__(data if data is not None else {})
        self.user = user

    def for_page(self) -> ReportParams:
        """The form as the parameter page shows it: its fields, scoped choices as selects."""
        if self.page_fields is not None:
            self.fields = {name: f for name, f in self.fields.items() if name in self.page_fields}
        for name, choices in self.page_choices.items():
            if name in self.fields:
                self.fields[name].widget = forms.Select(choices=[("", "—"), *choices(self.user)])
        return self

    @property
    def required_fields(self) -> bool:
        return any(f.required for f in self.fields.values())


def list_params(filterset_class: type[FilterSet], **attrs: Any) -> type[ReportParams]:
    """A list PDF's parameters: the fields of the list's ``FilterSet`` form (ADR 0010), so the PDF
    takes exactly the list's query parameters and its ``context`` passes them to the list's
    selector. ``attrs`` adds ``clean_<field>`` methods that refuse what lies outside the user's
    scope (``OutOfScope``)."""

    def __init__(self: ReportParams, data: Mapping[str, Any] | None = None, *, user: User) -> None:
        ReportParams.__init__(self, data, user=user)
        self.fields = filterset_class().form.fields  # choices a FilterSet sets per instance

    form_class = filterset_class().form.__class__
    name = f"{filterset_class.__name__}Params"
    return type(name, (ReportParams,), {**form_class.base_fields, "__init__": __init__, **attrs})


Builder = Callable[[Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class Report:
    """One PDF report.

    ``context(user, params)`` builds the template context through scoped selectors;
    ``count(user, params)`` estimates the number of rows (decides synchronous vs queued);
    ``scope(user, params)`` describes the scope in words for the page header.
    ``params`` receives cleaned form data.
    """

    slug: str
    title: str | Promise
    template: str
    params: type[ReportParams]
    context: Builder
    count: Builder
    scope: Builder
    description: str | Promise = ""
    # Rough rows per PDF page: turns the row estimate into a page estimate for the progress bar.
    rows_per_page: int = 25
    # Chunked rendering (ADR 0018): the context key of the row list to lay out in chunks of
    # ``chunk_rows`` rows (0: ``settings.REPORTS_CHUNK_ROWS``), each its own WeasyPrint document,
    # concatenated with continuous page numbers. "" lays the whole report out as one document.
    chunk_key: str = ""
    chunk_rows: int = 0


_reports: dict[str, Report] = {}


def register(report: Report) -> Report:
    if not report.slug.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"report slug {report.slug!r} must be a slug")
    existing = _reports.get(report.slug)
    if existing is not None and existing != report:
        raise ValueError(f"report {report.slug!r} is already registered")
    _reports[report.slug] = report
    return report


def get(slug: str) -> Report | None:
    return _reports.get(slug)


def all_reports() -> list[Report]:
    return sorted(_reports.values(), key=lambda r: r.slug)
