"""Form fields with the platform's bounds, for filters and inputs that do date arithmetic.

A date filter turns a day into the start of that day in the portal's time zone and adds a day
for an inclusive end: ``0001-01-01`` falls before ``datetime.min`` once in UTC and
``9999-12-31`` has no next day, so both raised ``OverflowError`` (a 500). ``BoundedDateField``
accepts the years history filters also accept (1900–9998) and says so in the user's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(9998, 12, 31)


class BoundedDateField(forms.DateField):
    def __init__(self, *args: Any, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.append(MinValueValidator(min_date, message=_("日期不能早于 %(limit_value)s。")))
        self.validators.append(MaxValueValidator(max_date, message=_("日期不能晚于 %(limit_value)s。")))


def length_of(model: type[Model], name: str) -> int:
    """The ``max_length`` declared on ``model``'s field ``name`` — for a serializer or form field
    written by hand (not generated from the model), so that the limit is still declared once."""
    limit = getattr(model._meta.get_field(name), "max_length", None)
    if not limit:
        raise ImproperlyConfigured(f"{model.__name__}.{name} declares no max_length: give the model field one")
    return int(limit)
