"""`make bench`: the figures against a straightforward per-row baseline, in the same run.

Loads the demo into a scratch SQLite database (or uses DATABASE_URL) and times the economy
figures; then (unless BENCH_LEDGER=0) generates a synthetic province of major-project ledgers —
BENCH_LEDGER_DISTRICTS (100) × BENCH_LEDGER_PROJECTS (1000) projects, three years of monthly
progress — reports how fast it was written, and times one district's major-project figures.
Prints a table and writes bench/results.json. Figures only inform; nothing here fails on a slow
machine (a baseline that disagrees with the figures is reported, not raised).
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
LEDGER_RUNS = 7
LEDGER_YEARS = (2020, 2021, 2022)
OUT = Path("bench/results.json")


def _median_ms(function: Callable[[], Any], runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
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


def _ledger_baseline(district: Any, period: Any) -> dict[str, dict[str, Any]]:
    """The major-project figures the naive way: every listed project of the district, one at a time.

    For each project on the year's list (of at least 1亿元) it fetches the year's plan and the
    approved reports and adds them up in Python; the total and the 专班 breakdown, in 万元.
    """
    from regionpulse.projects.figures import THRESHOLD_WAN, UNASSIGNED
    from regionpulse.projects.models import AnnualPlan, ProgressReport, Project

    zero = Decimal(0)
    groups: dict[str, dict[str, Any]] = {}
    listed = Project.objects.filter(region=district, listings__year=period.year).select_related("task_force")
    for project in listed:
        if project.total_investment < THRESHOLD_WAN:
            continue
        plan = AnnualPlan.objects.filter(project=project, year=period.year).first()
        reports = ProgressReport.objects.filter(project=project, year=period.year, status="approved")
        done = sum((report.investment for report in reports if report.month <= period.month), zero)
        name = project.task_force.name if project.task_force else UNASSIGNED
        for key in ("total", name):
            group = groups.setdefault(key, {"count": 0, "total": zero, "plan": zero, "done": zero})
            group["count"] += 1
            group["total"] += project.total_investment
            group["plan"] += plan.planned_investment if plan else zero
            group["done"] += done
    return groups


def _ledger_differences(figures: Any, baseline: dict[str, dict[str, Any]]) -> list[str]:
    """Where the aggregate query and the per-row baseline disagree (by more than 0.01万元)."""
    from regionpulse.core.units import convert

    def wan(figure: Any) -> Decimal:
        return convert(figure.value or Decimal(0), "亿元", "万元")

    groups = {"total": figures.total, **{group.name: group for group in figures.breakdowns["task_force"]}}
    problems = []
    for key in sorted(set(groups) | set(baseline)):
        group, expected = groups.get(key), baseline.get(key)
        if group is None or expected is None:
            problems.append(f"{key}: only in the {'baseline' if group is None else 'figures'}")
            continue
        got = {
            "count": group.count,
            "total": wan(group.total_investment),
            "plan": wan(group.annual_plan),
            "done": wan(group.completed_ytd),
        }
        for name, value in got.items():
            if abs(value - expected[name]) > Decimal("0.01"):
                problems.append(f"{key} {name}: figures {value}, baseline {expected[name]}")
    return problems


class _Progress:
    """A progress line on stderr: rewritten in place on a terminal, every tenth otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.start = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.shown = -1.0

    def __call__(self, done: int, total: int) -> None:
        elapsed = time.perf_counter() - self.start
        line = f"{self.label}: {done:,} / {total:,} rows ({done / total:.0%}), {elapsed:.0f} s"
        if self.tty:
            if elapsed - self.shown >= 0.5 or done == total:
                self.shown = elapsed
                print(f"\r{line}", end="\n" if done == total else "", file=sys.stderr, flush=True)
        elif done * 10 // total > self.shown or done == total:
            self.shown = done * 10 // total
            print(line, file=sys.stderr, flush=True)


def _ledger_bench() -> list[dict[str, Any]]:
    from django.db import connection

    from regionpulse.core.models import Region
    from regionpulse.core.periods import Period
    from regionpulse.projects.figures import major_projects
    from regionpulse.projects.generate import delete_ledger, generate_ledger

    districts = int(os.environ.get("BENCH_LEDGER_DISTRICTS", "100"))
    per_district = int(os.environ.get("BENCH_LEDGER_PROJECTS", "1000"))
    database = connection.vendor
    removed = delete_ledger()
    if removed:
        print(f"removed the previous synthetic ledger ({removed:,} rows)", file=sys.stderr)
    generated = generate_ledger(districts, per_district, LEDGER_YEARS, _Progress("generating the synthetic ledger"))
    if database == "postgresql":
        # Autovacuum would analyse the freshly loaded tables soon; a benchmark should not wait for it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    projects, reports = generated.counts["projects"], generated.counts["reports"]
    district, period = Region.objects.get(code=generated.districts[0]), Period(2022, 6)
    figures_ms = _median_ms(lambda: major_projects(district, period).as_json(), LEDGER_RUNS)
    baseline_ms = _median_ms(lambda: _ledger_baseline(district, period), LEDGER_RUNS)
    for problem in _ledger_differences(major_projects(district, period), _ledger_baseline(district, period)):
        print(f"WARNING: major-project figures differ from the baseline: {problem}", file=sys.stderr)
    scale = f"{districts:,} districts × {per_district:,} projects, {generated.rows:,} rows"
    return [
        {
            "name": f"synthetic ledger generation ({scale})",
            "value": round(generated.seconds, 1),
            "unit": "s",
            "baseline": None,
            "ratio": None,
            "database": database,
        },
        {
            "name": "synthetic ledger generation speed",
            "value": round(generated.rows / generated.seconds),
            "unit": "rows/s",
            "baseline": None,
            "ratio": None,
            "database": database,
        },
        {
            "name": (f"major-project figures (one district of {projects:,} projects / {reports:,} progress rows)"),
            "value": round(figures_ms, 2),
            "unit": "ms",
            "baseline": round(baseline_ms, 2),
            "ratio": round(baseline_ms / figures_ms, 2),
            "database": database,
        },
    ]


def _write(results: list[dict[str, Any]]) -> None:
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def _print(results: list[dict[str, Any]]) -> None:
    width = max(len(row["name"]) for row in results) + 2
    print(f"{'figure':<{width}}{'value':>14}{'baseline':>12}{'speed-up':>10}  database")
    for row in results:
        value = f"{row['value']:,} {row['unit']}"
        baseline = "" if row["baseline"] is None else f"{row['baseline']:,} {row['unit']}"
        ratio = "" if row["ratio"] is None else f"{row['ratio']}×"
        print(f"{row['name']:<{width}}{value:>14}{baseline:>12}{ratio:>10}  {row['database']}")


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
    _write(results)
    notes = [f"economy: demo data set, median of {RUNS} runs"]
    if os.environ.get("BENCH_LEDGER", "1") != "0":
        results += _ledger_bench()
        _write(results)
        notes.append(f"major projects: 2022年1-6月 of the first synthetic district, median of {LEDGER_RUNS} runs")
    _print(results)
    print(f"({'; '.join(notes)}; written to {OUT})")


if __name__ == "__main__":
    main()
