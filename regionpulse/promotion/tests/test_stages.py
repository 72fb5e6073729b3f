"""A deal's way from 洽谈 to 投产: forward only with every date, in order and not ahead of today; back only
with a reason; and, once it is a major project, on with the project's progress and never back."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from regionpulse.conftest import World
from regionpulse.core import history, workflow
from regionpulse.core.actors import acting_as
from regionpulse.core.models import ChangeRecord, User
from regionpulse.core.spreadsheets import read_rows
from regionpulse.core.tests.importing import MAX_BYTES, workbook
from regionpulse.projects.classifications import MilestoneKind
from regionpulse.projects.classifications import Stage as ProjectStage
from regionpulse.projects.importers import ProjectImporter
from regionpulse.projects.models import Milestone, ProgressReport, Project
from regionpulse.projects.review import APPROVE
from regionpulse.projects.tests.conftest import make_project, make_report
from regionpulse.promotion.models import STAGE_DATE_FIELDS, Deal, Stage, StageMove
from regionpulse.promotion.stages import move
from regionpulse.promotion.tests.conftest import day, make_deal, make_investor

FOLLOWED = "随重大项目进展更新"
Status = ProgressReport.Status


def talks(world: World, stage: Stage = Stage.NEGOTIATING, name: str = "通威股份有限公司", **dates: Any) -> Deal:
    """A deal in talks since 10 January 2022, or at ``stage`` with the later dates given."""
    investor = make_investor(world.district, name)
    return make_deal(f"{name}项目", investor, "500000", stage, negotiating_on="2022-01-10", **dates)


def stage_field(stage: Stage) -> str:
    return STAGE_DATE_FIELDS[stage]


def stored(deal: Deal) -> dict[str, Any]:
    fresh = Deal.objects.get(pk=deal.pk)
    return {
        "stage": fresh.stage,
        **{stage_field(stage): fresh.date_of(stage) for stage in Stage},
    }


def refused(deal: Deal, target: Stage, on: datetime.date | None, user: User, reason: str = "") -> str:
    """The move is refused with a message in Chinese, and neither the deal, its moves nor its history change."""
    before = stored(deal)
    changes = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as refusal:
        move(deal, target, on, user, reason)
    assert stored(deal) == before
    assert not StageMove.objects.filter(deal=deal).exists()
    assert ChangeRecord.objects.count() == changes
    message = " ".join(refusal.value.messages)
    assert any("\u4e00" <= character <= "\u9fff" for character in message), message
    return message


def test_talks_cannot_jump_to_started_without_a_signing_date(world: World, officer: User) -> None:
    deal = talks(world)
    message = refused(deal, Stage.STARTED, day("2022-05-01"), officer)
    assert "签约" in message
    assert "落地" in message


def test_a_signed_deal_cannot_start_before_it_has_landed(world: World, officer: User) -> None:
    deal = talks(world, Stage.SIGNED, signed_on="2022-02-01")
    assert "落地" in refused(deal, Stage.STARTED, day("2022-05-01"), officer)
    assert "落地" in refused(deal, Stage.PRODUCING, day("2022-05-01"), officer)


def test_a_forward_move_needs_its_date(world: World, officer: User) -> None:
    deal = talks(world)
    assert "签约日期" in refused(deal, Stage.SIGNED, None, officer)


def test_a_date_earlier_than_the_stage_before_is_refused(world: World, officer: User) -> None:
    signed = talks(world, Stage.SIGNED, signed_on="2022-02-01")
    assert "2022-02-01" in refused(signed, Stage.LANDED, day("2022-01-31"), officer)
    in_talks = talks(world, name="包头美科硅能源有限公司")
    assert "2022-01-10" in refused(in_talks, Stage.SIGNED, day("2022-01-09"), officer)


def test_a_date_that_has_not_come_is_refused(world: World, officer: User) -> None:
    deal = talks(world)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert tomorrow.isoformat() in refused(deal, Stage.SIGNED, tomorrow, officer)


def test_a_forward_move_on_the_same_day_as_the_stage_before_is_taken(world: World, officer: User) -> None:
    deal = talks(world)
    moved = move(deal, Stage.SIGNED, day("2022-01-10"), officer)
    assert stored(deal)["stage"] == Stage.SIGNED
    assert stored(deal)["signed_on"] == day("2022-01-10")
    assert (moved.source, moved.target, moved.on, moved.by) == (
        Stage.NEGOTIATING,
        Stage.SIGNED,
        day("2022-01-10"),
        officer,
    )


def test_moving_on_stage_by_stage_dates_each_stage_and_records_each_move(world: World, officer: User) -> None:
    deal = talks(world)
    changes = ChangeRecord.objects.count()
    today = timezone.localdate()
    steps = [
        (Stage.SIGNED, day("2022-02-15")),
        (Stage.LANDED, day("2022-04-01")),
        (Stage.STARTED, day("2022-05-10")),
        (Stage.PRODUCING, today),
    ]
    for target, on in steps:
        move(deal, target, on, officer)
    assert stored(deal) == {
        "stage": Stage.PRODUCING,
        "negotiating_on": day("2022-01-10"),
        "signed_on": day("2022-02-15"),
        "landed_on": day("2022-04-01"),
        "started_on": day("2022-05-10"),
        "producing_on": today,
    }
    moves = list(StageMove.objects.filter(deal=deal).order_by("id").values_list("source", "target", "on"))
    assert moves == [
        (Stage.NEGOTIATING, Stage.SIGNED, day("2022-02-15")),
        (Stage.SIGNED, Stage.LANDED, day("2022-04-01")),
        (Stage.LANDED, Stage.STARTED, day("2022-05-10")),
        (Stage.STARTED, Stage.PRODUCING, today),
    ]
    assert ChangeRecord.objects.count() == changes + 4


def test_a_move_back_needs_a_reason(world: World, officer: User) -> None:
    deal = talks(world, Stage.STARTED, signed_on="2022-02-15", landed_on="2022-04-01", started_on="2022-05-10")
    assert "原因" in refused(deal, Stage.SIGNED, None, officer)
    assert "原因" in refused(deal, Stage.SIGNED, None, officer, reason="   ")


def test_a_move_back_with_a_reason_clears_the_later_dates_and_says_why(world: World, officer: User) -> None:
    deal = talks(world, Stage.STARTED, signed_on="2022-02-15", landed_on="2022-04-01", started_on="2022-05-10")
    before = history.history_of(deal).count()
    with acting_as(officer, "web"):
        moved = move(deal, Stage.SIGNED, None, officer, reason="企业调整投资计划，暂缓注册")
    assert stored(deal) == {
        "stage": Stage.SIGNED,
        "negotiating_on": day("2022-01-10"),
        "signed_on": day("2022-02-15"),
        "landed_on": None,
        "started_on": None,
        "producing_on": None,
    }
    record = StageMove.objects.get(deal=deal)
    assert record == moved
    assert (record.source, record.target, record.reason, record.by) == (
        Stage.STARTED,
        Stage.SIGNED,
        "企业调整投资计划，暂缓注册",
        officer,
    )
    changes = history.history_of(deal)
    assert changes.count() == before + 1
    change = changes.first()
    assert change is not None
    assert change.action == ChangeRecord.Action.UPDATE
    assert change.actor == officer
    assert change.before == {"stage": Stage.STARTED, "landed_on": "2022-04-01", "started_on": "2022-05-10"}
    assert change.after == {"stage": Stage.SIGNED, "landed_on": None, "started_on": None}


def test_after_a_move_back_the_deal_moves_on_again_with_new_dates(world: World, officer: User) -> None:
    deal = talks(world, Stage.LANDED, signed_on="2022-02-15", landed_on="2022-04-01")
    move(deal, Stage.SIGNED, None, officer, reason="注册地变更")
    move(deal, Stage.LANDED, day("2022-06-01"), officer)
    assert stored(deal)["landed_on"] == day("2022-06-01")
    assert StageMove.objects.filter(deal=deal).count() == 2


# The major-project ledger moves its deals.


def linked(world: World, deal_stage: Stage, project_stage: str = ProjectStage.PREPARATION, **dates: Any) -> Deal:
    project = make_project("KDL-Z-001", world.district, "500000", (2022,), stage=project_stage, name="通威二期项目")
    investor = make_investor(world.district, "通威股份有限公司")
    return make_deal("通威二期", investor, "500000", deal_stage, project=project, **dates)


def approve(project: Project, year: int, month: int, stage: str, user: User, amount: str = "3000") -> None:
    report = make_report(project, year, month, amount, Status.SUBMITTED, stage)
    workflow.apply([report], APPROVE, user)


def test_a_deal_of_a_major_project_is_not_started_by_hand(world: World, officer: User) -> None:
    deal = linked(world, Stage.LANDED, signed_on="2022-02-01", landed_on="2022-03-01")
    assert "重大项目" in refused(deal, Stage.STARTED, day("2022-05-01"), officer)
    assert "重大项目" in refused(deal, Stage.PRODUCING, day("2022-05-01"), officer)


def test_a_deal_of_a_major_project_still_lands_by_hand(world: World, officer: User) -> None:
    deal = linked(world, Stage.SIGNED, signed_on="2022-02-01")
    move(deal, Stage.LANDED, day("2022-03-01"), officer)
    assert stored(deal)["stage"] == Stage.LANDED


def test_an_approved_report_of_construction_starts_the_deal_on_the_start_milestones_date(world: World) -> None:
    deal = linked(world, Stage.SIGNED, signed_on="2022-02-01")
    project = deal.project
    assert project is not None
    Milestone.objects.create(project=project, kind=MilestoneKind.START, actual_date=day("2022-05-20"))
    approve(project, 2022, 5, ProjectStage.CONSTRUCTION, world.admin)
    assert Project.objects.get(pk=project.pk).stage == ProjectStage.CONSTRUCTION
    after = stored(deal)
    assert after["stage"] == Stage.STARTED
    assert after["started_on"] == day("2022-05-20")
    assert after["signed_on"] == day("2022-02-01")
    # 落地 is dated too, not later than 开工 and not earlier than 签约.
    assert after["landed_on"] is not None
    assert day("2022-02-01") <= after["landed_on"] <= day("2022-05-20")
    record = StageMove.objects.get(deal=deal)
    assert (record.source, record.target, record.on, record.reason) == (
        Stage.SIGNED,
        Stage.STARTED,
        day("2022-05-20"),
        FOLLOWED,
    )


def test_without_a_start_milestone_the_deal_starts_in_the_month_of_the_approved_report(world: World) -> None:
    deal = linked(world, Stage.LANDED, signed_on="2022-02-01", landed_on="2022-03-01")
    project = deal.project
    assert project is not None
    approve(project, 2022, 5, ProjectStage.CONSTRUCTION, world.admin)
    after = stored(deal)
    assert (after["stage"], after["started_on"], after["landed_on"]) == (
        Stage.STARTED,
        day("2022-05-01"),
        day("2022-03-01"),
    )
    assert StageMove.objects.get(deal=deal).reason == FOLLOWED


def test_a_report_still_waiting_for_review_moves_nothing(world: World) -> None:
    deal = linked(world, Stage.SIGNED, signed_on="2022-02-01")
    project = deal.project
    assert project is not None
    make_report(project, 2022, 5, "3000", Status.SUBMITTED, ProjectStage.CONSTRUCTION)
    assert stored(deal)["stage"] == Stage.SIGNED
    assert not StageMove.objects.exists()


def test_the_project_never_moves_its_deal_backwards(world: World) -> None:
    deal = linked(
        world,
        Stage.PRODUCING,
        signed_on="2022-01-05",
        landed_on="2022-01-20",
        started_on="2022-02-10",
        producing_on="2022-04-01",
    )
    before = stored(deal)
    project = deal.project
    assert project is not None
    approve(project, 2022, 5, ProjectStage.CONSTRUCTION, world.admin)
    assert Project.objects.get(pk=project.pk).stage == ProjectStage.CONSTRUCTION
    assert stored(deal) == before
    assert not StageMove.objects.exists()


def test_a_started_deal_is_not_moved_again_by_a_completed_project(world: World) -> None:
    deal = linked(world, Stage.STARTED, signed_on="2022-01-05", landed_on="2022-01-20", started_on="2022-02-10")
    project = deal.project
    assert project is not None
    approve(project, 2022, 5, ProjectStage.COMPLETED, world.admin)
    assert stored(deal)["stage"] == Stage.STARTED
    assert stored(deal)["started_on"] == day("2022-02-10")
    assert not StageMove.objects.exists()


def test_an_imported_project_in_production_moves_its_deal_to_production(world: World) -> None:
    deal = linked(world, Stage.SIGNED, ProjectStage.CONSTRUCTION, signed_on="2022-02-01")
    project = deal.project
    assert project is not None
    Milestone.objects.create(project=project, kind=MilestoneKind.START, actual_date=day("2022-04-01"))
    Milestone.objects.create(project=project, kind=MilestoneKind.PRODUCTION, actual_date=day("2022-06-15"))
    rows = [list(row) for row in ProjectImporter.export_rows(ProjectImporter.export_queryset(None))]
    assert rows[0][12] == "在建"
    rows[0][12] = "投产"
    result = ProjectImporter(None).run(read_rows(workbook(ProjectImporter, rows), MAX_BYTES))
    assert result.updated == 1
    after = stored(deal)
    assert (after["stage"], after["landed_on"], after["started_on"], after["producing_on"]) == (
        Stage.PRODUCING,
        day("2022-04-01"),
        day("2022-04-01"),
        day("2022-06-15"),
    )
    record = StageMove.objects.get(deal=deal)
    assert (record.source, record.target, record.on, record.reason) == (
        Stage.SIGNED,
        Stage.PRODUCING,
        day("2022-06-15"),
        FOLLOWED,
    )


def test_a_project_started_before_the_signing_leaves_the_deals_dates_in_order(world: World) -> None:
    """A continuing project may have started (2021-12-01) before the bureau signed its deal (2022-02-01): the
    deal still cannot be dated 落地 or 开工 before it was signed, or its own export would not import back."""
    deal = linked(world, Stage.SIGNED, signed_on="2022-02-01")
    project = deal.project
    assert project is not None
    Milestone.objects.create(project=project, kind=MilestoneKind.START, actual_date=day("2021-12-01"))
    approve(project, 2022, 5, ProjectStage.CONSTRUCTION, world.admin)
    after = stored(deal)
    assert after["stage"] == Stage.STARTED
    assert after["signed_on"] <= after["landed_on"] <= after["started_on"], after
