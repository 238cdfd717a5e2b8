"""The catalogue of powers in Excel (SPEC §2), on the platform importer (devzone/imports).

One row per item, identified by 事项编码: a known code replaces that item's values, a new one
creates an item; an import never deletes one. All or nothing, with the row report (ADR 0121).
Export writes the same columns, filtered like the catalogue page (``ItemFilter``), so export then
re-import changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.imports.base import CREATE, UNCHANGED, UPDATE, Importer, ImportPlan, Problems, Row
from devzone.imports.columns import ChoiceColumn, TextColumn
from devzone.imports.registry import register

from . import access, selectors, services
from .filters import ItemFilter
from .models import ApprovalStage, GrantingLevel, PowerDomain, PowerItem, PowerType

ITEM_KEYS = ("name", "type", "legal_basis", "granting_level", "granting_department", "domain", "stage")


@register
class PowerItemImporter(Importer):
    name = "power-items"
    title = gettext_lazy("赋权事项目录")
    sheet_title = gettext_lazy("赋权事项")
    natural_key = ("code",)
    columns = (
        TextColumn(
            "code",
            gettext_lazy("事项编码"),
            required=True,
            max_length=64,
            pattern=r"[^/\s]+",
            pattern_message=gettext_lazy("事项编码不能包含“/”或空白字符。"),
            hint=gettext_lazy("已有的编码表示修改该事项，新的编码表示新增。"),
            width=16,
        ),
        TextColumn("name", gettext_lazy("事项名称"), required=True, max_length=200, width=36),
        ChoiceColumn("type", gettext_lazy("事项类型"), required=True, choices=tuple(PowerType.choices), width=12),
        TextColumn("legal_basis", gettext_lazy("设定依据"), max_length=5000, width=36),
        ChoiceColumn(
            "granting_level", gettext_lazy("赋权层级"), required=True, choices=tuple(GrantingLevel.choices), width=10
        ),
        TextColumn(
            "granting_department",
            gettext_lazy("赋权部门"),
            required=True,
            max_length=64,
            hint=gettext_lazy("与赋权部门账号的“部门”一致，如“市场监管”。"),
            width=14,
        ),
        ChoiceColumn("domain", gettext_lazy("领域"), required=True, choices=tuple(PowerDomain.choices), width=12),
        ChoiceColumn("stage", gettext_lazy("工程建设项目审批阶段"), choices=tuple(ApprovalStage.choices), width=16),
    )

    def permitted(self) -> bool:
        return self.user is not None and access.may_keep_catalogue(self.user)

    def not_permitted_message(self) -> str:
        return _("只有省、市工作人员可以导入赋权事项目录。")

    def prepare(self, rows: list[Row]) -> None:
        codes = {row.values["code"] for row in rows}
        self.items = {i.code: i for i in PowerItem.objects.filter(code__in=codes)}

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        item = self.items.get(row.values["code"])
        wanted: dict[str, Any] = {}
        for key in ITEM_KEYS:
            if row.given(key):
                value = row.values[key]
                wanted[key] = "" if value is None else value
            elif item is not None:
                wanted[key] = getattr(item, key)
            else:
                wanted[key] = ""
        if item is None:
            return ImportPlan(row, CREATE, changes={"code": row.values["code"], **wanted})
        if all(getattr(item, key) == value for key, value in wanted.items()):
            return ImportPlan(row, UNCHANGED, target=item)
        return ImportPlan(row, UPDATE, target=item, changes=wanted)

    def apply(self, plan: ImportPlan) -> None:
        assert self.user is not None
        if plan.action == CREATE:
            services.create_item(user=self.user, data=dict(plan.changes))
        else:
            services.update_item(user=self.user, item=plan.target, data=dict(plan.changes))

    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        fs = ItemFilter(data=params, queryset=selectors.items())
        items = fs.qs if fs.is_valid() else selectors.items().none()
        for item in items:
            yield {"code": item.code, **{key: getattr(item, key) for key in ITEM_KEYS}}
