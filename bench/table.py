"""Print the README's table from a results file: ``python bench/table.py [bench/results/X.json]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    files = sorted((Path(__file__).parent / "results").glob("*.json"))
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else files[-1]
    data = json.loads(path.read_text())
    m = data["machine"]
    print(f"Run {data['started'][:16]} UTC, {data['zones']} zones, {m['cpus']} CPUs, {m['platform']}, ")
    print(f"load average before/after {data.get('load_before')} / {data.get('load_after')}.\n")
    print("| user | path | clients | p50 ms | p95 ms | p99 ms | bytes | bare p50 ms | × bare |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in data.get("http", []):
        print(
            f"| {r['user'].removeprefix('bench_')} | `{r['path']}` | {r['clients']} | {r.get('p50')} | {r.get('p95')} "
            f"| {r.get('p99')} | {r.get('bytes')} | {r.get('bare_p50')} | {r.get('ratio_p50')} |"
        )
    print(f"\nFreshness after a boundary change (s, debounce 1 s included): {data.get('freshness_seconds')}")
    print(f"Query counts equal for 10 and ~1 000 zones in scope: {data.get('query_counts_equal')}")
    for job in data.get("jobs", []):
        print(f"- job `{job.get('job')}`: {job}")


if __name__ == "__main__":
    main()
