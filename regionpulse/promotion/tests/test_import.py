"""The pipeline's four sheets: one enterprise however its name is spelt, list tags read as typed, deals whose
dates say their stage, an export that comes back unchanged, and a bad row that refuses the whole file."""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from typing import Any

import pytest

from regionpulse.conftest import World
from regionpulse.core.importing import Importer
from regionpulse.core.models import ChangeRecord, User
from regionpulse.core.periods import Period
from regionpulse.core.tests.importing import exported, refused_import, run, table_counts
from regionpulse.demo.organisations import demo_credit_code
from regionpulse.projects.tests.conftest import make_project
from regionpulse.promotion.figures import investment_promotion
from regionpulse.promotion.importers import DealImporter, EngagementImporter, InvestorImporter, TargetImporter
from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Investor, Listing, Stage, Target
from regionpulse.promotion.tests.conftest import MEIKE, SOLAR, TONGWEI, Pipeline, day, make_investor

PIPELINE_MODELS = (Investor, Listing, IndustryChain, Engagement, Deal, Target, ChangeRecord)
# A refused file leaves these tables as they were, history included.
refused = functools.partial(refused_import, models=PIPELINE_MODELS)
GROUP = "内蒙古通威(集团)有限公司"


def investor_row(name: str, code: str | None = None, tags: str | None = None, region: str = "150203") -> list[Any]:
    return [name, region, code, "四川省成都市", "光伏", tags]


def deal_row(name: str = "通威三期", investor: str = TONGWEI, **dates: str) -> list[Any]:
    fields = ("negotiating_on", "signed_on", "landed_on", "started_on", "producing_on")
    return [name, "150203", investor, None, 120000, 0, *(dates.get(field) for field in fields), None]


# Enterprises


def test_the_same_enterprise_spelt_with_other_spaces_and_brackets_stays_one(world: World, officer: User) -> None:
    first = run(InvestorImporter, officer, [investor_row("内蒙古 通威（集团）有限公司")])
    assert (first.created, first.updated, first.unchanged) == (1, 0, 0)
    for spelling in (GROUP, "内蒙古通威【集团】有限公司", " 内蒙古通威 （集团） 有限公司 "):
        again = run(InvestorImporter, officer, [investor_row(spelling)])
        assert again.created == 0
        assert again.updated + again.unchanged == 1
        assert Investor.objects.count() == 1
    # The same spelling twice more changes nothing at all.
    assert run(InvestorImporter, officer, [investor_row(" 内蒙古通威 （集团） 有限公司 ")]).unchanged == 1


def test_two_spellings_of_one_enterprise_in_one_sheet_are_one_row_too_many(world: World, officer: User) -> None:
    problems = refused(InvestorImporter, officer, [investor_row(GROUP), investor_row("内蒙古 通威（集团）有限公司")])
    assert len(problems) == 1
    assert problems[0].startswith("第3行：与第2行重复")


def test_the_same_name_in_another_district_is_another_enterprise(world: World) -> None:
    result = run(InvestorImporter, None, [investor_row(GROUP), investor_row(GROUP, region="150204")])
    assert result.created == 2
    assert sorted(Investor.objects.values_list("region__code", flat=True)) == ["150203", "150204"]


def test_a_credit_code_finds_the_enterprise_under_another_name(world: World, officer: User) -> None:
    code = demo_credit_code(7)
    existing = make_investor(world.district, MEIKE, credit_code=code)
    result = run(InvestorImporter, officer, [investor_row("美科硅能源（包头）股份有限公司", code=code)])
    assert (result.created, result.updated) == (0, 1)
    investor = Investor.objects.get()
    assert investor.pk == existing.pk
    assert investor.name == "美科硅能源（包头）股份有限公司"
    assert investor.credit_code == code


def test_two_rows_with_one_credit_code_are_one_enterprise_written_twice(world: World, officer: User) -> None:
    """Two new rows under two names but one credit code name one enterprise: the second row is the duplicate,
    reported as such, not a database error."""
    code = demo_credit_code(11)
    rows = [investor_row("甲科技有限公司", code=code), investor_row("甲科技（包头）有限公司", code=code)]
    problems = refused(InvestorImporter, officer, rows)
    assert len(problems) == 1
    assert problems[0].startswith("第3行：与第2行重复")


def test_the_code_of_one_enterprise_with_the_name_of_another_is_refused_as_a_row(world: World, officer: User) -> None:
    """The row's credit code is 甲's, its name is 乙's: which enterprise it means is for the officer to say; the
    file is refused with the row named, not left to fail on the database's unique name."""
    code = demo_credit_code(12)
    make_investor(world.district, "甲科技有限公司", credit_code=code)
    make_investor(world.district, "乙科技有限公司")
    problems = refused(InvestorImporter, officer, [investor_row("乙科技有限公司", code=code)])
    assert len(problems) == 1
    assert problems[0].startswith("第2行")


