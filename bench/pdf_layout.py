"""Measure the zone-list PDF's layout alone, without a database: ``python -m bench.pdf_layout ROWS``.

Synthetic zones (stand-ins with the attributes the template reads) go through the real report
template and ``devzone.reports.rendering`` in this process; prints wall time, peak RSS and pages as
JSON. Run it in a fresh process per figure (peak RSS is the process's). Not a test.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
from types import SimpleNamespace
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")


def fake_zones(rows: int) -> list[Any]:
    kinds = ["国家级经济技术开发区", "国家级高新技术产业开发区", "省级经济开发区", "省级高新技术产业开发区"]
    out = []
    for i in range(rows):
        city = SimpleNamespace(name=f"第{i // 90 + 1:02d}市", pk=i // 90 + 1)
        county = SimpleNamespace(name=f"第{i % 9 + 1}区")
        out.append(
            SimpleNamespace(
                name=f"某某省某某市第{i + 1:04d}号经济技术开发区",
                code=f"G{i:05d}",
                city=city,
                county=county,
                get_kind_display=kinds[i % 4],
                get_level_display="国家级" if i % 5 == 0 else "省级",
                get_management_model_display="区政合一",
                get_status_display="正常",
            )
        )
    return out


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser

    from devzone.reports.rendering import Prepared, render_pdf
    from zones.registry.reports import ZONE_LIST, with_city_totals

    rows = int(sys.argv[1])
    zones = with_city_totals(fake_zones(rows))
    report = ZONE_LIST.__class__(**{**ZONE_LIST.__dict__, "context": lambda user, params: {"zones": zones}})
    prepared = Prepared(report, AnonymousUser(), {}, {}, "全省", rows)
    target = io.BytesIO()
    started = time.perf_counter()
    cpu_started = time.process_time()
    pages = render_pdf(prepared, target, budget=10_000)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / 1024
    # CPU seconds of the render beside the wall time: on a shared machine wall time is mostly waiting
    result = {
        "rows": rows,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(time.process_time() - cpu_started, 2),
        "peak_mb": round(peak_mb),
        "pages": pages,
        "load": os.getloadavg()[0],
    }
    print(json.dumps({**result, "bytes": target.tell()}))


if __name__ == "__main__":
    main()
