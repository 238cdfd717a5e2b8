"""One discovery convention for what apps contribute to the platform (ADR 0008).

At start-up ``autodiscover()`` imports, for every installed app, these modules if they exist —
the app's own (``zones/reports.py``) and those of its sub-packages one level down
(``zones/plans/reports.py``), app by app in ``INSTALLED_APPS`` order:

=============  ===========================================================  ==========================
module         declares                                                      with
=============  ===========================================================  ==========================
``history``    browsable change history                                      ``devzone.audit.registry.register``
``imports``    Excel importers / exports                                     ``devzone.imports.registry.register``
``reports``    PDF reports                                                   ``devzone.reports.registry.register``
``recompute``  recompute consumers                                           ``devzone.recompute.registry.register``
``grants``     zone permissions and the roles holding them                   ``devzone.tenancy.grants.zone_permission``
=============  ===========================================================  ==========================

Importing the module *is* the declaration: it calls ``register(...)`` at module level, so an
app needs no ``AppConfig.ready()`` code for it and nothing in ``devzone/`` names the app.
A sub-package's module may instead be imported by the app's top-level one; importing twice is
harmless (Python imports a module once, and every ``register`` accepts the same declaration
again).
"""

from __future__ import annotations

import pkgutil
from importlib import import_module
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule

APP_MODULES: tuple[str, ...] = ("grants", "history", "imports", "reports", "recompute")

# Sub-packages that are Django's or tooling's, never a sub-domain.
_NOT_SUBDOMAINS = frozenset({"migrations", "management", "templatetags", "tests", "locale", "static", "templates"})


def _is_project_app(app_config: AppConfig) -> bool:
    path = Path(app_config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and "site-packages" not in path.parts


def _candidates(app_config: AppConfig, module_names: tuple[str, ...]) -> list[str]:
    """Dotted names of the modules to import: ``<app>.<name>`` for every app, and
    ``<app>.<sub>.<name>`` for the project's apps' sub-packages — found on disk, so nothing
    that is not imported anyway gets imported to look."""
    app = app_config.module
    found = [f"{app_config.name}.{name}" for name in module_names if module_has_submodule(app, name)]
    if not _is_project_app(app_config):
        return found
    for sub in sorted(pkgutil.iter_modules([app_config.path]), key=lambda info: info.name):
        if not sub.ispkg or sub.name in _NOT_SUBDOMAINS:
            continue
        present = {info.name for info in pkgutil.iter_modules([str(Path(app_config.path) / sub.name)])}
        found += [f"{app_config.name}.{sub.name}.{name}" for name in module_names if name in present]
    return found


def autodiscover(*module_names: str) -> list[str]:
    """Import ``module_names`` (default: :data:`APP_MODULES`) of every app and sub-package.

    Returns the dotted names imported. An import error inside such a module is raised, not
    swallowed: a broken ``reports.py`` must fail start-up, not hide a report.
    """
    imported: list[str] = []
    for app_config in apps.get_app_configs():
        for dotted in _candidates(app_config, module_names or APP_MODULES):
            import_module(dotted)
            imported.append(dotted)
    return imported
