"""`make bench`: the economy figures against a straightforward per-row baseline, in the same run.

Loads the demo into a scratch SQLite database (or uses DATABASE_URL), times each way, prints a
table and writes bench/results.json. Figures only inform; nothing here fails on a slow machine.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

RUNS = 30


def _median_ms(function: Callable[[], Any]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _per_row_baseline(region: Any, period: Any) -> dict[str, tuple[Any, ...]]:
    """The same figures the naive way: every observation of the period pulled into Python."""
    from regionpulse.indicators.models import Observation

    rows = list(Observation.objects.filter(status="approved", year=period.year, month=period.month))
    result: dict[str, tuple[Any, ...]] = {}
    for own in (row for row in rows if row.region_id == region.pk):
        siblings = [
            row for row in rows if row.indicator_id == own.indicator_id and row.region.parent_id == region.parent_id
        ]
        parent = next(
            (row for row in rows if row.indicator_id == own.indicator_id and row.region_id == region.parent_id), None
        )
        total = (
            parent.value if parent and parent.value is not None else sum((row.value or Decimal(0)) for row in siblings)
        )
        rank = 1 + sum(
            1 for row in siblings if own.value is not None and row.value is not None and row.value > own.value
        )
        share = own.value / total * 100 if own.value is not None and total else None
        result[own.indicator.code] = (own.value, share, rank)
    return result


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionpulse.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from regionpulse.core.lookups import find_region
    from regionpulse.core.periods import Period
    from regionpulse.demo.load import load_all
    from regionpulse.indicators.figures import economy

    call_command("migrate", verbosity=0)
    load_all()
    region, period = find_region("150203"), Period(2022, 6)
    figures_ms = _median_ms(lambda: economy(region, period).as_json())
    baseline_ms = _median_ms(lambda: _per_row_baseline(region, period))
    database = connection.vendor
    results = [
        {
            "name": "economy figures (one district, one period)",
            "value": round(figures_ms, 2),
            "unit": "ms",
            "baseline": round(baseline_ms, 2),
            "ratio": round(baseline_ms / figures_ms, 2),
            "database": database,
        },
    ]
    out = Path("bench/results.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{'figure':<46}{'value':>10}{'baseline':>12}{'speed-up':>10}  database", file=sys.stdout)
    for row in results:
        print(f"{row['name']:<46}{row['value']:>8} ms{row['baseline']:>9} ms{row['ratio']:>9}×  {row['database']}")
    print(f"(demo data set, median of {RUNS} runs; written to {out})")


if __name__ == "__main__":
    main()
