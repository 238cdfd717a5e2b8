"""Column declarations: what one column of an importer's spreadsheet holds.

A column knows its Chinese header, how to turn a cell into a Python value (or say in Chinese
why it cannot), and how to write a value back into a cell, so that an export re-imports
unchanged. Cells arrive decoded by :mod:`devzone.imports.cells`: ``str``, ``int``, ``float``,
``bool``, ``datetime``/``date``/``time``, or a :class:`~devzone.imports.cells.Formula` /
:class:`~devzone.imports.cells.ErrorValue` marker (refused before a column sees them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Label = str | Promise


class CellError(Exception):
    """A cell's value is not acceptable; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise_header(text: Any) -> str:
    """Headers match ignoring spaces, a trailing required-mark (*) and full-width brackets."""
    value = re.sub(r"\s+", "", str(text if text is not None else ""))
    value = value.replace("（", "(").replace("）", ")")
    return value.rstrip("*＊")


def in_every_language(label: Label) -> set[str]:
    """The label as it reads in every configured language (a file may come from either UI)."""
    out = {str(label)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out.add(str(label))
    return out


def _text(value: Any) -> str:
    """A cell that should hold text: numbers typed into Excel come back as int/float."""
    if isinstance(value, bool):
        raise CellError(_("应填写文本，不能是逻辑值（TRUE/FALSE）。"))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        raise CellError(_("应填写文本，不能是日期或时间。"))
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).strip()


@dataclass(frozen=True)
class Column:
    """One column: ``key`` names the value for the importer, ``header`` is what people see."""

    key: str
    header: Label
    required: bool = False
    hint: Label = ""
    width: int = 18
    # Values must be distinct within one file (the natural key is checked jointly, by the importer).
    unique: bool = False

    kind_label: Label = field(default=gettext_lazy("文本"), init=False)
    #: Values are looked up in the database, in bulk, by :meth:`resolve`.
    needs_lookup: ClassVar[bool] = False

    def parse(self, value: Any) -> Any:
        """A non-blank cell value → the Python value, or :class:`CellError`."""
        raise NotImplementedError

    def to_cell(self, value: Any) -> Any:
        """A Python value → what the export writes into the cell (``None`` for blank)."""
        return value

    def headers(self) -> set[str]:
        return {normalise_header(h) for h in in_every_language(self.header)}

    def options(self) -> list[str]:
        """The allowed entries for a drop-down in the template (empty: free input)."""
        return []

    def describe(self) -> str:
        """A sentence for the template's instructions sheet."""
        return str(self.hint)

    # Columns whose values are looked up in the database resolve them in bulk.
    def resolve(self, values: set[Any]) -> dict[Any, Any]:
        return {v: v for v in values}

    def resolved_error(self, value: Any) -> str:
        return _("无法识别“%(value)s”。") % {"value": value}


@dataclass(frozen=True)
class TextColumn(Column):
    max_length: int = 255
    pattern: str = ""
    pattern_message: Label = ""

    kind_label: Label = field(default=gettext_lazy("文本"), init=False)

    def parse(self, value: Any) -> str:
        text = _text(value)
        if len(text) > self.max_length:
            raise CellError(_("最多 %(max)d 个字符（现为 %(n)d 个）。") % {"max": self.max_length, "n": len(text)})
        if self.pattern and not re.fullmatch(self.pattern, text):
            raise CellError(str(self.pattern_message) or _("格式不正确。"))
        return text

    def to_cell(self, value: Any) -> Any:
        return value if value not in (None, "") else None

    def describe(self) -> str:
        base = _("文本，最多 %(max)d 个字符。") % {"max": self.max_length}
        return f"{base}{self.hint}"


