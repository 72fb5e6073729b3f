"""Benchmarks that ``make bench`` runs beside the figure benchmarks, each also runnable alone.

Each module has ``run() -> list[dict]``: rows of {"name", "value", "unit", "baseline", "ratio",
"database"}, measured against a baseline in the same run. ``run`` expects Django to be set up on a
migrated database; ``main`` (``python -m regionpulse.benchmarks.<module>``) does that itself on a
scratch SQLite database unless ``DATABASE_URL`` is set, and prints the rows as a table.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from typing import Any

Row = dict[str, Any]


def row(name: str, value: float, unit: str, baseline: float | None = None, ratio: float | None = None) -> Row:
    """One result row, on the database Django is connected to."""
    from django.db import connection

    return {
        "name": name,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "ratio": ratio,
        "database": connection.vendor,
    }


def setup(settings_module: str = "regionpulse.settings") -> None:
    """Django on ``DATABASE_URL`` (a new scratch SQLite database when unset), migrated."""
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="rp-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def print_table(rows: list[Row]) -> None:
    width = max(len(item["name"]) for item in rows) + 2
    print(f"{'benchmark':<{width}}{'value':>16}{'baseline':>16}{'ratio':>9}  database")
    for item in rows:
        value = f"{item['value']:,} {item['unit']}"
        baseline = "" if item["baseline"] is None else f"{item['baseline']:,} {item['unit']}"
        ratio = "" if item["ratio"] is None else f"{item['ratio']}×"
        print(f"{item['name']:<{width}}{value:>16}{baseline:>16}{ratio:>9}  {item['database']}")


def main(run: Callable[[], list[Row]], settings_module: str = "regionpulse.settings") -> None:
    setup(settings_module)
    rows = run()
    print_table(rows)
    sys.stdout.flush()
