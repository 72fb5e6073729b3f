"""With the demo loaded, `regionpulse figures` prints every figure the reference article publishes."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

REFERENCE_NAME = "kundulun-2022-h1.json"
IGNORED_KEYS = {"text", "note"}


def reference_path() -> Path:
    candidates = [Path(__file__).parents[3].parent / "shared" / "reference" / REFERENCE_NAME]
    if os.environ.get("REGIONPULSE_REFERENCE"):
        candidates.append(Path(os.environ["REGIONPULSE_REFERENCE"]))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    pytest.fail(f"reference figures not found; looked in {', '.join(map(str, candidates))} (set REGIONPULSE_REFERENCE)")


def figures(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("figures", *args, "--json", stdout=out)
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@pytest.fixture
def demo(shared_demo: None, db: None) -> None:
    """The demo data set, loaded once for the module."""


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(reference_path().read_text(encoding="utf-8"))
    return data


def same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(actual, int | float) and not isinstance(actual, bool) and float(actual) == float(expected)
    return bool(expected == actual)


def test_every_published_indicator_figure_matches_the_reference(demo: None, reference: dict[str, Any]) -> None:
    data = figures("150203", "2022-06")
    assert data["region"] == reference["region"]
    assert data["period"] == reference["period"]
    platform = {item["indicator"]: item for item in data["indicators"]}
    mismatches = []
    for entry in reference["indicators"]:
        name = entry["indicator"]
        assert name in platform, f"the platform prints no figures for {name}"
        for key, expected in entry.items():
            if key in IGNORED_KEYS:
                continue
            actual = platform[name].get(key, "<missing>")
            if not same(expected, actual):
                mismatches.append(f"{name}.{key}: reference {expected!r}, platform {actual!r}")
    assert not mismatches, "\n".join(mismatches)


def numeric_mismatches(expected: dict[str, Any], actual: dict[str, Any], path: str) -> list[str]:
    """Every number of the reference block (nested blocks too) against the platform's, by key."""
    found = []
    for key, value in expected.items():
        where = f"{path}.{key}"
        if isinstance(value, dict):
            found += numeric_mismatches(value, actual.get(key) or {}, where)
        elif isinstance(value, int | float) and not same(value, actual.get(key, "<missing>")):
            found.append(f"{where}: reference {value!r}, platform {actual.get(key, '<missing>')!r}")
    return found


@pytest.mark.parametrize("block", ["major_projects", "investment_promotion"])
def test_every_published_ledger_figure_matches_the_reference(demo: None, reference: dict[str, Any], block: str) -> None:
    data = figures("150203", "2022-06")
    mismatches = numeric_mismatches(reference[block], data[block], block)
    assert not mismatches, "\n".join(mismatches)


def test_figures_accepts_a_chinese_period_and_a_region_name(demo: None) -> None:
    assert figures("昆都仑区", "2022年上半年") == figures("150203", "2022-06")


@pytest.mark.django_db
def test_figures_refuses_an_unknown_region_in_chinese() -> None:
    with pytest.raises(CommandError) as error:
        figures("999999", "2022-06")
    assert "没有找到地区" in str(error.value)
    assert "999999" in str(error.value)


def test_figures_refuses_a_bad_period_in_chinese(demo: None) -> None:
    with pytest.raises(CommandError) as error:
        figures("150203", "2022年下半年")
    assert has_chinese(str(error.value))
    assert "2022年下半年" in str(error.value)
