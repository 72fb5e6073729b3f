"""`make bench`: the cockpit's figures on a generated province, against baselines in the same run.

1. A province is generated (``regionpulse.generate``) unless the database already holds one of the
   same scale, which is then reused (a scratch SQLite database is new on every run).
2. For the first district and 2022年1-6月, each figure family is timed (median of BENCH_RUNS) against
   a per-row ORM loop (median of BENCH_BASELINE_RUNS) and one hand-written SQL query; the three must
   give the same numbers, and any difference is printed (not raised). Then all four families
   together, every section of the cockpit's tabs, and the bulletin; then the four families for the
   district's city and province (median of BENCH_BASELINE_RUNS).
3. The import, load and claims benchmarks, where they are present.

Results go to bench/results.json and a table. Environment:

- DATABASE_URL: the database (a scratch SQLite database when unset, removed afterwards);
- BENCH_SCALE=district|city|province (province), BENCH_DISTRICTS=N to change its districts;
- BENCH_REGENERATE=1: generate afresh even when the province is there;
- BENCH_RUNS (15), BENCH_BASELINE_RUNS (3); BENCH_WIDER=0 leaves out the city and the province;
- BENCH_IMPORTS=0, BENCH_LOAD=0, BENCH_CLAIMS=0: leave out those benchmarks.

Nothing here fails on a slow machine; a difference between the figures and a baseline is reported.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from regionpulse.bench.report import OUT, Row, row, table, write

PERIOD = (2022, 6)
# Benchmarks kept beside this one: (module, function, the variable that leaves it out).
OTHERS = (
    ("regionpulse.benchmarks.imports", "run", "BENCH_IMPORTS"),
    ("regionpulse.benchmarks.load", "run", "BENCH_LOAD"),
    ("regionpulse.claims.bench", "measure", "BENCH_CLAIMS"),
)


def _setting(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def _province() -> list[Row]:
    """The generated province the figures are measured on: reused when it is there at the same scale."""
    from regionpulse.generate.bulk import ProgressLine
    from regionpulse.generate.province import SCALES, delete, generate, matches

    scale = SCALES[os.environ.get("BENCH_SCALE", "province")]
    if "BENCH_DISTRICTS" in os.environ:
        scale = scale.with_districts(_setting("BENCH_DISTRICTS", scale.districts))
    if matches(scale) and os.environ.get("BENCH_REGENERATE", "0") == "0":
        print(f"reusing the generated province ({scale.districts} districts)", file=sys.stderr)
        return []
    removed = delete()
    if removed:
        print(f"removed the previous generated province ({removed:,} rows)", file=sys.stderr)
    generated = generate(scale, ProgressLine("generating the province"))
    counts = generated.counts
    print(
        f"generated {len(generated.districts)} districts: {counts['projects']:,} projects, "
        f"{counts['reports']:,} progress rows, {counts['engagements']:,} engagements, {counts['requests']:,} requests",
        file=sys.stderr,
    )
    return [
        row(f"generating the province ({generated.rows:,} rows)", generated.seconds, "s"),
        row("generating the province: rows a second", generated.rows / generated.seconds, "rows/s"),
    ]


def _others() -> list[Row]:
    results: list[Row] = []
    for module_name, function_name, switch in OTHERS:
        if os.environ.get(switch, "1") == "0":
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, function_name, None)
        if function is None:
            continue
        print(f"running {module_name}.{function_name}()", file=sys.stderr, flush=True)
        try:
            found: Any = function()
        # One benchmark's failure must not lose the others' results.
        except Exception as error:
            print(f"WARNING: {module_name}.{function_name}() failed: {error!r}", file=sys.stderr)
            continue
        results += found if isinstance(found, list) else [found]
    return results


def main() -> None:
    scratch = None
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="rp-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionpulse.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from regionpulse.bench.cockpit import Runs, agreement, measure, wider
    from regionpulse.core.models import Region
    from regionpulse.core.periods import Period
    from regionpulse.projects.generate import PROVINCE_CODE

    try:
        call_command("migrate", verbosity=0)
        results = _province()
        write(results)
        district = Region.objects.filter(path__startswith=f"{PROVINCE_CODE}/", level=Region.Level.COUNTY).order_by(
            "code"
        )[0]
        period = Period(*PERIOD)
        runs = Runs(_setting("BENCH_RUNS", 15), _setting("BENCH_BASELINE_RUNS", 3))
        print(f"measuring {district.name} ({district.code}), {period.label}, on {connection.vendor}", file=sys.stderr)
        for family, problems in agreement(district, period).items():
            if problems:
                for problem in problems:
                    print(f"WARNING: {family}: {problem}", file=sys.stderr)
            else:
                print(f"  {family}: the figures, the per-row loop and the SQL query agree", file=sys.stderr)
        results += measure(district, period, runs)
        write(results)
        if os.environ.get("BENCH_WIDER", "1") != "0":
            results += wider(district, period, runs.baseline)
            write(results)
        results += _others()
        write(results)
        print(table(results))
        print(f"(medians of {runs.figures} runs, per-row loops of {runs.baseline}; written to {OUT})")
    finally:
        if scratch is not None:
            connection.close()
            shutil.rmtree(Path(scratch), ignore_errors=True)


if __name__ == "__main__":
    main()
