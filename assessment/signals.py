"""Sources other apps hold: a change to a plot's tax figures or to a delegation owes a recompute
of the zone's group (ADR 0502). Receivers run inside the saving transaction, so the debt is
recorded with the change (the platform outbox enqueues after commit).

An import writing in bulk sends no ``post_save``; ``devzone.imports.bulk.bulk_written`` brings
the same debts for every row of the batch at once (issue 9): per figures year the groups of the
plots' zones, and the groups of the delegations' zones for every year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models.signals import post_delete, post_save

from devzone.imports.bulk import bulk_written
from powers.models import Delegation, DelegationTransition
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


def connect() -> None:
    bulk_written.connect(_bulk, dispatch_uid="assessment-bulk-written")
    for signal in (post_save, post_delete):
        signal.connect(_plot, sender=LandPlot, dispatch_uid=f"assessment-plot-{signal is post_save}")
        signal.connect(_delegation, sender=Delegation, dispatch_uid=f"assessment-deleg-{signal is post_save}")
        signal.connect(_delegation, sender=DelegationTransition, dispatch_uid=f"assessment-trans-{signal is post_save}")
