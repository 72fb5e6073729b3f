"""Timing the cockpit for one district and period: each figure family against the per-row baseline
and the SQL floor, the three checked for the same numbers; all families together; every section's
figures as the cockpit's tabs ask for them; and the bulletin.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from regionpulse.bench import baselines, floors, numbers
from regionpulse.bench.report import Row, row
from regionpulse.core.models import Region
from regionpulse.core.periods import Period

EXTRACT: dict[str, Callable[[Any], numbers.Numbers]] = {
    "indicators": numbers.of_economy,
    "major_projects": numbers.of_major_projects,
    "investment_promotion": numbers.of_promotion,
    "services": numbers.of_services,
}
LABELS = {
    "indicators": "economy (indicators)",
    "major_projects": "major projects",
    "investment_promotion": "investment promotion",
    "services": "services desk",
}


def median_ms(function: Callable[[], Any], runs: int) -> float:
    samples = []
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _measured(families: dict[str, Callable[[Region, Period], Any]]) -> list[tuple[str, Any]]:
    """The registered families that have a baseline and a floor here (a new one is timed only as part
    of the whole cockpit until it has them)."""
    return [(key, family) for key, family in families.items() if key in EXTRACT]


@dataclass(frozen=True, slots=True)
class Runs:
    figures: int  # runs of each figure function and floor (the median is reported)
    baseline: int  # runs of each per-row baseline, which takes seconds


def agreement(region: Region, period: Period) -> dict[str, list[str]]:
    """For each family, where the per-row baseline or the floor disagrees with the figures."""
    from regionpulse.core.figures import registry

    found = {}
    for key, family in _measured(registry.families):
        mine = EXTRACT[key](family(region, period))
        found[key] = [
            f"per-row {problem}" for problem in numbers.differences(mine, baselines.FAMILIES[key](region, period))
        ]
        found[key] += [
            f"floor {problem}" for problem in numbers.differences(mine, floors.FAMILIES[key](region, period))
        ]
    return found


def sections(region: Region, period: Period) -> None:
    """What the cockpit's four tabs ask of the figure functions, beyond the families themselves."""
    from regionpulse.core.figures import registry
    from regionpulse.desk.figures import by_category, by_department
    from regionpulse.indicators.figures import among_siblings, trend
    from regionpulse.projects.figures import reported_periods
    from regionpulse.promotion.figures import by_chain, by_tag

    families = registry.compute(region, period)
    indicators = [item for item in families["indicators"].items if item.value.present]  # type: ignore[attr-defined]
    if indicators:
        trend(region, indicators[0].indicator, period)
        among_siblings(region, indicators[0].indicator, period)
    reported_periods(region)
    by_chain(region, period)
    by_tag(region, period)
    by_category(region, period)
    by_department(region, period)


def measure(region: Region, period: Period, runs: Runs) -> list[Row]:
    from regionpulse.bulletins.writer import write
    from regionpulse.core.figures import registry

    scope = f"{region.name}, {period.label}"
    results: list[Row] = []
    totals = {"figures": 0.0, "per-row": 0.0, "floor": 0.0}
    for key, family in _measured(registry.families):
        label = LABELS.get(key, key)
        family(region, period)  # the first call pays for connecting and the query plans
        figures_ms = median_ms(lambda family=family: family(region, period).as_json(), runs.figures)  # type: ignore[misc]
        per_row_ms = median_ms(lambda key=key: baselines.FAMILIES[key](region, period), runs.baseline)  # type: ignore[misc]
        floor_ms = median_ms(lambda key=key: floors.FAMILIES[key](region, period), runs.figures)  # type: ignore[misc]
        totals["figures"] += figures_ms
        totals["per-row"] += per_row_ms
        totals["floor"] += floor_ms
        results.append(row(f"{label} figures vs per-row ORM loop ({scope})", figures_ms, "ms", per_row_ms))
        results.append(row(f"{label} figures vs hand-written SQL", figures_ms, "ms", floor_ms))
        print(f"  {label}: {figures_ms:.1f} ms (per-row {per_row_ms:.0f} ms, SQL {floor_ms:.1f} ms)", file=sys.stderr)
    whole = median_ms(lambda: registry.as_json(region, period), runs.figures)
    results.append(row("cockpit figures, all four families vs per-row loops (sum)", whole, "ms", totals["per-row"]))
    results.append(row("cockpit figures, all four families vs hand-written SQL (sum)", whole, "ms", totals["floor"]))
    every = median_ms(lambda: sections(region, period), runs.figures)
    results.append(row("cockpit figures, every section of the four tabs", every, "ms"))
    bulletin = median_ms(lambda: _bulletin(write, region, period), runs.figures)
    results.append(row(f"bulletin ({scope}): written as Markdown and HTML", bulletin, "ms"))
    return results


def wider(region: Region, period: Period, runs: int) -> list[Row]:
    """The four families for the region's city and its province: the same queries over their subtrees."""
    from regionpulse.core.figures import registry

    results = []
    parent = region.parent
    while parent is not None:
        districts = Region.objects.filter(path__startswith=parent.path, level=Region.Level.COUNTY).count()
        ms = median_ms(lambda parent=parent: registry.as_json(parent, period), runs)  # type: ignore[misc]
        scope = f"{districts} district" + ("s" if districts != 1 else "")
        results.append(row(f"cockpit figures, all four families, {parent.name} ({scope})", ms, "ms"))
        print(f"  {parent.name}: {ms:.0f} ms", file=sys.stderr)
        parent = parent.parent
    return results


def _bulletin(write: Callable[[Region, Period], Any], region: Region, period: Period) -> None:
    written = write(region, period)
    written.markdown()
    for section in written.sections:
        section.html  # noqa: B018 - the linked text is what the page shows
