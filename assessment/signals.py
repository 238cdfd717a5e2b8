"""Sources other apps hold: a change to a plot's tax figures, a delegation, finance's revenue or
staffing's serving staff owes a recompute of the zone's group (ADR 0502, 0504). Receivers run
inside the saving transaction, so the debt is recorded with the change (the platform outbox
enqueues after commit).

An import writing in bulk sends no ``post_save``; ``devzone.imports.bulk.bulk_written`` brings
the same debts for every row of the batch at once (issue 9): per figures year the groups of the
plots' zones, the groups of the delegations' zones for every year, and for revenue the groups
and years whose systems read revenue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models.signals import post_delete, post_save

from devzone.imports.bulk import bulk_written
from finance.models import Revenue
from powers.models import Delegation, DelegationTransition
from staffing.models import Staff
from zones.plots.models import LandPlot
from zones.registry.models import Zone


def _plot(sender: Any, instance: LandPlot, **kwargs: Any) -> None:
    from .services import owe_for_zones

    if instance.figures_year:
        owe_for_zones([instance.zone], [instance.figures_year])


def _delegation(sender: Any, instance: Any, **kwargs: Any) -> None:
    from .services import owe_for_zones

    delegation = instance if isinstance(instance, Delegation) else instance.delegation
    owe_for_zones([delegation.zone], None)


def _bulk(sender: Any, objs: Sequence[Any], **kwargs: Any) -> None:
    """A bulk write of plots or delegations: the debts their single saves would have recorded."""
    from .services import owe_for_zones

    if sender is LandPlot:
        by_year: dict[int, set[int]] = defaultdict(set)
        for plot in objs:
            if plot.figures_year:
                by_year[plot.figures_year].add(plot.zone_id)
        if by_year:
            levels = dict(
                Zone.objects.filter(pk__in={z for ids in by_year.values() for z in ids}).values_list("pk", "level")
            )
            for year, ids in sorted(by_year.items()):
                owe_for_zones([Zone(level=level) for level in {levels[z] for z in ids}], [year])
    elif sender in (Delegation, DelegationTransition):
        ids = {d.zone_id if isinstance(d, Delegation) else d.delegation.zone_id for d in objs}
        if ids:
            groups = set(Zone.objects.filter(pk__in=ids).values_list("level", flat=True).distinct())
            owe_for_zones([Zone(level=level) for level in groups], None)
    elif sender is Revenue:
        from .services import owe_for_source

        years_by_zone: dict[int, set[int]] = defaultdict(set)
        for revenue in objs:
            years_by_zone[revenue.zone_id].add(revenue.year)
        levels = dict(Zone.objects.filter(pk__in=years_by_zone).values_list("pk", "level"))
        years_by_level: dict[str, set[int]] = defaultdict(set)
        for zone_id, years in years_by_zone.items():
            years_by_level[levels[zone_id]] |= years
        for level, years in sorted(years_by_level.items()):
            owe_for_source(Zone(level=level), "revenue", sorted(years))


def _revenue(sender: Any, instance: Revenue, **kwargs: Any) -> None:
    from .services import owe_for_source

    owe_for_source(instance.zone, "revenue", [instance.year])


def _staff(sender: Any, instance: Staff, **kwargs: Any) -> None:
    from .services import owe_for_source

    owe_for_source(instance.zone, "headcount", None)


def connect() -> None:
    bulk_written.connect(_bulk, dispatch_uid="assessment-bulk-written")
    for signal in (post_save, post_delete):
        signal.connect(_plot, sender=LandPlot, dispatch_uid=f"assessment-plot-{signal is post_save}")
        signal.connect(_delegation, sender=Delegation, dispatch_uid=f"assessment-deleg-{signal is post_save}")
        signal.connect(_delegation, sender=DelegationTransition, dispatch_uid=f"assessment-trans-{signal is post_save}")
        signal.connect(_revenue, sender=Revenue, dispatch_uid=f"assessment-revenue-{signal is post_save}")
        signal.connect(_staff, sender=Staff, dispatch_uid=f"assessment-staff-{signal is post_save}")
