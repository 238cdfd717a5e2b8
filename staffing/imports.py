"""The roster in Excel (SPEC §3), on the platform importer (devzone/imports; ADR 0302).

One row per person of a zone. A whole ID number identifies a person (a new one creates the
record, checksum-checked); the export writes ID numbers **masked**, and a masked number with the
person's name identifies the same record on re-import — so export, edit, re-import works and no
file leaves with whole numbers. All or nothing, with the row report. Rows that start counting
against the cap go through the ledger, locked once per zone for the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import DomainError, Invalid
from devzone.imports.base import CREATE, UNCHANGED, UPDATE, Importer, ImportPlan, Problems, Row
from devzone.imports.columns import ChoiceColumn, DateColumn, TextColumn
from devzone.imports.registry import register
from devzone.tenancy import visible_zones
from zones.plans.models import EstablishmentUnit

from . import rules, selectors, services
from .grants import MANAGE_STAFFING
from .models import Education, FileIdentity, Staff, StaffStatus

KEYS = ("name", "education", "file_identity", "file_rank", "post_rank", "status", "contract_start", "contract_end")


@register
class RosterImporter(Importer):
    name = "staffing-roster"
    title = gettext_lazy("人员名册")
    sheet_title = gettext_lazy("人员名册")
    natural_key = ("zone", "id_number", "name")  # a masked number identifies with the name
    columns = (
        TextColumn("zone", gettext_lazy("开发区代码"), required=True, max_length=64, width=20),
        TextColumn(
            "id_number",
            gettext_lazy("身份证号"),
            required=True,
            max_length=18,
            hint=gettext_lazy("新增人员填完整号码；导出文件中的脱敏号码与姓名一起表示已有人员。"),
            width=22,
        ),
        TextColumn("name", gettext_lazy("姓名"), required=True, max_length=64, width=10),
        ChoiceColumn("education", gettext_lazy("学历"), required=True, choices=tuple(Education.choices), width=10),
        ChoiceColumn(
            "file_identity", gettext_lazy("档案身份"), required=True, choices=tuple(FileIdentity.choices), width=10
        ),
        TextColumn("file_rank", gettext_lazy("档案职务/职级"), max_length=64, width=14),
        TextColumn("post_rank", gettext_lazy("岗位职务"), max_length=64, width=14),
        TextColumn("department", gettext_lazy("部门"), max_length=64, width=20),
        ChoiceColumn("status", gettext_lazy("状态"), required=True, choices=tuple(StaffStatus.choices), width=8),
        DateColumn("contract_start", gettext_lazy("聘期开始"), width=12),
        DateColumn("contract_end", gettext_lazy("聘期结束"), width=12),
    )

    def permitted(self) -> bool:
        user = self.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return bool(user.is_superuser or visible_zones(user, MANAGE_STAFFING).exists())

    def not_permitted_message(self) -> str:
        return _("您无权导入人员名册：导入需要岗位与人员的管理权限。")

    def prepare(self, rows: list[Row]) -> None:
        assert self.user is not None
        codes = {r.values["zone"] for r in rows}
        self.zones = {z.code: z for z in visible_zones(self.user, MANAGE_STAFFING).filter(code__in=codes)}
        zone_ids = [z.pk for z in self.zones.values()]
        self.units = {
            (u.establishment.zone_id, u.name): u
            for u in EstablishmentUnit.objects.filter(
                establishment__zone_id__in=zone_ids, kind="internal"
            ).select_related("establishment")
        }
        ids = {rules.normalise_id(r.values["id_number"]) for r in rows if "*" not in r.values["id_number"]}
        self.by_id = {s.id_number: s for s in Staff.objects.filter(id_number__in=ids)}
        self.by_mask: dict[tuple[int, str, str], list[Staff]] = {}
        if any("*" in r.values["id_number"] for r in rows):
            for s in Staff.objects.filter(zone_id__in=zone_ids).select_related("department"):
                self.by_mask.setdefault((s.zone_id, s.name, s.masked_id), []).append(s)
        for s in self.by_id.values():
            self.by_mask.setdefault((s.zone_id, s.name, s.masked_id), [])
        self.writer = services.RosterWriter(self.user)
        self.seen: set[str] = set()

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        zone = self.zones.get(row.values["zone"])
        if zone is None:
            problems.add(row, "zone", _("开发区代码“%(code)s”不存在或您无权管理。") % {"code": row.values["zone"]})
            return None
        raw = rules.normalise_id(row.values["id_number"])
        staff: Staff | None
        if "*" in raw:
            found = self.by_mask.get((zone.pk, row.values["name"], raw), [])
            if len(found) != 1:
                problems.add(row, "id_number", _("脱敏号码与姓名找不到唯一的已有人员，新增人员请填写完整身份证号。"))
                return None
            staff = found[0]
        else:
            problem = rules.id_problem(raw)
            if problem:
                problems.add(row, "id_number", _(problem))
                return None
            staff = self.by_id.get(raw)
            if staff is not None and staff.zone_id != zone.pk:
                problems.add(row, "id_number", _("该身份证号已是其他开发区的人员。"))
                return None
        key = staff.id_number if staff is not None else raw
        if key in self.seen:
            problems.add(row, "id_number", _("同一人在文件中出现多次。"))
            return None
        self.seen.add(key)
        wanted: dict[str, Any] = {k: row.values.get(k) if row.values.get(k) is not None else "" for k in KEYS}
        for k in ("contract_start", "contract_end"):
            wanted[k] = row.values.get(k)
        if wanted["contract_start"] and wanted["contract_end"] and wanted["contract_end"] < wanted["contract_start"]:
            problems.add(row, "contract_end", _("聘期结束不能早于开始。"))
            return None
        dept_name = row.values.get("department") or ""
        department = None
        if dept_name:
            department = self.units.get((zone.pk, dept_name))
            if department is None:
                problems.add(row, "department", _("“%(name)s”不是该开发区核定的内设机构。") % {"name": dept_name})
                return None
        wanted["department"] = department
        if staff is None:
            wanted["id_number"] = raw
            return ImportPlan(row, CREATE, target=zone, changes=wanted)
        if all(getattr(staff, k) == v for k, v in wanted.items()):
            return ImportPlan(row, UNCHANGED, target=staff)
        return ImportPlan(row, UPDATE, target=staff, changes=wanted)

    def apply(self, plan: ImportPlan) -> None:
        try:
            if plan.action == CREATE:
                self.writer.create(zone=plan.target, data=dict(plan.changes))
            else:
                self.writer.update(staff=plan.target, data=dict(plan.changes))
        except Invalid:
            raise
        except DomainError as exc:  # a full cap or post: refuse the row, the whole file rolls back
            raise Invalid({"status": [exc.detail]}) from exc

    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        assert self.user is not None
        for s in selectors.staff_list(self.user, params):
            yield {
                "zone": s.zone.code,
                "id_number": s.masked_id,
                "department": s.department.name if s.department else "",
                **{k: getattr(s, k) for k in KEYS},
            }
