"""Change history of land plots (see zones/registry/history.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from devzone.audit.registry import register
from zones.registry.history import _with_zone

from .models import LandPlot


def plot_label(plot: Any) -> str:
    return _with_zone(plot, _("地块 %(code)s") % {"code": plot.code})


register(LandPlot, label=plot_label, related=("zone",))
