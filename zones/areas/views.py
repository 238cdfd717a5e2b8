"""Pages for a zone's areas (edit an area, add a sub-area) and the maps (ADR 0162/0163).

Thin: forms check the input, services write (history and recompute happen there), selectors
read through the tenancy scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zones.registry import selectors as registry_selectors
from zones.registry.grants import EDIT_REGISTRY
from zones.registry.models import Zone, ZoneKind, ZoneStatus

from . import selectors, services
from .forms import AreaForm, SubAreaForm
from .models import AreaKind, ZoneArea

FILE_FIELDS = ("geometry_file", "geometry_text")


def _attach(form: AreaForm, exc: ValidationError) -> None:
    """A service's errors next to the fields they concern (a boundary error: on the input used)."""
    used = "geometry_file" if form.cleaned_data.get("geometry_file") else "geometry_text"
    for field, errors in exc.message_dict.items():
        target = used if field == "geometry" else field
        form.add_error(target if target in form.fields else None, errors)


def _save(request: HttpRequest, zone: Zone, form: AreaForm, save: Any, done: str) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        save(form.changes())
    except ValidationError as exc:
        _attach(form, exc)
        return None
    messages.success(request, done)
    return redirect(f"{reverse('zones:detail', args=[zone.code])}#areas")


def _page(request: HttpRequest, zone: Zone, form: AreaForm, title: str, area: ZoneArea | None) -> HttpResponse:
    others = [a for a in zone.areas.all() if a.geometry and (area is None or a.pk != area.pk)]
    context = {
        "zone": zone,
        "form": form,
        "title": title,
        "area": area,
        "map_features": _features([*others, *([area] if area is not None and area.geometry else [])], zone=zone),
    }
    return render(request, "zones/_area_form.html", context, status=400 if request.method == "POST" else 200)


@login_required
def area_edit(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    zone = registry_selectors.zone_for(user=request.user, code=code, action=EDIT_REGISTRY)
    area = selectors.zone_area(zone=zone, slug=slug)
    form = AreaForm(request.POST or None, request.FILES or None, initial=AreaForm.initial_for(area))
    done = _save(
        request,
        zone,
        form,
        lambda data: services.update_area(user=request.user, area=area, data=data),
        _("区域已保存。"),
    )
    title = _("修改区域：%(name)s") % {"name": area.name or area.get_kind_display()}
    return done or _page(request, zone, form, title, area)


@login_required
def sub_area_new(request: HttpRequest, code: str) -> HttpResponse:
    zone = registry_selectors.zone_for(user=request.user, code=code, action=EDIT_REGISTRY)
    form = SubAreaForm(request.POST or None, request.FILES or None, zone=zone)
    done = _save(
        request,
        zone,
        form,
        lambda data: services.create_sub_area(user=request.user, zone=zone, data=data),
        _("片区已新增。"),
    )
    return done or _page(request, zone, form, _("新增片区"), None)


# --- maps -------------------------------------------------------------------------------------


def _features(areas: list[ZoneArea], *, zone: Zone | None = None, outline_ids: set[int] | None = None) -> dict:
    """A GeoJSON FeatureCollection of areas, with what the maps colour and label by."""
    kinds, statuses, area_kinds = dict(ZoneKind.choices), dict(ZoneStatus.choices), dict(AreaKind.choices)
    features = []
    for area in areas:
        owner = zone or area.zone
        features.append(
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {
                    "zone": owner.code,
                    "zone_name": owner.name,
                    "zone_kind": owner.kind,
                    "zone_kind_label": str(kinds.get(owner.kind, owner.kind)),
                    "status": owner.status,
                    "status_label": str(statuses.get(owner.status, owner.status)),
                    "area": area.slug,
                    "area_kind": area.kind,
                    "area_kind_label": str(area_kinds.get(area.kind, area.kind)),
                    "area_name": area.name or str(area_kinds.get(area.kind, "")),
                    "declared_km2": f"{area.declared_km2:f}",
                    "computed_km2": None if area.computed_km2 is None else f"{area.computed_km2:f}",
                    "outline": outline_ids is None or area.pk in outline_ids,
                    "url": reverse("zones:detail", args=[owner.code]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def zone_map_features(zone: Zone) -> dict:
    """The zone page's map layers, from the areas already prefetched with the profile."""
    return _features([a for a in zone.areas.all() if a.geometry], zone=zone)


def _outlines(areas: list[ZoneArea]) -> set[int]:
    """Per zone, the area the province map draws: the catalogue area, else the largest declared."""
    best: dict[int, ZoneArea] = {}
    for area in areas:
        current = best.get(area.zone_id)
        rank = (area.kind == AreaKind.CATALOGUE, area.declared_km2)
        if current is None or rank > (current.kind == AreaKind.CATALOGUE, current.declared_km2):
            best[area.zone_id] = area
    return {a.pk for a in best.values()}


@login_required
def map_geojson(request: HttpRequest) -> JsonResponse:
    """Every drawn area of the zones the user may see (``?zone=code``: one zone's), one query."""
    areas = list(selectors.map_areas(user=request.user, code=request.GET.get("zone") or None))
    response = JsonResponse(_features(areas, outline_ids=_outlines(areas)), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json; charset=utf-8"
    return response


@login_required
def province_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "zones/map_province.html",
        {"zone_kinds": ZoneKind.choices, "statuses": ZoneStatus.choices, "area_kinds": AreaKind.choices},
    )
