"""Result rows: {"name", "value", "unit", "baseline", "ratio", "database"}, as JSON and as a table.

``ratio`` is always baseline ÷ value: a speed-up against a slower baseline, a fraction (0.5 = twice
the time) against a faster floor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Row = dict[str, Any]
OUT = Path("bench/results.json")


def row(name: str, value: float, unit: str, baseline: float | None = None) -> Row:
    from django.db import connection

    digits = {"ms": 2, "s": 1}.get(unit)

    def shown(number: float) -> float:
        return round(number) if digits is None else round(number, digits)

    return {
        "name": name,
        "value": shown(value),
        "unit": unit,
        "baseline": None if baseline is None else shown(baseline),
        "ratio": None if baseline is None or not value else round(baseline / value, 2),
        "database": connection.vendor,
    }


def write(results: list[Row], path: Path = OUT) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def table(results: list[Row]) -> str:
    width = max(len(item["name"]) for item in results) + 2
    lines = [f"{'figure':<{width}}{'value':>16}{'baseline':>16}{'ratio':>9}  database"]
    for item in results:
        value = f"{item['value']:,} {item['unit']}"
        baseline = "" if item["baseline"] is None else f"{item['baseline']:,} {item['unit']}"
        ratio = "" if item["ratio"] is None else f"{item['ratio']}×"
        lines.append(f"{item['name']:<{width}}{value:>16}{baseline:>16}{ratio:>9}  {item['database']}")
    return "\n".join(lines)