@dataclass(frozen=True)
class IntColumn(Column):
    min_value: int | None = None
    max_value: int | None = None

    kind_label: Label = field(default=gettext_lazy("整数"), init=False)

    def parse(self, value: Any) -> int:
        number = _number(value)
        if number != number.to_integral_value():
            raise CellError(_("应为整数。"))
        result = int(number)
        if self.min_value is not None and result < self.min_value:
            raise CellError(_("不能小于 %(min)s。") % {"min": self.min_value})
        if self.max_value is not None and result > self.max_value:
            raise CellError(_("不能大于 %(max)s。") % {"max": self.max_value})
        return result

    def describe(self) -> str:
        return f"{_('整数。')}{self.hint}"


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("应为数字，不能是逻辑值（TRUE/FALSE）。"))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        raise CellError(_("应为数字，不能是日期。"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(_("应为数字。"))
        # Excel keeps 15 significant digits; anything beyond is binary noise, not data.
        return Decimal(f"{value:.15g}")
    text = str(value).strip().replace(",", "").replace("，", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise CellError(_("应为数字。"))
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only numbers
        raise CellError(_("应为数字。")) from exc


@dataclass(frozen=True)
class DecimalColumn(Column):
    max_digits: int = 12
    decimal_places: int = 2
    min_value: Decimal | None = None

    kind_label: Label = field(default=gettext_lazy("数字"), init=False)

    def parse(self, value: Any) -> Decimal:
        number = _number(value)
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            raise CellError(_("最多 %(places)d 位小数。") % {"places": self.decimal_places})
        try:
            number = number.quantize(Decimal(1).scaleb(-self.decimal_places))
        except InvalidOperation as exc:
            raise CellError(_("数值过大。")) from exc
        if len(number.as_tuple().digits) > self.max_digits:
            raise CellError(_("数值过大。"))
        if self.min_value is not None and number < self.min_value:
            raise CellError(_("不能小于 %(min)s。") % {"min": self.min_value})
        return number

    def to_cell(self, value: Any) -> Any:
        if value is None:
            return None
        number = Decimal(value).normalize()
        return int(number) if number == number.to_integral_value() else number

    def describe(self) -> str:
        base = _("数字，最多 %(places)d 位小数。") % {"places": self.decimal_places}
        return f"{base}{self.hint}"


@dataclass(frozen=True)
class ChoiceColumn(Column):
    """One of a fixed list: written as the label, read as the label (any language) or the value."""

    choices: Sequence[tuple[str, Label]] = ()

    kind_label: Label = field(default=gettext_lazy("选项"), init=False)

    @cached_property
    def _lookup(self) -> dict[str, str]:
        """Normalised label (every language) or value → value; built once per column."""
        table: dict[str, str] = {}
        for value, label in self.choices:
            table[value.casefold()] = value
            for text in in_every_language(label):
                table[normalise_header(text).casefold()] = value
        return table

    def parse(self, value: Any) -> str:
        text = _text(value)
        found = self._lookup.get(normalise_header(text).casefold())
        if found is None:
            raise CellError(
                _("“%(value)s”不是可选项。可选：%(options)s。") % {"value": text, "options": "、".join(self.options())}
            )
        return found

    def to_cell(self, value: Any) -> Any:
        for choice, label in self.choices:
            if choice == value:
                return str(label)
        return value or None

    def options(self) -> list[str]:
        return [str(label) for _value, label in self.choices]

    def describe(self) -> str:
        base = _("从下拉列表中选择：%(options)s。") % {"options": "、".join(self.options())}
        return f"{base}{self.hint}"


@dataclass(frozen=True)
class DateColumn(Column):
    """A real Excel date. Text that merely looks like a date is refused, with a way out."""

    kind_label: Label = field(default=gettext_lazy("日期"), init=False)

    def parse(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0, 0):
                raise CellError(_("应为日期，不能带时间。"))
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(
            r"\s*\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*", value
        ):
            raise CellError(
                _("“%(value)s”是文本形式的日期。请把该单元格设置为日期格式（或使用 DATEVALUE 转换后粘贴为数值）。")
                % {"value": value.strip()}
            )
        raise CellError(_("应为日期（Excel 日期格式的单元格）。"))

    def describe(self) -> str:
        return f"{_('Excel 日期格式的单元格（如 2024-03-01），不能是文本。')}{self.hint}"


REGION_WITH_CODE = re.compile(r"^\s*(?P<name>.*?)\s*[（(]\s*(?P<code>\d{6})\s*[)）]\s*$")


def region_code_in(text: str) -> str:
    """``营口市（210800）`` → ``210800`` (what an export writes); any other text as it is."""
    found = REGION_WITH_CODE.match(text)
    return found.group("code") if found else text


@dataclass(frozen=True)
class RegionColumn(Column):
    """An administrative division at one level, given by its 6-digit code (or its unique name).

    Exports write the name a person reads with the code that identifies it — ``营口市（210800）``
    — and imports accept that form too, so an exported file goes back in unchanged."""

    level: str = "city"

    kind_label: Label = field(default=gettext_lazy("区划代码"), init=False)
    needs_lookup: ClassVar[bool] = True

    def parse(self, value: Any) -> str:
        return _text(value)

    def resolve(self, values: set[Any]) -> dict[Any, Any]:
        from devzone.tenancy.scope import region_model

        model = region_model()
        originals = {str(v) for v in values}
        texts = {region_code_in(t) for t in originals}
        found: list[Any] = list(  # zones.Region rows (devzone/ names no domain app's class)
            model._default_manager.filter(level=self.level)
            .filter(Q(code__in=texts) | Q(name__in=texts))
            .select_related("parent")
        )
        by_code = {r.code: r for r in found}
        by_name: dict[str, list[Any]] = {}
        for region in found:
            by_name.setdefault(region.name, []).append(region)
        out: dict[Any, Any] = {}
        for original in originals:
            text = region_code_in(original)
            if text in by_code:
                out[original] = by_code[text]
            elif len(by_name.get(text, [])) == 1:
                out[original] = by_name[text][0]
        return out

    def resolved_error(self, value: Any) -> str:
        from devzone.tenancy.scope import region_model

        matches = list(
            region_model()._default_manager.filter(level=self.level, name=str(value)).values_list("code", flat=True)
        )
        if len(matches) > 1:
            return _("名称“%(value)s”不唯一，请改填区划代码（%(codes)s）。") % {
                "value": value,
                "codes": "、".join(matches),
            }
        return _("没有代码或名称为“%(value)s”的%(level)s。") % {"value": value, "level": self.level_label()}

    def level_label(self) -> str:
        return {"province": _("省"), "city": _("地级市"), "county": _("县(市、区)")}.get(self.level, self.level)

    def to_cell(self, value: Any) -> Any:
        code, name = getattr(value, "code", value), getattr(value, "name", "")
        if not code:
            return None
        return f"{name}（{code}）" if name else code

    def reference(self) -> Iterable[tuple[str, str, str]]:
        """(code, name, parent name) of every region at this level, for the template."""
        from devzone.tenancy.scope import region_model

        regions: Iterable[Any] = (  # zones.Region rows
            region_model()._default_manager.filter(level=self.level).select_related("parent").order_by("code")
        )
        for region in regions:
            yield region.code, region.name, region.parent.name if region.parent_id else ""

    def describe(self) -> str:
        base = _("6 位行政区划代码（见“区划代码”工作表），也可填写唯一的%(level)s名称。") % {
            "level": self.level_label()
        }
        return f"{base}{self.hint}"


def text_column_for(model: type[Model], name: str, **options: Any) -> TextColumn:
    """A text column that takes its header, whether it is required and its ``max_length`` from
    the model field — the one declaration the serializer and the form also read (ADR 0011).

    A text field without ``max_length`` is refused: declare the limit on the model first.
    """
    model_field = model._meta.get_field(name)
    max_length = getattr(model_field, "max_length", None)
    if not max_length:
        raise ImproperlyConfigured(f"{model.__name__}.{name} declares no max_length: give the model field one")
    options.setdefault("key", name)
    options.setdefault("header", getattr(model_field, "verbose_name", name))
    options.setdefault("required", not getattr(model_field, "blank", True))
    return TextColumn(max_length=max_length, **options)
