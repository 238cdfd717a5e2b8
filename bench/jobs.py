"""Run one timed job of a ``bench/<app>.py`` in this (child) process and print what it did as
JSON, with its wall time and the process's peak memory: ``python bench/jobs.py zones.import_plots``."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")


def main() -> None:
    import django

    django.setup()
    import importlib

    app, name = sys.argv[1].split(".", 1)
    job = importlib.import_module(f"bench.{app}").jobs()[name]
    started = time.perf_counter()
    cpu_started = time.process_time()
    result = job()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started  # this process's CPU: the machine is shared, wall time waits
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "job": sys.argv[1],
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_mb": round(peak_mb),
                "load": os.getloadavg()[0],
                **result,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
