"""Which recompute kinds exist and who computes them.

A domain app declares its consumers at module level in its ``recompute.py`` (or a
sub-package's), which ``devzone.registry.autodiscover`` imports at start-up::

    from devzone.recompute.registry import register
    register("zones.area", recompute_area)

so that the platform never imports a domain app. A handler takes ``(scope, year)`` — the
scope key as a string and the year or ``None`` — reloads what it needs from the database,
recomputes the whole result for that scope and writes it with upserts: running it twice must
leave the same rows as running it once (tasks are ``acks_late`` and may be redelivered).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

Handler = Callable[[str, int | None], None]


@dataclass(frozen=True)
class Consumer:
    kind: str
    handler: Handler


_consumers: dict[str, Consumer] = {}


def register(kind: str, handler: Handler) -> Consumer:
    """Declare the handler for ``kind`` (e.g. ``"zones.area"``). Registering twice is an error."""
    existing = _consumers.get(kind)
    if existing is not None and existing.handler is not handler:
        raise ImproperlyConfigured(f"recompute kind {kind!r} is already registered to {existing.handler!r}")
    consumer = Consumer(kind=kind, handler=handler)
    _consumers[kind] = consumer
    return consumer


def unregister(kind: str) -> None:
    _consumers.pop(kind, None)


def get(kind: str) -> Consumer:
    try:
        return _consumers[kind]
    except KeyError:
        raise ImproperlyConfigured(f"no recompute consumer registered for {kind!r}") from None


def kinds() -> list[str]:
    return sorted(_consumers)
