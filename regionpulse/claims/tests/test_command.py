"""``regionpulse claims FILE [--region CODE] [--json]``."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from regionpulse.conftest import World, observe

KEYS = [
    "indicator",
    "region",
    "period",
    "value",
    "unit",
    "qualifier",
    "yoy_pct",
    "share_of_parent_pct",
    "vs_parent_pp",
    "rank_in_parent",
    "target_completion_pct",
    "text",
    "span",
    "checks",
]


def run(*args: str) -> str:
    out = StringIO()
    call_command("claims", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_claims_as_json(world: World, tmp_path: Path) -> None:
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    article = tmp_path / "article.txt"
    article.write_text("2022年上半年,我区地区生产总值达592.48亿元,占全市总量的31.4%,同比增长6.9%。", encoding="utf-8")
    claims = json.loads(run(str(article), "--region", "150203", "--json"))["claims"]
    assert list(claims[0]) == KEYS
    assert claims[0]["indicator"] == "地区生产总值"
    assert (claims[0]["region"], claims[0]["period"]) == ("昆都仑区", "2022-06")
    assert (claims[0]["value"], claims[0]["yoy_pct"], claims[0]["share_of_parent_pct"]) == (592.48, 6.9, 31.4)
    assert claims[0]["vs_parent_pp"] is None and claims[0]["rank_in_parent"] is None
    assert claims[0]["span"] == [11, len("2022年上半年,我区地区生产总值达592.48亿元,占全市总量的31.4%,同比增长6.9%")]
    statuses = {(check["field"], check["status"]) for check in claims[0]["checks"]}
    assert ("value", "agrees") in statuses


def test_it_prints_a_readable_list_by_default(world: World, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("截至6月底,签约项目135个。", encoding="utf-8")
    assert "签约项目数" in run(str(article))


def test_an_empty_file_is_an_error(world: World, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="没有可核对的文字"):
        run(str(empty))


def test_an_unknown_region_or_missing_file_is_an_error(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="没有找到地区"):
        run(str(tmp_path / "x.txt"), "--region", "999999")
    with pytest.raises(CommandError, match="无法读取文件"):
        run(str(tmp_path / "missing.txt"))
