"""The service desk's figures of 昆都仑区 for 2022-06 (1 January to 30 June), added up by hand from the book in
conftest.py.

problems resolved (confirmed within the window): A (7 Mar), B (15 Apr), C (20 May) → 3; not D (confirmed 4 July),
    not E (confirmed 15 Dec 2021), not I (confirmed 6 July), not L (青山区).
raised in the window: A, B, C, D, O, G, H, I, J, N → 10 (not E, raised 2021; not K, raised 1 July).
open at 30 June (raised by then, not resolved by then): G, H, I (resolved 5 July), J, N → 5.
overdue at 30 June (open, resolve_by before 30 June): H (31 Mar), I (7 Jun) → 2.
backlog by age at 30 June, in calendar days: J (2) and N (7, the last day of the first bucket) → 7天以内 2; G (8, the
    first day of the second) → 8至30天 1; I (45) → 31至90天 1; H (112) → 90天以上 1.
resolved awaiting confirmation at 30 June: O (resolved 24 June, never confirmed) and D (resolved 20 June, confirmed
    only on 4 July) → 2.
median working days of A, B, C: 3, 5, 9 → 5; satisfaction (5 + 4 + 3) / 3 → 4.00.
approvals finished in the window: P1 (5 wd), P2 (5), P3 (18) → 3; average 28 / 3 = 9.33 → 9.3; on time (within the
    promised time) P1 (5 ≤ 10) and P2 (5 ≤ 5), not P3 (18 > 15) → 2/3 = 66.67% → 66.7; time cut 100 − (10 + 5 + 15)
    / (20 + 15 + 30) × 100 = 100 − 46.15 = 53.85 → 53.8.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.desk.figures import (
    GroupFigures,
    ServiceFigures,
    by_category,
    by_department,
    services,
    written_approximately,
)
from regionpulse.desk.models import Category
from regionpulse.desk.tests.conftest import Desk, make_approval, make_request

H1 = Period(2022, 6)


def figures(region: Region, period: Period = H1) -> ServiceFigures:
    return services(region, period)


def counts(result: ServiceFigures) -> dict[str, int]:
    return {
        "raised": result.raised,
        "resolved": result.problems_resolved,
        "open": result.open,
        "overdue": result.overdue,
    }


def group(item: GroupFigures) -> tuple[Any, ...]:
    return (item.name, item.resolved, item.open, item.overdue, item.satisfaction.rounded)


def test_the_districts_half_year(book: Desk) -> None:
    result = figures(book.world.district)
    assert counts(result) == {"raised": 10, "resolved": 3, "open": 5, "overdue": 2}
    assert result.backlog_by_age == [("7天以内", 2), ("8至30天", 1), ("31至90天", 1), ("90天以上", 1)]
    assert result.median_days.value == Decimal(5)
    assert result.median_days.rounded == Decimal("5.0")
    assert result.satisfaction.value == Decimal(4)
    assert result.satisfaction.rounded == Decimal("4.00")


def test_resolved_means_confirmed_within_the_window(book: Desk) -> None:
    district = book.world.district
    # Up to March only A was confirmed (7 March). H is open at the end of March but not overdue: its deadline is
    # 31 March itself, the period's last day.
    march = figures(district, Period(2022, 3))
    assert counts(march) == {"raised": 2, "resolved": 1, "open": 1, "overdue": 0}
    # D and I are confirmed in July: the year to July counts them; E (2021) stays out.
    july = figures(district, Period(2022, 7))
    assert july.problems_resolved == 5
    assert figures(district, Period(2021, 12)).problems_resolved == 1


def test_open_and_overdue_are_as_at_the_periods_end_by_the_dates(book: Desk) -> None:
    district = book.world.district
    # At the end of May: H (overdue since 31 March) and I (raised 16 May, due 7 June) are open; A, B, C were
    # resolved; D, O, G, J, N were not raised yet.
    may = figures(district, Period(2022, 5))
    assert (may.open, may.overdue) == (2, 1)
    assert may.backlog_by_age == [("7天以内", 0), ("8至30天", 1), ("31至90天", 1), ("90天以上", 0)]


def test_resolved_awaiting_confirmation_is_as_at_the_periods_end(book: Desk) -> None:
    """O was resolved on 24 June and is still unconfirmed; D was resolved on 20 June and confirmed only on 4 July.
    At 30 June both were awaiting the enterprise's confirmation; the figure for 2022-06 must not change when D is
    confirmed in July."""
    result = figures(book.world.district)
    assert result.resolved_unconfirmed == 2


@pytest.mark.parametrize(
    ("extra", "median"),
    [
        ((), Decimal(5)),  # 3, 5, 9
        ((11,), Decimal(7)),  # 3, 5, 9, 11 → (5 + 9) / 2
        ((11, 12), Decimal(9)),  # 3, 5, 9, 11, 12
        ((1, 2, 4), Decimal("3.5")),  # 1, 2, 3, 4, 5, 9 → (3 + 4) / 2
    ],
)
def test_the_median_over_odd_and_even_counts(book: Desk, extra: tuple[int, ...], median: Decimal) -> None:
    # Each extra request is confirmed in June with the working days given (raised on Wed 1 June 2022; 3 June is
    # 端午, so the n-th working day after 1 June is listed here by hand).
    resolved_on = {1: "2022-06-02", 2: "2022-06-06", 4: "2022-06-08", 11: "2022-06-17", 12: "2022-06-20"}
    for days in extra:
        request = make_request(
            f"X-{days}",
            book.world.district,
            "2022-06-01",
            accepted="2022-06-02",
            resolved=resolved_on[days],
            confirmed="2022-06-29",
            rating=4,
        )
        assert request.working_days == days
    assert figures(book.world.district).median_days.value == median


def test_the_median_is_none_without_confirmed_requests(desk: Desk) -> None:
    result = figures(desk.world.district)
    assert result.median_days.value is None
    assert result.satisfaction.value is None
    assert counts(result) == {"raised": 0, "resolved": 0, "open": 0, "overdue": 0}
    assert result.approvals.average_days.value is None
    assert result.approvals.finished == 0


def test_satisfaction_averages_the_ratings_of_the_confirmed(book: Desk) -> None:
    make_request(
        "X-2",
        book.world.district,
        "2022-06-01",
        accepted="2022-06-02",
        resolved="2022-06-06",
        confirmed="2022-06-07",
        rating=2,
    )
    # (5 + 4 + 3 + 2) / 4 = 3.5
    result = figures(book.world.district)
    assert result.satisfaction.value == Decimal("3.5")
    assert result.satisfaction.rounded == Decimal("3.50")


def test_approval_efficiency(book: Desk) -> None:
    approvals = figures(book.world.district).approvals
    assert approvals.finished == 3
    assert approvals.average_days.value == Decimal(28) / Decimal(3)
    assert approvals.average_days.rounded == Decimal("9.3")
    assert approvals.on_time_rate.rounded == Decimal("66.7")
    assert approvals.time_cut.value == Decimal(100) - Decimal(30) / Decimal(65) * 100
    assert approvals.time_cut.rounded == Decimal("53.8")
    assert approvals.as_json() == {
        "approvals_finished": 3,
        "approval_average_working_days": 9.3,
        "approval_on_time_pct": 66.7,
        "approval_time_cut_pct": 53.8,
    }


def test_approval_cases_compute_their_working_days_when_saved(book: Desk) -> None:
    assert {key: case.working_days for key, case in book.approvals.items()} == {
        "P1": 5,
        "P2": 5,
        "P3": 18,
        "P4": 6,  # 28-30 June, 1, 4, 5 July
        "P5": None,
        "P6": 13,
        "Q1": 4,
    }
    # Finishing a case later computes its days then.
    case = book.approvals["P5"]
    case.finished_on = case.received_on.replace(day=24)
    case.save()
    case.refresh_from_db()
    assert case.working_days == 4  # 21-24 June 2022


def test_the_family_is_one_query(book: Desk, django_assert_num_queries: Callable[..., Any]) -> None:
    region = Region.objects.get(code="150203")
    with django_assert_num_queries(1):
        result = services(region, H1)
        printed = result.as_json()
    assert printed["problems_resolved"] == 3
    city = Region.objects.get(code="150200")
    with django_assert_num_queries(1):
        services(city, H1)


def test_the_json_is_as_published(book: Desk) -> None:
    printed = figures(book.world.district).as_json()
    assert printed == {
        "problems_resolved": 3,
        "problems_resolved_written": 3,
        "problems_resolved_qualifier": None,
        "requests_raised": 10,
        "resolved_awaiting_confirmation": printed["resolved_awaiting_confirmation"],  # see its own test
        "open": 5,
        "overdue": 2,
        "median_working_days_to_resolve": 5,
        "satisfaction": 4,
        "backlog_by_age": [
            {"age": "7天以内", "count": 2},
            {"age": "8至30天", "count": 1},
            {"age": "31至90天", "count": 1},
            {"age": "90天以上", "count": 1},
        ],
        "approvals_finished": 3,
        "approval_average_working_days": 9.3,
        "approval_on_time_pct": 66.7,
        "approval_time_cut_pct": 53.8,
    }


def test_the_figures_command_prints_the_services(book: Desk) -> None:
    out = io.StringIO()
    call_command("figures", "150203", "2022-06", "--json", stdout=out)
    printed = json.loads(out.getvalue())["services"]
    assert printed["problems_resolved"] == 3
    assert printed["open"] == 5
    assert printed["overdue"] == 2
    assert printed["median_working_days_to_resolve"] == 5
    assert printed["approvals_finished"] == 3


def test_a_hundred_and_thirty_four_are_written_130_and_more(desk: Desk) -> None:
    for number in range(134):
        make_request(
            f"R-{number:03d}",
            desk.world.district,
            "2022-03-01",
            accepted="2022-03-02",
            resolved="2022-03-04",
            confirmed="2022-03-07",
            rating=5,
        )
    printed = figures(desk.world.district).as_json()
    assert (printed["problems_resolved"], printed["problems_resolved_written"]) == (134, 130)
    assert printed["problems_resolved_qualifier"] == "余"


@pytest.mark.parametrize(
    ("count", "written"),
    [
        (134, (130, "余")),
        (130, (130, "")),
        (9, (9, "")),
        (19, (19, "")),
        (20, (20, "")),
        (21, (20, "余")),
        (0, (0, "")),
    ],
)
def test_written_approximately(count: int, written: tuple[int, str]) -> None:
    assert written_approximately(count) == written


def test_by_category(book: Desk) -> None:
    rows = [group(item) for item in by_category(book.world.district, H1)]
    # 用能 (D, confirmed in July) and 其他 (K, raised in July) have nothing in the window and are left out.
    assert rows == [
        (str(Category.LAND.label), 2, 2, 1, Decimal("4.00")),  # A 5, C 3; G open, I open and overdue
        (str(Category.FINANCE.label), 1, 1, 1, Decimal("4.00")),  # B 4; H open and overdue; O resolved only
        (str(Category.POLICY.label), 0, 2, 0, None),  # J and N open
    ]


def test_by_department(book: Desk) -> None:
    rows = [group(item) for item in by_department(book.world.district, H1)]
    assert rows == [
        ("昆都仑区财政局", 2, 1, 1, Decimal("4.50")),  # A 5, B 4; H open and overdue
        ("昆都仑区统计局", 1, 1, 1, Decimal("3.00")),  # C 3; I open and overdue
        ("昆都仑区营商环境局", 0, 2, 0, None),  # J and N open; D confirmed in July
        ("未分派", 0, 1, 0, None),  # G
    ]


def test_a_city_sums_its_districts(book: Desk) -> None:
    world = book.world
    district, neighbour, city = figures(world.district), figures(world.neighbour), figures(world.city)
    # 青山区: L confirmed on 11 February (2 working days, rating 1); M open since 29 June.
    assert counts(neighbour) == {"raised": 2, "resolved": 1, "open": 1, "overdue": 0}
    assert counts(city) == {key: counts(district)[key] + counts(neighbour)[key] for key in counts(city)}
    assert counts(city) == {"raised": 12, "resolved": 4, "open": 6, "overdue": 2}
    assert city.backlog_by_age == [("7天以内", 3), ("8至30天", 1), ("31至90天", 1), ("90天以上", 1)]
    # The median of 2, 3, 5, 9 is (3 + 5) / 2 = 4; satisfaction (5 + 4 + 3 + 1) / 4 = 3.25.
    assert city.median_days.value == Decimal(4)
    assert city.satisfaction.value == Decimal("3.25")
    # Approvals: P1, P2, P3 and Q1 (4 wd, promised 20 of 20): average 32 / 4 = 8; on time 3 / 4 = 75%;
    # time cut 100 − 50 / 85 × 100 = 41.18 → 41.2.
    assert city.approvals.finished == 4
    assert city.approvals.average_days.value == Decimal(8)
    assert city.approvals.on_time_rate.value == Decimal(75)
    assert city.approvals.time_cut.rounded == Decimal("41.2")
    assert figures(world.province).problems_resolved == 4
    # 青山区's L and M are unassigned like 昆都仑区's G: L confirmed (rating 1), G and M open.
    assert [group(item) for item in by_department(world.city, H1)] == [
        ("昆都仑区财政局", 2, 1, 1, Decimal("4.50")),
        ("昆都仑区统计局", 1, 1, 1, Decimal("3.00")),
        ("未分派", 1, 2, 0, Decimal("1.00")),
        ("昆都仑区营商环境局", 0, 2, 0, None),
    ]


def test_a_district_does_not_count_its_neighbour(book: Desk) -> None:
    make_approval(book.world.neighbour, "青山区审批", 20, 10, "2022-06-01", "2022-06-02")
    assert figures(book.world.district).approvals.finished == 3
    assert figures(book.world.neighbour).approvals.finished == 2
