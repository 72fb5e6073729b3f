"""The generated province: the rows each scale promises, figures that make sense when the figure
functions read them, and a per-row loop and a hand-written query that give the same numbers."""

from __future__ import annotations

import datetime
import io
import itertools
import random
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from regionpulse.bench.cockpit import agreement
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.desk.figures import services
from regionpulse.desk.models import Request, State
from regionpulse.desk.workdays import add_working_days, working_days_between
from regionpulse.generate.calendar import WorkCalendar
from regionpulse.generate.province import SCALES, Generated, Scale, delete, existing, expected, generate, matches
from regionpulse.indicators.figures import economy
from regionpulse.projects.figures import major_projects
from regionpulse.projects.generate import PROVINCE_CODE, LedgerExistsError
from regionpulse.promotion.figures import investment_promotion
from regionpulse.promotion.models import Deal, StageMove

pytestmark = pytest.mark.django_db

TINY = Scale("tiny", districts=2, projects=20, investors=60, engagements=400, deals=30, requests=200, approvals=30)
H1 = Period(2022, 6)


@pytest.fixture
def generated() -> Generated:
    calls: list[tuple[int, int]] = []
    result = generate(TINY, progress=lambda done, total: calls.append((done, total)))
    assert calls, "progress is reported as the rows are written"
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert all(done <= total for done, total in calls)
    assert calls[-1][0] == calls[-1][1]
    return result


def district(generated: Generated) -> Region:
    return Region.objects.get(code=generated.districts[0])


def test_writes_the_rows_the_scale_promises(generated: Generated) -> None:
    found = existing()
    assert found == expected(TINY, regions=found["regions"])
    assert found["regions"] == 1 + len(generated.cities) + TINY.districts
    assert matches(TINY)
    assert not matches(TINY.with_districts(3))
    assert generated.counts["observations"] == found["observations"]
    assert generated.counts["requests"] == TINY.districts * TINY.requests
    assert generated.counts["request_events"] > 3 * generated.counts["requests"]


def test_the_scales_grow_by_districts() -> None:
    assert [SCALES[name].districts for name in ("district", "city", "province")] == [1, 10, 100]
    province = SCALES["province"]
    assert province.districts * province.projects == 100_000
    assert province.districts * province.projects * 36 == 3_600_000
    assert province.districts * province.engagements == 1_000_000
    assert province.districts * province.requests == 500_000


def test_a_province_is_written_once_and_deleted_whole(generated: Generated) -> None:
    with pytest.raises(LedgerExistsError):
        generate(TINY)
    assert delete() == generated.rows
    assert existing() == {}
    assert not Request.objects.filter(region__path__startswith=f"{PROVINCE_CODE}/").exists()
    assert delete() == 0


def test_the_same_seed_gives_the_same_province(generated: Generated) -> None:
    def amounts() -> list[tuple[str, Decimal]]:
        return list(Deal.objects.order_by("region__code", "id").values_list("name", "amount"))

    first = amounts()
    delete()
    generate(TINY)
    assert amounts() == first


def test_requests_carry_the_events_their_state_machine_writes(generated: Generated) -> None:
    for request in Request.objects.filter(region=district(generated)).prefetch_related("events")[:100]:
        events = sorted(request.events.all(), key=lambda event: (event.on, event.pk))
        assert events[0].target == State.SUBMITTED and events[0].source == ""
        assert [event.source for event in events[1:]] == [event.target for event in events[:-1]]
        assert events[-1].target == request.state
        assert all(earlier.on <= later.on for earlier, later in itertools.pairwise(events))
        if request.state == State.CONFIRMED:
            assert request.rating in range(1, 6) and request.confirmed_on is not None
            assert request.working_days == working_days_between(request.raised_on, request.resolved_on)
        assert request.resolve_by >= request.raised_on


def test_deals_move_forward_through_dated_stages(generated: Generated) -> None:
    deals = list(Deal.objects.filter(region=district(generated)))
    assert deals
    for deal in deals:
        dates = [deal.date_of(stage) for stage in range(1, deal.stage + 1)]
        assert all(dates), "every stage up to the deal's has its date"
        assert dates == sorted(dates)
        assert all(deal.date_of(stage) is None for stage in range(deal.stage + 1, 6))
        assert StageMove.objects.filter(deal=deal).count() == deal.stage - 1
    # Most deals stall early: fewer reach each stage than the one before.
    reached = [sum(1 for deal in deals if deal.stage >= stage) for stage in range(1, 6)]
    assert reached == sorted(reached, reverse=True) and reached[0] > reached[2]


def test_the_figure_functions_read_sane_figures_from_it(generated: Generated) -> None:
    region = district(generated)
    projects = major_projects(region, H1)
    assert 0 < projects.total.count <= TINY.projects
    assert 0 < (projects.total.completed_ytd.value or 0) < (projects.total.annual_plan.value or 0)
    assert 20 < (projects.total.plan_completion.value or 0) < 80

    promotion = investment_promotion(region, H1)
    assert 0 < promotion.projects_signed < promotion.enterprises_engaged
    assert (promotion.signed_amount.value or 0) > 0
    assert set(promotion.targets) == {"enterprises_engaged", "projects_signed", "signed_amount", "projects_landed",
                                      "projects_started", "funds_in_place"}  # fmt: skip

    desk = services(region, H1)
    assert 0 < desk.problems_resolved <= desk.raised + desk.open
    assert 1 <= (desk.median_days.value or 0) <= 30
    assert 1 <= (desk.satisfaction.value or 0) <= 5
    assert desk.approvals.finished > 0

    figures = economy(region, H1)
    assert len(figures.items) == 7
    gdp = figures.get("gdp")
    assert gdp is not None and (gdp.value.value or 0) > 0
    assert gdp.rank in (1, 2)
    assert 0 < (gdp.share_of_parent.value or 0) < 100


def test_the_per_row_loops_and_the_sql_floor_agree_with_the_figures(generated: Generated) -> None:
    for period in (H1, Period(2021, 12), Period(2022, 12)):
        problems = agreement(district(generated), period)
        assert set(problems) == {"indicators", "major_projects", "investment_promotion", "services"}
        assert not any(problems.values()), problems


def test_the_work_calendar_counts_as_the_desk_does() -> None:
    calendar = WorkCalendar(datetime.date(2021, 1, 1), datetime.date(2022, 12, 31))
    rng = random.Random(7)  # noqa: S311 - sample dates
    for _ in range(200):
        start = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(730))
        days = rng.randrange(0, 40)
        assert calendar.add(start, days) == add_working_days(start, days)
        end = start + datetime.timedelta(days=rng.randrange(-5, 60))
        assert calendar.between(start, end) == working_days_between(start, end)


def test_the_command_generates_and_refuses_to_write_twice() -> None:
    out = io.StringIO()
    call_command("generate", "--scale", "district", stdout=out, stderr=io.StringIO())
    assert "rows per second" in out.getvalue()
    assert existing()["districts"] == 1
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate", "--scale", "district", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("generate", "--delete", stdout=io.StringIO(), stderr=io.StringIO())
    assert existing() == {}
