"""Importers by name. Domain apps register theirs in ``<app>/imports.py``, found at start-up."""

from __future__ import annotations

import re

from .base import Importer

_importers: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    """Make an importer available at ``/api/v1/imports/<name>/`` (usable as a class decorator)."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", importer.name):
        raise ValueError(f"importer name must be a lowercase slug: {importer.name!r}")
    keys = [c.key for c in importer.columns]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{importer.__name__}: duplicate column keys")
    missing = set(importer.natural_key) - set(keys)
    if missing:
        raise ValueError(f"{importer.__name__}: natural key {missing} is not a column")
    _importers[importer.name] = importer
    return importer


def get(name: str) -> type[Importer]:
    """The importer called ``name``, or ``LookupError``."""
    try:
        return _importers[name]
    except KeyError:
        raise LookupError(name) from None


def names() -> list[str]:
    return sorted(_importers)
