"""The catalogue of powers in Excel (SPEC §2), on the platform importer (devzone/imports).

One row per item, identified by 事项编码: a known code replaces that item's values, a new one
creates an item; an import never deletes one. All or nothing, with the row report (ADR 0121).
Export writes the same columns, filtered like the catalogue page (``ItemFilter``), so export then
re-import changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import NotFound
from devzone.imports import bulk
from devzone.imports.base import CREATE, UNCHANGED, UPDATE, BatchRefused, Importer, ImportPlan, Problems, Row
from devzone.imports.columns import ChoiceColumn, DateColumn, TextColumn, text_column_for
from devzone.imports.registry import register
from devzone.tenancy import visible_zones
from zones.plots.imports import YesNoColumn

from . import access, rules, selectors, services
from .grants import MANAGE_POWERS
from .models import (
    FALLBACK_CHOICES,
    ApprovalStage,
    Delegation,
    DelegationMode,
    DelegationStatus,
    DelegationTransition,
    GrantingLevel,
    PowerDomain,
    PowerItem,
    PowerType,
)

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
        text_column_for(PowerItem, "legal_basis", width=36),
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
        for item in selectors.items(params):
            yield {"code": item.code, **{key: getattr(item, key) for key in ITEM_KEYS}}


# --- Delegations: a register as people keep it in Excel today ---------------------------------

DELEGATION_KEYS = ("mode", "build_before_acceptance", "tolerance_approval", "notify_commitment", "duties")
# Set by moves only: an import that finds them different refuses the row.
DELEGATION_FIXED = ("status", "document_no", "effective_from", "fallback_mode")


@register
class DelegationImporter(Importer):
    """One row per active delegation, identified by (开发区代码, 事项编码). A new pair creates the
    delegation in the state the row says (with its log rows); a known pair may change what a
    delegation says, never its state or dates (those are moves, with a 文号)."""

    name = "power-delegations"
    title = gettext_lazy("赋权清单")
    sheet_title = gettext_lazy("赋权清单")
    natural_key = ("zone", "item")
    columns = (
        TextColumn("zone", gettext_lazy("开发区代码"), required=True, max_length=64, width=20),
        TextColumn("item", gettext_lazy("事项编码"), required=True, max_length=64, width=16),
        ChoiceColumn("mode", gettext_lazy("赋权方式"), required=True, choices=tuple(DelegationMode.choices), width=12),
        ChoiceColumn(
            "status",
            gettext_lazy("状态"),
            required=True,
            choices=tuple(DelegationStatus.choices),
            width=10,
            hint=gettext_lazy("新增时可为拟赋权、已赋权、已承接或缓放；已有的赋权须与系统一致（变更请办理流转）。"),
        ),
        text_column_for(Delegation, "document_no", width=24),
        DateColumn("effective_from", gettext_lazy("生效日期"), width=12),
        ChoiceColumn("fallback_mode", gettext_lazy("替代方式"), choices=tuple(FALLBACK_CHOICES), width=10),
        YesNoColumn("build_before_acceptance", gettext_lazy("先建后验"), width=8),
        YesNoColumn("tolerance_approval", gettext_lazy("容缺审批"), width=8),
        YesNoColumn("notify_commitment", gettext_lazy("告知承诺制"), width=8),
        text_column_for(Delegation, "duties", width=36),
    )

    def permitted(self) -> bool:
        user = self.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return bool(user.is_superuser or visible_zones(user, MANAGE_POWERS).exists())

    def not_permitted_message(self) -> str:
        return _("您无权导入赋权清单：导入需要赋权事项的管理权限。")

    def prepare(self, rows: list[Row]) -> None:
        assert self.user is not None
        self.zones = {
            z.code: z
            for z in visible_zones(self.user).select_related("city").filter(code__in={r.values["zone"] for r in rows})
        }
        self.items = {i.code: i for i in PowerItem.objects.filter(code__in={r.values["item"] for r in rows})}
        self.existing = {
            (d.zone_id, d.item_id): d
            for d in selectors.delegations_for(self.user).filter(
                zone__in=list(self.zones.values()), status__in=rules.ACTIVE_STATES
            )
        }
        # the same pair delegated by another department: exists, but not for this user
        self.taken = set(
            Delegation.objects.filter(zone__in=list(self.zones.values()), status__in=rules.ACTIVE_STATES).values_list(
                "zone_id", "item_id"
            )
        )
        self.granting: dict[tuple[int, str], bool] = {}

    def _granting(self, zone: Any, item: PowerItem) -> bool:
        key = (zone.pk, item.granting_department)
        if key not in self.granting:
            assert self.user is not None
            self.granting[key] = access.is_granting_side(self.user, zone, item.granting_department)
        return self.granting[key]

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        zone = self.zones.get(row.values["zone"])
        item = self.items.get(row.values["item"])
        if zone is None:
            problems.add(row, "zone", _("开发区代码“%(code)s”不存在或对您不可用。") % {"code": row.values["zone"]})
        if item is None:
            problems.add(row, "item", _("事项编码“%(code)s”不在事项目录中。") % {"code": row.values["item"]})
        if zone is None or item is None:
            return None
        values: dict[str, Any] = {key: row.values.get(key) for key in (*DELEGATION_KEYS, *DELEGATION_FIXED)}
        for key in ("document_no", "duties", "fallback_mode"):
            values[key] = values[key] or ""
        for key in ("build_before_acceptance", "tolerance_approval", "notify_commitment"):
            values[key] = bool(values[key])
        current = self.existing.get((zone.pk, item.pk))
        if current is None and (zone.pk, item.pk) in self.taken:
            problems.add(row, "item", _("事项 %(code)s 已赋予该开发区，不能重复赋权。") % {"code": item.code})
            return None
        if current is None:
            found = services.import_problems(
                values["status"], values["document_no"], values["effective_from"], values["fallback_mode"]
            )
            if not self._granting(zone, item):
                found["item"] = _("您不是事项 %(code)s 的赋权部门。") % {"code": item.code}
            for key, message in found.items():
                problems.add(row, key, message)
            if found:
                return None
            return ImportPlan(row, CREATE, target=(zone, item), changes=values)
        for key in DELEGATION_FIXED:
            if getattr(current, key) != values[key]:
                problems.add(row, key, _("与系统中的赋权不一致：状态、文号、日期和替代方式只能通过流转变更。"))
                return None
        wanted = {key: values[key] for key in DELEGATION_KEYS}
        if all(getattr(current, key) == value for key, value in wanted.items()):
            return ImportPlan(row, UNCHANGED, target=current)
        if not self._granting(zone, item):
            problems.add(row, "item", _("您不是事项 %(code)s 的赋权部门。") % {"code": item.code})
            return None
        return ImportPlan(row, UPDATE, target=current, changes=wanted)

    def apply(self, plan: ImportPlan) -> None:
        assert self.user is not None
        if plan.action == CREATE:
            zone, item = plan.target
            services.import_delegation(user=self.user, zone=zone, item=item, data=dict(plan.changes))
        else:
            services.update_delegation(user=self.user, delegation=plan.target, data=dict(plan.changes))

    applies_in_batches = True

    def apply_batch(self, plans: Sequence[ImportPlan]) -> None:
        """A batch of delegations at a constant number of queries (issue 9): new ones and their
        log rows in two inserts, changed ones in one update, with their history rows. ``plan``
        checked each row and the user's granting side once per (zone, department) for the file."""
        assert self.user is not None
        created: list[Delegation] = []
        log: list[DelegationTransition] = []
        updated: list[Delegation] = []
        for plan in plans:
            try:
                if plan.action == CREATE:
                    zone, item = plan.target
                    delegation, moves = services.new_imported_delegation(
                        user=self.user, zone=zone, item=item, data=dict(plan.changes)
                    )
                    created.append(delegation)
                    log.extend(moves)
                else:
                    delegation = plan.target
                    services.check_delegation_update(delegation, plan.changes)
                    for key, value in plan.changes.items():
                        setattr(delegation, key, value)
                    delegation.full_clean(exclude=["zone", "item", "created_by"], validate_unique=False)
                    updated.append(delegation)
            except ValidationError as error:
                raise BatchRefused(plan, error) from error
        bulk.create(Delegation, created)
        for move in log:
            move.delegation_id = move.delegation.pk
        DelegationTransition.objects.bulk_create(log)
        bulk.update(Delegation, updated, DELEGATION_KEYS)

    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        assert self.user is not None
        if params.get("recorded_on"):
            yield from self._recorded_rows(params)
            return
        rows = selectors.delegation_list(self.user, params)
        as_of = bool(params.get("as_of"))
        if not as_of:  # today's register, which re-imports unchanged
            rows = rows.filter(status__in=rules.ACTIVE_STATES)
        for d in rows:
            row = {key: getattr(d, key) for key in (*DELEGATION_KEYS, *DELEGATION_FIXED)}
            if as_of:  # the list as of a date (a report): the status it had that day
                # annotated by selectors.in_force (the filter's as_of), not a model field
                row["status"] = d.status_then  # type: ignore[attr-defined]
            yield {"zone": d.zone.code, "item": d.item.code, **row}

    def _recorded_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        """What the register said on ``recorded_on`` about ``as_of`` (a report, like the as-of
        list: the status it had that day by the moves then logged; not meant to be re-imported)."""
        from .forms import RecordedForm, end_of_day

        form = RecordedForm({"recorded_on": params.get("recorded_on"), "as_of": params.get("as_of")})
        if not form.is_valid():
            raise ValidationError([str(m) for messages in form.errors.values() for m in messages])
        assert self.user is not None
        try:
            zone = selectors.zone_in_scope(self.user, str(params.get("zone") or ""))
        except NotFound as exc:  # a zone outside the user's scope reads as unknown
            raise ValidationError(_("开发区“%(zone)s”不存在或不在您的范围内。") % {"zone": params.get("zone")}) from exc
        recorded_on = form.cleaned_data["recorded_on"]
        day = form.cleaned_data["as_of"] or recorded_on
        for d in selectors.recorded_register(self.user, zone, end_of_day(recorded_on), day):
            row = {key: getattr(d, key) for key in (*DELEGATION_KEYS, *DELEGATION_FIXED)}
            row["status"] = d.status_then
            yield {"zone": zone.code, "item": d.item.code, **row}
