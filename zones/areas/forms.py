"""Browser forms for a zone's areas: declared km², 四至 and the boundary (file, text or drawn)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from devzone.api.parsers import UnsafeJSON
from devzone.api.parsers import loads as bounded_json

from .geometry import clean_geometry
from .models import ZoneArea

MAX_FILE_BYTES = 5 * 1024 * 1024
FILE_SUFFIXES = (".geojson", ".json")


def geometry_from_text(text: str) -> dict[str, Any]:
    """The GeoJSON geometry in ``text``: a Polygon/MultiPolygon, or the single polygon of a
    Feature or a one-feature FeatureCollection. Raises ``ValidationError`` with what is wrong."""
    try:
        value = bounded_json(text)  # the API's depth, NUL and length bounds: deep nesting is no 500
    except UnsafeJSON as exc:
        raise ValidationError(_("不是有效的 GeoJSON：%(problem)s") % {"problem": exc}) from exc
    except ValueError as exc:
        raise ValidationError(
            _("不是有效的 GeoJSON：JSON 格式错误（第 %(line)s 行第 %(col)s 列）。")
            % {"line": exc.lineno, "col": exc.colno}  # type: ignore[attr-defined]
        ) from exc
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or len(features) != 1:
            count = len(features) if isinstance(features, list) else 0
            raise ValidationError(
                _("FeatureCollection 含 %(count)s 个要素：请只保留一个多边形要素。") % {"count": count}
            )
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    try:
        clean = clean_geometry(value)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict["geometry"]) from exc
    if clean is None:
        raise ValidationError(_("要素没有几何对象。"))
    return clean


class AreaForm(forms.Form):
    """One area: the figures and, optionally, a new boundary by one of three ways."""

    declared_km2 = forms.DecimalField(
        label=_lazy("申报面积(平方公里)"), max_digits=12, decimal_places=4, min_value=Decimal(0)
    )
    bounds_text = forms.CharField(
        label=_lazy("四至范围"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    geometry_file = forms.FileField(
        label=_lazy("边界文件"),
        required=False,
        help_text=_lazy(
            "上传 .geojson 或 .json 文件：Polygon 或 MultiPolygon，WGS84 [经度, 纬度]；"
            "只含一个多边形要素的 Feature 或 FeatureCollection 会自动取出其几何对象。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
    )
    geometry_text = forms.CharField(
        label=_lazy("边界 GeoJSON"),
        required=False,
        help_text=_lazy("粘贴 GeoJSON，或在地图上点击绘制多边形后自动填入。留空则不修改边界。"),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "data-draw-target": "1"}),
    )
    clear_geometry = forms.BooleanField(label=_lazy("删除现有边界"), required=False)

    @staticmethod
    def initial_for(area: ZoneArea) -> dict[str, Any]:
        return {"declared_km2": area.declared_km2, "bounds_text": area.bounds_text}

    def clean_geometry_file(self) -> dict[str, Any] | None:
        upload = self.cleaned_data.get("geometry_file")
        if not upload:
            return None
        if not upload.name.lower().endswith(FILE_SUFFIXES):
            raise ValidationError(_("请上传 .geojson 或 .json 文件。"))
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("文件超过 5 MB，请简化边界后再上传。"))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("文件不是 UTF-8 编码的 GeoJSON 文本。")) from exc
        return geometry_from_text(text)

    def clean_geometry_text(self) -> dict[str, Any] | None:
        text = (self.cleaned_data.get("geometry_text") or "").strip()
        return geometry_from_text(text) if text else None

    def changes(self) -> dict[str, Any]:
        """What to hand to the service: figures always, the boundary only when one was given."""
        data = self.cleaned_data
        out = {"declared_km2": data["declared_km2"], "bounds_text": data.get("bounds_text") or ""}
        geometry = data.get("geometry_file") or data.get("geometry_text")
        if geometry is not None:
            out["geometry"] = geometry
        elif data.get("clear_geometry"):
            out["geometry"] = None
        return out


class AreaChoiceField(forms.ModelChoiceField):
    """A zone's areas by name (or kind)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name or obj.get_kind_display())


class SubAreaForm(AreaForm):
    """A new named sub-area (片区) inside one of the zone's areas."""

    slug = forms.SlugField(
        label=_lazy("标识"), max_length=64, help_text=_lazy("英文字母、数字和连字符，如 chemical-park。")
    )
    name = forms.CharField(label=_lazy("名称"), max_length=128)
    parent = AreaChoiceField(label=_lazy("所属区域"), queryset=ZoneArea.objects.none())
    field_order = ["slug", "name", "parent", "declared_km2", "bounds_text", "geometry_file", "geometry_text"]

    def __init__(self, *args: Any, zone: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["clear_geometry"]
        cast(AreaChoiceField, self.fields["parent"]).queryset = ZoneArea.objects.filter(zone=zone).order_by(
            "kind", "slug"
        )

    def changes(self) -> dict[str, Any]:
        return {**super().changes(), **{k: self.cleaned_data[k] for k in ("slug", "name", "parent")}}