def test_a_row_without_the_code_keeps_the_code_the_enterprise_has(world: World, officer: User) -> None:
    code = demo_credit_code(8)
    make_investor(world.district, GROUP, credit_code=code, headquarters="四川省成都市", industry="光伏")
    result = run(InvestorImporter, officer, [investor_row(GROUP)])
    assert (result.created, result.unchanged) == (0, 1)
    assert Investor.objects.get().credit_code == code


def test_list_tags_are_read_with_their_years(world: World, officer: User) -> None:
    run(InvestorImporter, officer, [investor_row(GROUP, tags="世界500强2022、专精特新2021")])
    investor = Investor.objects.get()
    assert set(investor.tags.values_list("tag", "year")) == {("global500", 2022), ("specialised", 2021)}
    # Another separator and another year of a list already held: one tag added, none removed.
    result = run(InvestorImporter, officer, [investor_row(GROUP, tags="世界500强2023，中国企业500强 2022")])
    assert (result.created, result.updated) == (0, 1)
    assert set(investor.tags.values_list("tag", "year")) == {
        ("global500", 2022),
        ("global500", 2023),
        ("specialised", 2021),
        ("china500", 2022),
    }


@pytest.mark.parametrize("cell", ["世界五百强2022", "专精特新", "世界500强22", "世界500强2022、独角兽2021"])
def test_a_tag_that_is_not_a_list_and_year_refuses_the_sheet(world: World, officer: User, cell: str) -> None:
    problems = refused(InvestorImporter, officer, [investor_row(TONGWEI), investor_row(GROUP, tags=cell)])
    assert len(problems) == 1
    assert problems[0].startswith("第3行 F列（榜单）：")
    assert "世界500强2022" in problems[0]  # the form to write it in


def test_an_invalid_credit_code_refuses_the_sheet(world: World, officer: User) -> None:
    problems = refused(InvestorImporter, officer, [investor_row(GROUP, code="91150203MA00001")])
    assert len(problems) == 1
    assert problems[0].startswith("第2行 C列（统一社会信用代码）：")


# Deals


def test_a_deal_takes_the_stage_its_dates_say(pipeline: Pipeline, officer: User) -> None:
    rows = [
        deal_row("通威三期", signed_on="2022-03-01", landed_on="2022-05-01"),
        deal_row("通威四期", negotiating_on="2022-04-01"),
        deal_row("通威五期", signed_on="2022-03-01", landed_on="2022-03-01", started_on="2022-06-01"),
    ]
    assert run(DealImporter, officer, rows).created == 3
    stages = dict(Deal.objects.filter(name__in=["通威三期", "通威四期", "通威五期"]).values_list("name", "stage"))
    assert stages == {"通威三期": Stage.LANDED, "通威四期": Stage.NEGOTIATING, "通威五期": Stage.STARTED}
    third = Deal.objects.get(name="通威三期")
    assert (third.signed_on, third.landed_on, third.started_on) == (day("2022-03-01"), day("2022-05-01"), None)
    assert third.investor == pipeline.investors[TONGWEI]


def test_a_deal_started_without_a_signing_date_is_refused_naming_the_column(pipeline: Pipeline, officer: User) -> None:
    rows = [deal_row(negotiating_on="2022-01-10", landed_on="2022-03-01", started_on="2022-05-01")]
    problems = refused(DealImporter, officer, rows)
    assert len(problems) == 1
    assert problems[0].startswith("第2行 H列（签约日期）：")
    assert "开工" in problems[0]


def test_a_deal_started_without_a_landing_date_is_refused_naming_the_column(pipeline: Pipeline, officer: User) -> None:
    problems = refused(DealImporter, officer, [deal_row(signed_on="2022-03-01", started_on="2022-05-01")])
    assert len(problems) == 1
    assert problems[0].startswith("第2行 I列（落地日期）：")


def test_dates_out_of_order_are_refused(pipeline: Pipeline, officer: User) -> None:
    rows = [
        deal_row("通威三期", signed_on="2022-05-01", landed_on="2022-04-01"),
        deal_row("通威四期", negotiating_on="2022-03-02", signed_on="2022-03-01"),
    ]
    problems = refused(DealImporter, officer, rows)
    assert len(problems) == 2
    assert problems[0].startswith("第2行 I列（落地日期）：")
    assert problems[1].startswith("第3行 H列（签约日期）：")


def test_a_deal_of_an_unknown_enterprise_or_project_is_refused(pipeline: Pipeline, officer: User) -> None:
    unknown_project = deal_row("通威三期", signed_on="2022-03-01")
    unknown_project[11] = "KDL-X-999"
    problems = refused(DealImporter, officer, [deal_row("无名项目", investor="不存在的公司"), unknown_project])
    assert problems[0].startswith("第2行 C列（投资企业）：")
    assert problems[1].startswith("第3行 L列（重大项目编号）：")


