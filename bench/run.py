"""Time the zone lists at nationwide scale and count their SQL queries.

Usage: DATABASE_URL=postgres://…/devzone_bench python bench/run.py --zones 2700 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=2700)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-generate", action="store_true")
    parser.add_argument("--powers", type=int, default=40, help="delegations per zone (0: no powers data)")
    parser.add_argument("--powers-import", type=int, default=0, help="time importing this many delegation rows")
    parser.add_argument("--assessment", action="store_true", help="time a year's recompute against the SQL floor")
    parser.add_argument("--freshness", type=int, default=0, help="with --assessment: changes timed with a real worker")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from bench.generate import generate

    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not args.no_generate:
        started = time.perf_counter()
        info = generate(args.zones)
        print(f"generated {info['zones']} zones, {info['regions']} regions in {time.perf_counter() - started:.1f}s")
        if args.powers:
            from bench.powers import generate_powers

            started = time.perf_counter()
            made = generate_powers(per_zone=args.powers)
            print(f"generated {made['delegations']} delegations in {time.perf_counter() - started:.1f}s")
    if args.powers_import:
        from django.test import override_settings

        from bench.powers import time_import

        admin = get_user_model().objects.get(username="bench_province_admin")
        with override_settings(IMPORT_ASYNC_ROWS=args.powers_import + 1):  # in this process
            result = time_import(admin, args.powers_import)
        print(f"imported {result['rows']} delegation rows ({result['state']}) in {result['seconds']:.1f}s")
    if args.assessment:
        from bench.assessment import generate_assessment, time_freshness, time_recompute

        year = 2025
        if not args.no_generate:
            made = generate_assessment(year)
            print(f"generated {made['values']} indicator values, {made['benchmarks']} benchmarks")
        r = time_recompute(year)
        print(
            f"assessment recompute of {r['zones']} zones: {r['recompute_s']:.2f}s; SQL floor {r['sql_s']:.3f}s; "
            f"ratio {r['ratio']:.1f}x; score/rank mismatches {r['mismatches']}"
        )
        if args.freshness:
            f = time_freshness(year, args.freshness)
            print(f"assessment freshness over {f['changes']} changes: p50 {f['p50_s']:.2f}s, p95 {f['p95_s']:.2f}s")
    targets = ["/api/v1/zones/?page_size=500", "/zones/", "/"]
    print(f"{'user':<24}{'path':<34}{'rows':>6}{'queries':>9}{'median ms':>11}")
    for username in ["bench_province_admin", "bench_province_staff", "bench_city", "bench_zone"]:
        client = Client()
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        paths = list(targets)
        if args.powers:
            from bench.powers import targets as powers_targets

            paths += powers_targets(user)
        for path in paths:
            timings, queries, rows = [], 0, 0
            for _ in range(args.repeat):
                reset_queries()
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                queries = len(ctx.captured_queries)
                if path.startswith("/api/"):
                    rows = response.json()["count"]
            print(f"{username:<24}{path:<34}{rows:>6}{queries:>9}{statistics.median(timings):>11.1f}")


if __name__ == "__main__":
    main()
