"""Pages for a zone's areas (edit an area, add a sub-area) and the maps (ADR 0162/0163).

Thin: forms check the input, services write (history and recompute happen there), selectors
read through the tenancy scope.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import threading
from collections import OrderedDict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from devzone.domain import Invalid
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


def _map_params(request: HttpRequest) -> tuple[str | None, tuple[float, float, float, float] | None]:
    """``?region=`` (a province, city or county code; ``city=`` reads the same) and
    ``?bbox=min_lon,min_lat,max_lon,max_lat``; ``Invalid`` with a clear message otherwise."""
    region = (request.GET.get("region") or request.GET.get("city") or "").strip() or None
    if region is not None and not (region.isdigit() and len(region) <= 12):
        raise Invalid({"region": [_("行政区划代码应为数字，例如 210800。")]})
    raw = (request.GET.get("bbox") or "").strip()
    if not raw:
        return region, None
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in raw.split(","))
    except ValueError:
        raise Invalid({"bbox": [_("范围应为“最小经度,最小纬度,最大经度,最大纬度”四个数。")]}) from None
    box = (min_lon, min_lat, max_lon, max_lat)
    if not all(math.isfinite(v) for v in box) or min_lon > max_lon or min_lat > max_lat:
        raise Invalid({"bbox": [_("范围应为“最小经度,最小纬度,最大经度,最大纬度”四个数。")]})
    return region, box


def _not_modified(request: HttpRequest, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    return any(tag.strip() in (etag, f"W/{etag}", "*") for tag in wanted.split(",")) if wanted else False


def _conditional(response: HttpResponse, etag: str, newest: Any) -> HttpResponse:
    response["ETag"] = etag
    if newest is not None:
        response["Last-Modified"] = http_date(newest.timestamp())
    # per user (the scope decides what is in it): kept by the browser only, asked again each time
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


@login_required
@gzip_page
def map_geojson(request: HttpRequest) -> HttpResponse:
    """The province map's data (ADR 0016): one simplified outline per zone the user may see.

    ``?zone=code``: that zone's areas at full detail. ``?region=`` / ``?bbox=`` cut the outlines
    to a province, city or county, or to a box. Answers carry an ETag derived from the versions
    and labels of what they hold (``If-None-Match`` → 304) and are gzipped.
    """
    code = request.GET.get("zone") or None
    if code is not None:
        areas = list(selectors.map_areas(user=request.user, code=code))
        etag = _etag(("zone", code, [(a.pk, a.geometry_version, a.zone.name, a.zone.status) for a in areas]))
        if _not_modified(request, etag):
            return _conditional(HttpResponseNotModified(), etag, None)
        response: HttpResponse = JsonResponse(
            _features(areas, outline_ids=_outlines(areas)), json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Type"] = "application/geo+json; charset=utf-8"
        return _conditional(response, etag, None)
    try:
        region, box = _map_params(request)
    except ValidationError as error:
        return JsonResponse({"detail": " ".join(m for ms in error.message_dict.values() for m in ms)}, status=400)
    # PostgreSQL digests the heads in one query answering one row (issue 9): a revalidation or
    # a kept answer reads no head; the heads are read only to build an answer not kept
    tag = selectors.map_outline_tag(user=request.user, region=region, box=box)
    chosen: list[dict[str, Any]] | None = None
    if tag is None:  # other databases: digest the heads here
        chosen = _outline_heads(selectors.map_outline_heads(user=request.user, region=region, box=box))
        shown = selectors.OUTLINE_HEAD[2:]
        digest: Any = [(h["pk"], h["geometry_version"], *(str(h[k]) for k in shown)) for h in chosen]
        newest = max((h["computed_at"] for h in chosen if h["computed_at"] is not None), default=None)
    else:
        digest, newest = tag
    # the labels are in the user's language: a tag (and a kept body) per language
    etag = _etag([get_language(), digest])
    if _not_modified(request, etag):
        return _conditional(HttpResponseNotModified(), etag, newest)
    body = OUTLINE_BODIES.get(etag)
    if body is None:
        if chosen is None:
            chosen = _outline_heads(selectors.map_outline_heads(user=request.user, region=region, box=box))
        drawn = selectors.outlines_of([h["pk"] for h in chosen])
        body = gzip.compress(_outline_features(chosen, drawn).encode(), compresslevel=6, mtime=0)
        OUTLINE_BODIES.put(etag, body)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
        response["Content-Encoding"] = "gzip"  # already compressed: gzip_page leaves it alone
    else:
        response = HttpResponse(gzip.decompress(body), content_type="application/geo+json; charset=utf-8")
    patch_vary_headers(response, ["Accept-Encoding"])
    return _conditional(response, etag, newest)


class _Bodies:
    """The last few outline answers of this process, gzipped, by ETag (issue 9).

    The tag is a digest of every area chosen, its versions, every property shown and the
    language, so an answer kept under it is exactly what building it again would give; users
    whose scopes give the same outlines share it. Building the province admin's 1 000 outlines
    (reading them, splicing, gzip) is most of the map's cost; a kept one costs the heads' query.
    Bounded: ``MAP_BODIES`` answers (~0.6 MB each for 1 000 zones) per process.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def clear(self) -> None:
        with self.lock:
            self.items.clear()

    def put(self, key: str, body: bytes) -> None:
        with self.lock:
            self.items[key] = body
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


