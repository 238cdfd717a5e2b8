"""devzone.registry.autodiscover: apps' history/imports/reports/recompute modules, sub-packages too."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import AppConfig
from django.test import override_settings

from devzone import registry
from devzone.imports.registry import names
from devzone.reports.registry import all_reports


def test_start_up_discovered_the_platform_and_zones_modules() -> None:
    imported = registry.autodiscover()
    assert {"devzone.audit.reports", "zones.plans.history", "zones.profile.imports", "zones.plans.reports"} <= set(
        imported
    )
    assert "record-history" in {r.slug for r in all_reports()} and "zones" in names()


@pytest.fixture
def app_on_disk(tmp_path: Path) -> Iterator[AppConfig]:
    """A project app with a top-level reports.py and a plans/ sub-package holding recompute.py."""
    root = tmp_path / "kitapp"
    for folder in (root, root / "plans", root / "migrations", root / "empty"):
        folder.mkdir()
        (folder / "__init__.py").write_text("")
    (root / "reports.py").write_text("LOADED = True\n")
    (root / "plans" / "recompute.py").write_text("LOADED = True\n")
    (root / "plans" / "history.py").write_text("LOADED = True\n")
    (root / "migrations" / "reports.py").write_text("raise RuntimeError('never imported')\n")
    sys.path.insert(0, str(tmp_path))
    try:
        yield AppConfig("kitapp", import_module("kitapp"))
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "kitapp" or m.startswith("kitapp.")]:
            del sys.modules[name]


def test_modules_of_an_app_and_its_sub_packages_are_found_on_disk(app_on_disk: AppConfig, tmp_path: Path) -> None:
    with override_settings(BASE_DIR=tmp_path):
        found = registry._candidates(app_on_disk, registry.APP_MODULES)
    assert found == ["kitapp.reports", "kitapp.plans.history", "kitapp.plans.recompute"]
    # outside the project (an installed library) only the app's own modules count
    with override_settings(BASE_DIR=tmp_path / "elsewhere"):
        assert registry._candidates(app_on_disk, registry.APP_MODULES) == ["kitapp.reports"]
