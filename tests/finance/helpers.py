"""Finance rows for tests and the matrix: agreements, a year of revenue, schemes and projects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from django.contrib.auth import get_user_model

_serial = count(1)
D = Decimal


def admin() -> Any:
    """A superuser: the helpers make rows in any zone, also outside Liaoning (the matrix's)."""
    user, _created = get_user_model().objects.get_or_create(
        username="finance_test_root", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def zone(code: str) -> Any:
    from zones.models import Zone

    return Zone.objects.get(code=code)


def agreement(code: str, *, start: int, end: int | None = -1, types: tuple[str, ...] = ("vat",), **extra: Any) -> Any:
    """An agreement from ``start``; by default five years long (the demo's agreements start later)."""
    from finance import services

    if end == -1:
        end = start + 4
    data = {
        "tax_types": list(types),
        "base_year": start - 1,
        "base_amount": D("1000.00"),
        "base_ratios": {"city": "50.00", "zone": "50.00"},
        "increment_ratios": {"city": "20.00", "zone": "80.00"},
        "effective_from": start,
        "effective_to": end,
        **extra,
    }
    return services.create_agreement(user=admin(), zone=zone(code), data=data)


def scheme(basis: str = "percent", kind: str = "attraction") -> Any:
    from finance.models import IncentiveScheme

    values = (
        {"landed": "10.00", "started": "30.00", "structure_done": "30.00", "completed": "30.00"}
        if basis == "percent"
        else {"landed": "1000.00", "started": "2000.00", "structure_done": "3000.00", "completed": "4000.00"}
    )
    return IncentiveScheme.objects.create(
        name=f"测试方案{next(_serial)}", kind=kind, basis=basis, stage_values=values, includes_costs=True
    )


def project(code: str, *, award: str = "100000.01", reached: tuple[str, ...] = (), paid: tuple[str, ...] = ()) -> Any:
    from finance import services

    p = services.create_project(
        user=admin(),
        zone=zone(code),
        data={
            "name": f"测试项目{next(_serial)}",
            "investor": "某投资方",
            "amount": D("50000000.00"),
            "scheme": scheme(),
            "award": D(award),
            "attraction_costs": D("1000.00"),
        },
    )
    for stage in reached:
        services.report_stage(user=admin(), project=p, stage=stage, reached_on=date(2024, 1, 1), evidence="验收单")
    for stage in paid:
        services.pay_stage(user=admin(), project=p, stage=stage)
    return p
