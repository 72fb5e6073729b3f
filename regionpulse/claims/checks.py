"""The text's own arithmetic: does a stated completion follow from the two figures it relates, with
the rounding each figure allows? 178.3 stands for 178.25–178.35 and 249.7 for 249.65–249.75, so
178.3 ÷ 249.7 may be anything from 71.37% to 71.44%; a stated 71.4% (71.35–71.45) agrees, 74.1% does not.
"""

from __future__ import annotations

import math
from decimal import Decimal

from regionpulse.claims.claim import AGREES, DISAGREES, UNKNOWN, Check, Claim
from regionpulse.claims.numbers import convert, decimals_of, interval, is_count, roundness
from regionpulse.core.units import round_half_up

HUNDRED = Decimal(100)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def _plan_for(claim: Claim, before: list[Claim]) -> Claim | None:
    """The plan a completion is of: the nearest figure before it in the paragraph that is a plan."""
    for other in reversed(before[-6:]):
        if other.paragraph != claim.paragraph:
            break
        is_plan = other.value is not None and other.unit and "计划" in other.name + other.indicator
        if is_plan and claim.unit and convert(Decimal(1), other.unit, claim.unit) is not None:  # type: ignore[arg-type]
            return other
    return None


def _ratio_range(done: Claim, target: Decimal, target_unit: str) -> tuple[Decimal, Decimal] | None:
    assert done.value is not None and done.unit is not None
    converted = convert(target, target_unit, done.unit)
    if converted is None:
        return None
    low, high = interval(done.value, done.unit)
    target_low, target_high = (convert(bound, target_unit, done.unit) for bound in interval(target, target_unit))
    assert target_low is not None and target_high is not None
    if target_low <= 0:
        return None
    return low / target_high * HUNDRED, high / target_low * HUNDRED


def completion(claim: Claim, before: list[Claim]) -> Check | None:
    """The stated completion of a target against the value and the target (stated or planned)."""
    pct = claim.target_completion_pct
    if pct is None:
        return None
    if claim.value is None or claim.unit is None:
        return Check("arithmetic", "target_completion_pct", UNKNOWN, pct, None, "文中没有写完成数，无法核算完成比例")
    if claim.qualifier:
        return Check(
            "arithmetic", "target_completion_pct", UNKNOWN, pct, None, "完成数是约数（带“余”“近”等），无法精确核算"
        )
    plan = _plan_for(claim, before)
    if claim.target is not None and claim.target_unit:
        target, unit, label = claim.target, claim.target_unit, "文中目标"
    elif plan is not None and plan.value is not None and plan.unit:
        target, unit, label = plan.value, plan.unit, plan.name
    else:
        return implied_target(claim, pct)
    bounds = _ratio_range(claim, target, unit)
    if bounds is None:
        return Check("arithmetic", "target_completion_pct", UNKNOWN, pct, None, "完成数与目标的单位不同，无法核算")
    low, high = bounds
    stated_low, stated_high = interval(pct, "%")
    exact = round_half_up(claim.value / convert(target, unit, claim.unit) * HUNDRED, decimals_of(pct))  # type: ignore[operator]
    formula = f"{claim.name}{_text(claim.value)}{claim.unit} ÷ {label}{_text(target)}{unit}"
    span = f"按舍入范围为{low:.2f}%–{high:.2f}%"
    if high >= stated_low and low <= stated_high:
        return Check(
            "arithmetic",
            "target_completion_pct",
            AGREES,
            pct,
            exact,
            f"{formula} = {_text(exact)}%（{span}），与文中{_text(pct)}%一致",
        )
    return Check(
        "arithmetic",
        "target_completion_pct",
        DISAGREES,
        pct,
        exact,
        f"{formula} = {_text(exact)}%（{span}），文中却写{_text(pct)}%",
    )


def implied_target(claim: Claim, pct: Decimal) -> Check:
    """With no target in the text: the target the completion implies, which should be a whole number."""
    assert claim.value is not None and claim.unit is not None
    value_low, value_high = interval(claim.value, claim.unit)
    pct_low, pct_high = interval(pct, "%")
    if pct_low <= 0:
        return Check("arithmetic", "target_completion_pct", UNKNOWN, pct, None, "完成比例为0，无法推算目标")
    low, high = value_low / pct_high * HUNDRED, value_high / pct_low * HUNDRED
    whole = range(math.ceil(low), math.floor(high) + 1)
    unit = claim.unit
    if not whole:
        return Check(
            "arithmetic",
            "target_completion_pct",
            UNKNOWN,
            pct,
            None,
            f"文中没有写目标；按{_text(pct)}%推算目标在{low:.2f}–{high:.2f}{unit}之间，不是整数，无法仅凭本文核对",
        )
    target = max(whole, key=lambda number: (roundness(Decimal(number)), -abs(number - (low + high) / 2)))
    return Check(
        "arithmetic",
        "target_completion_pct",
        AGREES,
        pct,
        None,
        f"文中没有写目标；按{_text(pct)}%推算全年目标在{low:.1f}–{high:.1f}{unit}之间，"
        f"可为整数{target}{unit}，比例可以成立",
    )


def arithmetic(claims: list[Claim]) -> None:
    """Add the internal checks to every claim that states a ratio of figures in the same text."""
    for index, claim in enumerate(claims):
        check = completion(claim, claims[:index])
        if check is not None:
            claim.checks.append(check)
        if claim.value is not None and is_count(claim.unit) and claim.value != claim.value.to_integral_value():
            claim.checks.append(Check("arithmetic", "value", DISAGREES, claim.value, None, "个数不应有小数"))
