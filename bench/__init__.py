"""The nationwide benchmark (``make bench``; bench/README.md).

Each app adds its data and its pages in ``bench/<app>.py`` (discovered by :func:`apps`)::

    def generate(zones: int) -> dict[str, Any]:   # bulk-insert this app's rows for the zones
    def urls(user) -> list[str]:                   # the pages/API reads to time for this user
    def jobs() -> dict[str, Callable[[], dict]]:   # optional: timed work in a child process
                                                   # (imports, PDFs), name → run it, say what it did
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

NOT_APPS = {"generate", "run", "measure", "jobs", "table"}


def apps() -> list[ModuleType]:
    """Every ``bench/<app>.py`` exposing ``generate`` and ``urls``, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
        if info.name in NOT_APPS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if callable(getattr(module, "generate", None)) and callable(getattr(module, "urls", None)):
            found.append(module)
    return found