def test_an_exported_deal_sheet_imports_back_unchanged(pipeline: Pipeline, officer: User) -> None:
    world = pipeline.world
    project = make_project("KDL-Z-001", world.district, "500000", (2022,), name="通威二期项目")
    Deal.objects.filter(pk=pipeline.deals["PHASE2"].pk).update(project=project)
    rows = exported(DealImporter)
    assert len(rows) == Deal.objects.count() == 11
    records = list(Deal.objects.order_by("pk").values())
    history = ChangeRecord.objects.count()
    result = run(DealImporter, None, rows)
    assert (result.created, result.updated, result.unchanged, result.rows) == (0, 0, 11, 11)
    assert list(Deal.objects.order_by("pk").values()) == records
    assert ChangeRecord.objects.count() == history
    # And the bureau's own export of its district.
    own = exported(DealImporter, officer)
    assert len(own) == 10
    assert run(DealImporter, officer, own).unchanged == 10


@pytest.mark.parametrize(
    "importer", [InvestorImporter, EngagementImporter, TargetImporter], ids=["investors", "engagements", "targets"]
)
def test_the_other_exported_sheets_import_back_unchanged(pipeline: Pipeline, importer: type[Importer[Any]]) -> None:
    rows = exported(importer)
    assert rows
    before = table_counts(PIPELINE_MODELS)
    result = run(importer, None, rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(rows))
    assert table_counts(PIPELINE_MODELS) == before


def test_a_changed_amount_updates_one_deal(pipeline: Pipeline, officer: User) -> None:
    rows = [row for row in exported(DealImporter, officer) if row[0] == "美科切片"]
    rows[0][4] = 40000
    result = run(DealImporter, officer, rows)
    assert (result.created, result.updated) == (0, 1)
    assert pipeline.deal("WAFER").amount == Decimal(40000)


# Engagements


def test_an_engagement_with_an_enterprise_not_in_the_list_refuses_the_sheet(pipeline: Pipeline, officer: User) -> None:
    rows = [
        ["2022-06-10", "150203", TONGWEI, "外出拜访", SOLAR, None, "达成二期意向", None],
        ["2022-06-11", "150203", "从未登记的企业有限公司", "来访考察", None, None, None, None],
    ]
    problems = refused(EngagementImporter, officer, rows)
    assert len(problems) == 1
    assert problems[0].startswith("第3行 C列（企业）：")
    assert "从未登记的企业有限公司" in problems[0]


def test_an_engagement_finds_its_enterprise_by_another_spelling_or_by_credit_code(
    pipeline: Pipeline, officer: User
) -> None:
    code = demo_credit_code(9)
    Investor.objects.filter(pk=pipeline.investors[MEIKE].pk).update(credit_code=code)
    rows = [
        ["2022-06-10", "150203", "包头 美科硅能源有限公司", "外出拜访", SOLAR, None, None, None],
        ["2022-06-11", "150203", code, "线上对接", None, None, None, None],
    ]
    assert run(EngagementImporter, officer, rows).created == 2
    meike = pipeline.investors[MEIKE]
    assert set(Engagement.objects.filter(investor=meike, date__month=6).values_list("date", "mode")) == {
        (datetime.date(2022, 6, 10), Engagement.Mode.VISIT),
        (datetime.date(2022, 6, 11), Engagement.Mode.ONLINE),
    }
    # 美科 is now engaged in 1-6月: 通威, 华为云 and 美科.
    assert investment_promotion(pipeline.world.district, Period(2022, 6)).enterprises_engaged == 3


# Targets


def test_imported_targets_give_the_completions(world: World, officer: User) -> None:
    rows = [["150203", 2022, "签约项目（个）", 160], ["150203", "2022年", "签约金额（万元）", 9000000]]
    assert run(TargetImporter, officer, rows).created == 2
    result = investment_promotion(world.district, Period(2022, 6))
    assert set(result.targets) == {Target.Metric.SIGNED, Target.Metric.SIGNED_AMOUNT}
    assert result.targets[Target.Metric.SIGNED_AMOUNT].target.value == Decimal(900)


# Who may import


SHEETS: list[tuple[type[Importer[Any]], list[Any]]] = [
    (InvestorImporter, investor_row(GROUP)),
    (EngagementImporter, ["2022-06-10", "150203", TONGWEI, "外出拜访", None, None, None, None]),
    (DealImporter, deal_row(signed_on="2022-03-01")),
    (TargetImporter, ["150203", 2022, "落地项目（个）", 20]),
]


@pytest.mark.parametrize(("importer", "row"), SHEETS, ids=["investors", "engagements", "deals", "targets"])
@pytest.mark.parametrize("persona", ["statistician", "leader", "task_force_member", "enterprise_user"])
def test_only_the_promotion_bureau_imports_the_pipeline(
    pipeline: Pipeline, importer: type[Importer[Any]], row: list[Any], persona: str
) -> None:
    user = getattr(pipeline.world, persona)
    problems = refused(importer, user, [row])
    assert problems == [f"第2行：{importer.title}由投资促进部门维护，您的角色不能导入"]


@pytest.mark.parametrize(("importer", "row"), SHEETS, ids=["investors", "engagements", "deals", "targets"])
def test_the_promotion_bureau_and_the_command_line_import_the_pipeline(
    pipeline: Pipeline, importer: type[Importer[Any]], row: list[Any]
) -> None:
    assert run(importer, pipeline.officer, [row]).created == 1
    assert run(importer, None, [row]).created == 0
