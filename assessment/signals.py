"""Sources other apps hold: a change to a plot's tax figures, a delegation, finance's revenue or
staffing's serving staff owes a recompute of the zone's group (ADR 0502, 0504). Receivers run
inside the saving transaction, so the debt is recorded with the change (the platform outbox enqueues after commit)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from finance.models import Revenue
from powers.models import Delegation, DelegationTransition
from staffing.models import Staff
from zones.plots.models import LandPlot


def _plot(sender: Any, instance: LandPlot, **kwargs: Any) -> None:
    from .services import owe_for_zones

    if instance.figures_year:
        owe_for_zones([instance.zone], [instance.figures_year])


def _delegation(sender: Any, instance: Any, **kwargs: Any) -> None:
    from .services import owe_for_zones

    delegation = instance if isinstance(instance, Delegation) else instance.delegation
    owe_for_zones([delegation.zone], None)


def _revenue(sender: Any, instance: Revenue, **kwargs: Any) -> None:
    from .services import owe_for_source

    owe_for_source(instance.zone, "revenue", [instance.year])


def _staff(sender: Any, instance: Staff, **kwargs: Any) -> None:
    from .services import owe_for_source

    owe_for_source(instance.zone, "headcount", None)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_plot, sender=LandPlot, dispatch_uid=f"assessment-plot-{signal is post_save}")
        signal.connect(_delegation, sender=Delegation, dispatch_uid=f"assessment-deleg-{signal is post_save}")
        signal.connect(_delegation, sender=DelegationTransition, dispatch_uid=f"assessment-trans-{signal is post_save}")
        signal.connect(_revenue, sender=Revenue, dispatch_uid=f"assessment-revenue-{signal is post_save}")
        signal.connect(_staff, sender=Staff, dispatch_uid=f"assessment-staff-{signal is post_save}")