MAP_BODIES = 16
OUTLINE_BODIES = _Bodies(MAP_BODIES)


def _etag(value: Any) -> str:
    return f'"{hashlib.sha256(repr(value).encode()).hexdigest()[:32]}"'


def _outline_heads(heads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per zone, the area the province map draws: the catalogue area, else the largest declared."""
    best: dict[int, dict[str, Any]] = {}
    for head in heads:
        current = best.get(head["zone_id"])
        rank = (head["kind"] == AreaKind.CATALOGUE, head["declared_km2"])
        if current is None or rank > (current["kind"] == AreaKind.CATALOGUE, current["declared_km2"]):
            best[head["zone_id"]] = head
    return sorted(best.values(), key=lambda h: h["zone__code"])


def _outline_features(heads: list[dict[str, Any]], drawn: dict[int, tuple[int, str | None, str | None]]) -> str:
    """The FeatureCollection of ``_features`` (same properties), one simplified outline per zone,
    as JSON text: each outline is spliced in as the database holds it (never decoded here)."""
    kinds, statuses, area_kinds = dict(ZoneKind.choices), dict(ZoneStatus.choices), dict(AreaKind.choices)
    labels = {key: str(label) for key, label in {**kinds, **statuses, **area_kinds}.items()}
    detail = reverse("zones:detail", args=["CODE"])
    parts = []
    for h in heads:
        version, outline, geometry = drawn.get(h["pk"], (0, None, None))
        shape = outline or geometry
        if not shape:
            continue
        properties = {
            "zone": h["zone__code"],
            "zone_name": h["zone__name"],
            "zone_kind": h["zone__kind"],
            "zone_kind_label": labels.get(h["zone__kind"], h["zone__kind"]),
            "status": h["zone__status"],
            "status_label": labels.get(h["zone__status"], h["zone__status"]),
            "area": h["slug"],
            "area_kind": h["kind"],
            "area_kind_label": labels.get(h["kind"], h["kind"]),
            "area_name": h["name"] or labels.get(h["kind"], ""),
            "declared_km2": f"{h['declared_km2']:f}",
            "computed_km2": None if h["computed_km2"] is None else f"{h['computed_km2']:f}",
            "outline": True,
            "simplified": outline is not None,
            "geometry_version": version,
            "url": detail.replace("CODE", h["zone__code"]),
        }
        parts.append(
            f'{{"type":"Feature","geometry":{shape},"properties":{json.dumps(properties, ensure_ascii=False)}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


@login_required
def province_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "zones/map_province.html",
        {"zone_kinds": ZoneKind.choices, "statuses": ZoneStatus.choices, "area_kinds": AreaKind.choices},
    )
