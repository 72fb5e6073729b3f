"""The reference article: every figure of kundulun-2022-h1.json is read, and its arithmetic holds."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from regionpulse.claims.checks import arithmetic
from regionpulse.claims.claim import AGREES, DISAGREES, Claim
from regionpulse.claims.extract import extract
from regionpulse.claims.regions import Home

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference"
pytestmark = pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference files are not beside the checkout")

KUNDULUN = Home("昆都仑区", parent="包头市")


def read(text: str) -> list[Claim]:
    claims = extract(text, home=KUNDULUN)
    arithmetic(claims)
    return claims


@pytest.fixture(scope="module")
def article() -> str:
    return (REFERENCE / "seed-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def figures() -> dict:
    return json.loads((REFERENCE / "kundulun-2022-h1.json").read_text(encoding="utf-8"))


def by_indicator(claims: list[Claim]) -> dict[str, Claim]:
    return {claim.indicator: claim for claim in claims}


def number(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def test_every_indicator_is_read_with_its_value_unit_and_growth(article: str, figures: dict) -> None:
    claims = by_indicator(read(article))
    for expected in figures["indicators"]:
        claim = claims[expected["indicator"]]
        assert claim.value == number(expected["value"]), expected["indicator"]
        assert claim.unit == (expected["unit"] if expected["value"] is not None else claim.unit)
        growth = expected.get("yoy_pct", expected.get("yoy_change_pp"))
        assert claim.yoy_pct == number(growth), expected["indicator"]
        assert claim.share_of_parent_pct == number(expected.get("share_of_parent_pct"))
        assert claim.vs_parent_pp == number(expected.get("vs_parent_pp"))
        assert claim.rank_in_parent == expected.get("rank_in_parent")
        assert (claim.region, claim.period) == ("昆都仑区", "2022-06")


def test_the_ledger_figures_are_read(article: str, figures: dict) -> None:
    claims = by_indicator(read(article))
    projects, promotion = figures["major_projects"], figures["investment_promotion"]
    assert claims["重大项目个数"].value == projects["count"]
    assert claims["重大项目总投资"].value == number(projects["total_investment_yi"])
    assert claims["重大项目年度计划投资"].value == number(projects["annual_plan_yi"])
    assert claims["重大项目累计完成投资"].value == number(projects["completed_ytd_yi"])
    assert claims["重大项目累计完成投资"].target_completion_pct == number(projects["plan_completion_pct"])
    assert claims["对接洽谈企业数"].value == promotion["enterprises_engaged"]
    assert claims["签约项目数"].value == promotion["projects_signed"]
    assert claims["签约项目数"].target_completion_pct == promotion["projects_signed_pct_of_target"]
    assert claims["签约金额"].value == number(promotion["signed_amount_yi"])
    assert claims["签约金额"].target_completion_pct == promotion["signed_amount_pct_of_target"]
    assert claims["落地项目数"].value == promotion["projects_landed"]
    assert claims["开工项目数"].value == promotion["projects_started"]
    resolved = claims["协调解决企业问题数"]
    assert (resolved.value, resolved.unit, resolved.qualifier) == (130, "项", "余")
    named = claims["通威二期5万吨高纯晶硅项目总投资"]
    assert (named.value, named.unit) == (45, "亿元")


def test_every_span_is_the_text_of_its_claim(article: str) -> None:
    for claim in read(article):
        assert article[claim.start : claim.end].strip()
        for start, end, _field in claim.parts:
            assert claim.start <= start < end <= max(claim.end, end)


def test_the_internal_checks_pass(article: str) -> None:
    claims = by_indicator(read(article))
    for name in ("重大项目累计完成投资", "签约项目数", "签约金额"):
        statuses = [check.status for check in claims[name].checks if check.kind == "arithmetic"]
        assert statuses == [AGREES], name


def test_a_changed_completion_is_flagged_and_nothing_else(article: str) -> None:
    changed = read(article.replace("71.4%", "74.1%"))
    flagged = [claim for claim in changed if claim.status == DISAGREES]
    assert [claim.indicator for claim in flagged] == ["重大项目累计完成投资"]
    check = flagged[0].checks[0]
    assert (check.stated, check.expected) == (Decimal("74.1"), Decimal("71.4"))
    assert "74.1" in check.reason and "71.4" in check.reason
