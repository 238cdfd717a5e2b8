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
    parser.add_argument("--staffing", type=int, default=150, help="serving staff per zone (0: no staffing data)")
    parser.add_argument("--staffing-offers", type=int, default=0, help="time this many concurrent offer requests")
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
        if args.staffing:
            from bench.staffing import generate_staffing

            started = time.perf_counter()
            made = generate_staffing(per_zone=args.staffing)
            print(f"generated {made['staff']} staff in {made['zones']} zones in {time.perf_counter() - started:.1f}s")
    if args.staffing_offers:
        from bench.staffing import time_offers

        admin = get_user_model().objects.get(username="bench_province_admin")
        r = time_offers(admin, args.staffing_offers)
        print(
            f"{r['requests']} concurrent offers in {r['seconds']:.2f}s: {r['created']} × 201, {r['conflicts']} × 409, "
            f"ledger reserved {r['reserved']}, free {r['free']}"
        )
    if args.powers_import:
        from django.test import override_settings

        from bench.powers import time_import

        admin = get_user_model().objects.get(username="bench_province_admin")
        with override_settings(IMPORT_ASYNC_ROWS=args.powers_import + 1):  # in this process
            result = time_import(admin, args.powers_import)
        print(f"imported {result['rows']} delegation rows ({result['state']}) in {result['seconds']:.1f}s")
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
        if args.staffing:
            from bench.staffing import targets as staffing_targets

            paths += staffing_targets(user)
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
