"""The pipeline's API as the promotion bureau's and the leaders' systems use it: every list through the
caller's scope, writes for the bureau only, and stage moves by the rules of ``stages.move`` alone.

The pipeline of 昆都仑区 (150203), and one of 青山区 (150204):

    deal          investor      chain   stage  dates                                   project
    GLASS         通威(集团)     光伏     签约    洽谈 2022-01-10, 签约 2022-03-15         -        stalled
    WAFER         美科           光伏     落地    洽谈/签约/落地 2021-05..08               KDL-P-001 stalled
    MODULE        通威(集团)     光伏     签约    洽谈 today-60, 签约 today-20             -
    SLICE         美科           -        洽谈    洽谈 2022-05-01                          -
    RARE_EARTH    北方稀土(青山)  稀土     签约    签约 2022-04-01                          -        (青山区)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from regionpulse.conftest import World, make_user
from regionpulse.core.models import ChangeRecord, Department, Function, Role, User
from regionpulse.core.tests.responses import results
from regionpulse.projects.classifications import Category, Industry, Nature
from regionpulse.projects.models import Project
from regionpulse.promotion.api import NOT_KEEPER
from regionpulse.promotion.models import (
    Deal,
    Engagement,
    IndustryChain,
    Investor,
    Listing,
    ListTag,
    Stage,
    StageMove,
    Target,
)

TODAY = timezone.localdate()
Mode = Engagement.Mode
Metric = Target.Metric

GLASS = "通威绿色基材项目"
WAFER = "美科单晶硅棒项目"
MODULE = "通威高效光伏组件项目"
SLICE = "美科硅片切片项目"
RARE_EARTH = "北方稀土永磁材料项目"
DISTRICT_DEALS = {GLASS, WAFER, MODULE, SLICE}


@dataclass
class Books:
    """This module's own pipeline (not the package conftest's ``pipeline``), small enough for every persona."""

    world: World
    keeper: User  # 昆都仑区投资促进中心
    neighbour_keeper: User  # 青山区投资促进中心
    tongwei: Investor
    meike: Investor
    rare_earth: Investor  # 青山区's
    solar: IndustryChain
    rare_earth_chain: IndustryChain  # 青山区's
    project: Project

    def deal(self, name: str) -> Deal:
        return Deal.objects.get(name=name)

    def user(self, name: str) -> User:
        found: User = getattr(self, name, None) or getattr(self.world, name)
        return found


def make_deal(name: str, investor: Investor, chain: IndustryChain | None, stage: Stage, **dates: Any) -> Deal:
    return Deal.objects.create(
        region=investor.region,
        name=name,
        investor=investor,
        chain=chain,
        amount=dates.pop("amount", Decimal("100000.00")),
        funds_in_place=dates.pop("funds", Decimal("0")),
        stage=stage,
        **dates,
    )


@pytest.fixture
def books(world: World) -> Books:
    promotion = Department.objects.create(
        region=world.district, name="昆都仑区投资促进中心", function=Function.PROMOTION
    )
    neighbour_promotion = Department.objects.create(
        region=world.neighbour, name="青山区投资促进中心", function=Function.PROMOTION
    )
    keeper = make_user("zhaoshang", Role.DEPARTMENT, world.district, department=promotion)
    neighbour_keeper = make_user("qs-zhaoshang", Role.DEPARTMENT, world.neighbour, department=neighbour_promotion)

    tongwei = Investor.objects.create(
        region=world.district, name="通威（集团）有限公司", credit_code="91510100633110883L", headquarters="四川成都"
    )
    meike = Investor.objects.create(
        region=world.district, name="美科 硅能源 有限公司", enterprise=world.other_enterprise
    )
    rare_earth = Investor.objects.create(region=world.neighbour, name="北方稀土集团")
    Listing.objects.create(investor=tongwei, tag=ListTag.GLOBAL_500, year=2022)
    Listing.objects.create(investor=tongwei, tag=ListTag.CHINA_500, year=2021)
    Listing.objects.create(investor=meike, tag=ListTag.SPECIALISED, year=2022)
    Listing.objects.create(investor=rare_earth, tag=ListTag.GLOBAL_500, year=2022)

    solar = IndustryChain.objects.create(region=world.district, name="光伏新能源", department=promotion)
    solar.targets.set([tongwei, meike])
    rare_earth_chain = IndustryChain.objects.create(region=world.neighbour, name="稀土新材料")
    rare_earth_chain.targets.set([rare_earth])

    for investor, date, mode, chain in [
        (tongwei, datetime.date(2021, 11, 3), Mode.VISIT, solar),
        (tongwei, datetime.date(2022, 2, 14), Mode.HOSTED, solar),
        (meike, datetime.date(2022, 3, 1), Mode.ONLINE, None),
        (meike, datetime.date(2022, 6, 20), Mode.FAIR, solar),
        (rare_earth, datetime.date(2022, 4, 8), Mode.VISIT, rare_earth_chain),
    ]:
        Engagement.objects.create(
            region=investor.region, investor=investor, date=date, mode=mode, chain=chain, result="有投资意向"
        )

    project = Project.objects.create(
        region=world.district,
        code="KDL-P-001",
        name="美科单晶硅棒",
        industry=Industry.C,
        category=Category.INDUSTRY,
        nature=Nature.NEW,
        total_investment=Decimal("300000"),
    )
    make_deal(
        GLASS,
        tongwei,
        solar,
        Stage.SIGNED,
        negotiating_on=datetime.date(2022, 1, 10),
        signed_on=datetime.date(2022, 3, 15),
        amount=Decimal("520000.00"),
        funds=Decimal("12000.50"),
    )
    wafer = make_deal(
        WAFER,
        meike,
        solar,
        Stage.LANDED,
        negotiating_on=datetime.date(2021, 5, 1),
        signed_on=datetime.date(2021, 6, 1),
        landed_on=datetime.date(2021, 8, 1),
    )
    wafer.project = project
    wafer.save()
    make_deal(
        MODULE,
        tongwei,
        solar,
        Stage.SIGNED,
        negotiating_on=TODAY - datetime.timedelta(days=60),
        signed_on=TODAY - datetime.timedelta(days=20),
    )
    make_deal(SLICE, meike, None, Stage.NEGOTIATING, negotiating_on=datetime.date(2022, 5, 1))
    make_deal(
        RARE_EARTH,
        rare_earth,
        rare_earth_chain,
        Stage.SIGNED,
        negotiating_on=datetime.date(2022, 1, 5),
        signed_on=datetime.date(2022, 4, 1),
    )

    for region, year, metric, value in [
        (world.district, 2022, Metric.SIGNED, "10"),
        (world.district, 2022, Metric.SIGNED_AMOUNT, "1500000"),
        (world.district, 2021, Metric.SIGNED, "8"),
        (world.neighbour, 2022, Metric.SIGNED, "6"),
    ]:
        Target.objects.create(region=region, year=year, metric=metric, value=Decimal(value))

    return Books(
        world=world,
        keeper=keeper,
        neighbour_keeper=neighbour_keeper,
        tongwei=tongwei,
        meike=meike,
        rare_earth=rare_earth,
        solar=solar,
        rare_earth_chain=rare_earth_chain,
        project=project,
    )


def api(books: Books, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(books.user(name))
    return client


def names(response: Any) -> set[str]:
    return {item["name"] for item in results(response)}


def error_text(response: Any) -> str:
    return str(response.json())


# --- Scope -----------------------------------------------------------------------------------------

DISTRICT = {
    "investors": {"通威（集团）有限公司", "美科 硅能源 有限公司"},
    "chains": {"光伏新能源"},
    "deals": DISTRICT_DEALS,
}
NEIGHBOUR = {"investors": {"北方稀土集团"}, "chains": {"稀土新材料"}, "deals": {RARE_EARTH}}
NOTHING: dict[str, set[str]] = {"investors": set(), "chains": set(), "deals": set()}
SEEN = {
    "keeper": DISTRICT,
    "leader": DISTRICT,
    "task_force_member": DISTRICT,  # reads the whole books of the district, writes nothing
    "neighbour_leader": NEIGHBOUR,  # 青山区's own, none of 昆都仑区's
    "neighbour_keeper": NEIGHBOUR,
    "enterprise_user": NOTHING,
    "statistician": NOTHING,
    "finance_officer": NOTHING,
    "admin": {key: DISTRICT[key] | NEIGHBOUR[key] for key in DISTRICT},
}


def test_each_persona_reads_exactly_its_pipeline(books: Books) -> None:
    for persona, expected in SEEN.items():
        client = api(books, persona)
        for endpoint, wanted in expected.items():
            assert names(client.get(f"/api/{endpoint}/")) == wanted, (persona, endpoint)


def test_engagements_and_targets_follow_the_same_scope(books: Books) -> None:
    expected = {name: (4, 3) for name in ("keeper", "leader", "task_force_member")}
    expected |= {"neighbour_leader": (1, 1), "enterprise_user": (0, 0), "statistician": (0, 0), "admin": (5, 4)}
    for persona, (engagements, targets) in expected.items():
        client = api(books, persona)
        assert len(results(client.get("/api/engagements/"))) == engagements, persona
        assert len(results(client.get("/api/targets/"))) == targets, persona


def test_a_record_outside_the_scope_is_not_found(books: Books) -> None:
    glass = books.deal(GLASS).pk
    engagement = Engagement.objects.filter(investor=books.tongwei).first()
    assert engagement is not None
    urls = [
        f"/api/deals/{glass}/",
        f"/api/investors/{books.tongwei.pk}/",
        f"/api/chains/{books.solar.pk}/",
        f"/api/engagements/{engagement.pk}/",
    ]
    for url in urls:
        assert api(books, "leader").get(url).status_code == 200, url
        assert api(books, "task_force_member").get(url).status_code == 200, url
        for persona in ("neighbour_leader", "neighbour_keeper", "enterprise_user", "statistician"):
            assert api(books, persona).get(url).status_code == 404, (persona, url)


def test_signed_out_callers_are_refused(books: Books) -> None:
    for endpoint in ("investors", "chains", "engagements", "deals", "targets"):
        assert APIClient().get(f"/api/{endpoint}/").status_code in (401, 403), endpoint
    assert APIClient().post(f"/api/deals/{books.deal(GLASS).pk}/move/", {"stage": 3}).status_code in (401, 403)


# --- Investors -------------------------------------------------------------------------------------


def test_an_investor_with_its_lists_and_chains(books: Books) -> None:
    body = api(books, "keeper").get(f"/api/investors/{books.tongwei.pk}/").json()
    assert body["name"] == "通威（集团）有限公司"
    assert body["normalised_name"] == "通威(集团)有限公司"
    assert body["credit_code"] == "91510100633110883L"
    assert body["region"] == "150203"
    assert body["chains"] == ["光伏新能源"]
    assert sorted(body["tags"], key=lambda tag: tag["tag"]) == [
        {"tag": "china500", "label": "中国企业500强", "year": 2021},
        {"tag": "global500", "label": "世界500强", "year": 2022},
    ]
    meike = api(books, "keeper").get(f"/api/investors/{books.meike.pk}/").json()
    assert meike["enterprise"] == books.world.other_enterprise.credit_code
    assert body["enterprise"] is None


def test_investors_by_list_and_chain(books: Books) -> None:
    keeper = api(books, "keeper")
    assert names(keeper.get("/api/investors/?tag=global500")) == {"通威（集团）有限公司"}
    assert names(keeper.get("/api/investors/?tag=specialised")) == {"美科 硅能源 有限公司"}
    assert names(keeper.get("/api/investors/?tag=private500")) == set()
    assert names(keeper.get(f"/api/investors/?chain={books.solar.pk}")) == DISTRICT["investors"]
    # The neighbour's 世界500强 is on the same list, but not in the keeper's scope.
    assert names(api(books, "admin").get("/api/investors/?tag=global500")) == {
        "通威（集团）有限公司",
        "北方稀土集团",
    }
    assert keeper.get("/api/investors/?tag=fortune").status_code == 400


def test_the_name_search_ignores_widths_spaces_and_brackets(books: Books) -> None:
    keeper = api(books, "keeper")
    for asked in ("通威(集团)", "通威 （集团）", "通威【集团】", "通威"):
        assert names(keeper.get("/api/investors/", {"q": asked})) == {"通威（集团）有限公司"}, asked
    assert names(keeper.get("/api/investors/", {"q": "美科硅能源"})) == {"美科 硅能源 有限公司"}
    assert names(keeper.get("/api/investors/", {"q": "稀土"})) == set()  # 青山区's


# --- Engagements -----------------------------------------------------------------------------------


def engagement_keys(response: Any) -> list[tuple[str, str, str]]:
    return [(item["date"], item["investor_name"], item["mode"]) for item in results(response)]


def test_engagements_newest_first_with_their_labels(books: Books) -> None:
    items = results(api(books, "leader").get("/api/engagements/"))
    assert [item["date"] for item in items] == ["2022-06-20", "2022-03-01", "2022-02-14", "2021-11-03"]
    fair = items[0]
    assert fair["mode_label"] == "展会推介"
    assert fair["chain"] == books.solar.pk
    assert fair["chain_name"] == "光伏新能源"
    assert fair["region"] == "150203"
    assert items[1]["chain"] is None
    assert items[1]["chain_name"] is None


def test_engagements_by_investor_year_mode_and_chain(books: Books) -> None:
    keeper = api(books, "keeper")
    assert engagement_keys(keeper.get(f"/api/engagements/?investor={books.tongwei.pk}")) == [
        ("2022-02-14", "通威（集团）有限公司", "hosted"),
        ("2021-11-03", "通威（集团）有限公司", "visit"),
    ]
    assert len(results(keeper.get("/api/engagements/?year=2022"))) == 3
    assert len(results(keeper.get("/api/engagements/?year=2021"))) == 1
    assert engagement_keys(keeper.get("/api/engagements/?mode=online")) == [
        ("2022-03-01", "美科 硅能源 有限公司", "online")
    ]
    assert len(results(keeper.get(f"/api/engagements/?chain={books.solar.pk}&year=2022"))) == 2
    # Another district's enterprise cannot be named, exactly as one that does not exist.
    assert keeper.get(f"/api/engagements/?investor={books.rare_earth.pk}").status_code == 400
    assert keeper.get("/api/engagements/?investor=999999").status_code == 400


# --- Deals -----------------------------------------------------------------------------------------


def test_a_deal_with_its_stage_dates_amounts_and_project(books: Books) -> None:
    items = {item["name"]: item for item in results(api(books, "leader").get("/api/deals/"))}
    glass = items[GLASS]
    assert (glass["stage"], glass["stage_label"]) == (2, "签约")
    assert (glass["negotiating_on"], glass["signed_on"], glass["landed_on"]) == ("2022-01-10", "2022-03-15", None)
    assert (glass["amount"], glass["funds_in_place"]) == ("520000.00", "12000.50")
    assert (glass["investor"], glass["investor_name"]) == (books.tongwei.pk, "通威（集团）有限公司")
    assert (glass["chain"], glass["chain_name"], glass["region"]) == (books.solar.pk, "光伏新能源", "150203")
    assert glass["project"] is None
    wafer = items[WAFER]
    assert (wafer["stage"], wafer["stage_label"], wafer["landed_on"]) == (3, "落地", "2021-08-01")
    assert wafer["project"] == "KDL-P-001"
    assert items[SLICE]["chain"] is None


def test_deals_by_stage_chain_year_and_stall(books: Books) -> None:
    keeper = api(books, "keeper")
    assert names(keeper.get("/api/deals/?stage=2")) == {GLASS, MODULE}
    assert names(keeper.get("/api/deals/?stage=1")) == {SLICE}
    assert names(keeper.get(f"/api/deals/?chain={books.solar.pk}")) == {GLASS, WAFER, MODULE}
    assert names(keeper.get("/api/deals/?signed_year=2022")) == {GLASS}
    assert names(keeper.get("/api/deals/?signed_year=2021")) == {WAFER}
    assert MODULE in names(keeper.get(f"/api/deals/?signed_year={(TODAY - datetime.timedelta(days=20)).year}"))
    # Signed half a year ago and not landed, or landed half a year ago and not started.
    assert names(keeper.get("/api/deals/?stalled=true")) == {GLASS, WAFER}
    assert names(keeper.get("/api/deals/?stalled=false")) == {MODULE, SLICE}
    assert names(keeper.get("/api/deals/?stalled=true&stage=3")) == {WAFER}
    assert keeper.get("/api/deals/?stage=9").status_code == 400
    assert keeper.get(f"/api/deals/?chain={books.rare_earth_chain.pk}").status_code == 400


# --- Chains and targets ----------------------------------------------------------------------------


def test_chains_with_their_targets(books: Books) -> None:
    [chain] = results(api(books, "task_force_member").get("/api/chains/"))
    assert chain["name"] == "光伏新能源"
    assert chain["department"] == "昆都仑区投资促进中心"
    assert chain["leader"] is None
    assert sorted(chain["targets"]) == sorted([books.tongwei.pk, books.meike.pk])


def test_targets_by_year(books: Books) -> None:
    items = results(api(books, "leader").get("/api/targets/?year=2022"))
    assert [(item["region"], item["metric"], item["metric_label"], item["value"]) for item in items] == [
        ("150203", "projects_signed", "签约项目（个）", "10.00"),
        ("150203", "signed_amount", "签约金额（万元）", "1500000.00"),
    ]
    assert len(results(api(books, "leader").get("/api/targets/?year=2021"))) == 1


# --- Writes: who -----------------------------------------------------------------------------------

READERS = ("leader", "task_force_member", "statistician", "finance_officer", "enterprise_user", "neighbour_leader")


def counts() -> tuple[int, int, int, int]:
    return Engagement.objects.count(), Deal.objects.count(), StageMove.objects.count(), ChangeRecord.objects.count()


def test_only_the_promotion_bureau_writes(books: Books) -> None:
    glass = books.deal(GLASS)
    before = counts()
    for persona in READERS:
        client = api(books, persona)
        attempts = [
            client.post(
                "/api/engagements/",
                {"investor": books.tongwei.pk, "date": "2022-07-01", "mode": "visit"},
                format="json",
            ),
            client.post(
                "/api/deals/",
                {"name": "新项目", "investor": books.tongwei.pk, "amount": "1000", "negotiating_on": "2022-07-01"},
                format="json",
            ),
            client.post(f"/api/deals/{glass.pk}/move/", {"stage": 3, "date": "2022-07-01"}, format="json"),
            client.patch(f"/api/deals/{glass.pk}/", {"name": "改名"}, format="json"),
            client.put(f"/api/deals/{glass.pk}/", {"name": "改名", "amount": "1"}, format="json"),
        ]
        for response in attempts:
            assert response.status_code == 403, (persona, response.content)
            assert response.json()["detail"] == NOT_KEEPER
    assert counts() == before
    glass.refresh_from_db()
    assert (glass.name, glass.stage) == (GLASS, Stage.SIGNED)


def test_there_is_no_deleting(books: Books) -> None:
    glass = books.deal(GLASS)
    engagement = Engagement.objects.filter(investor=books.tongwei).first()
    assert engagement is not None
    keeper = api(books, "keeper")
    assert keeper.delete(f"/api/deals/{glass.pk}/").status_code == 405
    assert keeper.delete(f"/api/engagements/{engagement.pk}/").status_code == 405
    assert keeper.patch(f"/api/engagements/{engagement.pk}/", {"result": "x"}, format="json").status_code == 405
    assert keeper.post("/api/investors/", {"name": "新企业"}, format="json").status_code == 405


# --- Writes: engagements ---------------------------------------------------------------------------


def test_the_bureau_records_an_engagement(books: Books) -> None:
    response = api(books, "keeper").post(
        "/api/engagements/",
        {
            "investor": books.tongwei.pk,
            "date": TODAY.isoformat(),
            "mode": "hosted",
            "chain": books.solar.pk,
            "participants": "区长、投促中心主任",
            "result": "确定二期选址",
            "next_step": "7月底前签约",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["region"], body["investor_name"], body["mode_label"]) == ("150203", "通威（集团）有限公司", "来访考察")
    engagement = Engagement.objects.get(pk=body["id"])
    assert (engagement.region, engagement.chain, engagement.next_step) == (
        books.world.district,
        books.solar,
        "7月底前签约",
    )
    record = ChangeRecord.objects.get(object_id=str(engagement.pk), content_type__model="engagement")
    assert (record.actor, record.via) == (books.keeper, "api")


def test_an_engagement_without_a_chain(books: Books) -> None:
    response = api(books, "keeper").post(
        "/api/engagements/", {"investor": books.meike.pk, "date": "2022-07-01", "mode": "online"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["chain"] is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date": (TODAY + datetime.timedelta(days=1)).isoformat()}, "date", "还没有到"),
        ({"mode": "phone"}, "mode", "phone"),
        ({"investor": None}, "investor", ""),
        ({"investor": 999999}, "investor", "不在您的范围内"),
        ({"chain": 999999}, "chain", "不在您的范围内"),
    ],
)
def test_an_engagement_refused(books: Books, change: dict[str, Any], field: str, message: str) -> None:
    before = counts()
    body = {"investor": books.tongwei.pk, "date": "2022-07-01", "mode": "visit"} | change
    response = api(books, "keeper").post("/api/engagements/", body, format="json")
    assert response.status_code == 400, response.content
    assert message in " ".join(response.json()[field])
    assert counts() == before


def test_another_districts_records_cannot_be_named(books: Books) -> None:
    before = counts()
    keeper = api(books, "keeper")
    body = {"investor": books.rare_earth.pk, "date": "2022-07-01", "mode": "visit"}
    response = keeper.post("/api/engagements/", body, format="json")
    assert response.status_code == 400
    assert "不在您的范围内" in response.json()["investor"][0]
    body = {
        "investor": books.tongwei.pk,
        "date": "2022-07-01",
        "mode": "visit",
        "chain": books.rare_earth_chain.pk,
    }
    response = keeper.post("/api/engagements/", body, format="json")
    assert response.status_code == 400
    assert "不在您的范围内" in response.json()["chain"][0]
    assert counts() == before


def test_a_chain_of_another_region_does_not_fit_the_enterprise(books: Books) -> None:
    # An administrator sees both districts, but a contact of 昆都仑区 cannot count for 青山区's chain.
    body = {
        "investor": books.tongwei.pk,
        "date": "2022-07-01",
        "mode": "visit",
        "chain": books.rare_earth_chain.pk,
    }
    response = api(books, "admin").post("/api/engagements/", body, format="json")
    assert response.status_code == 400
    assert "不属于昆都仑区" in response.json()["chain"][0]


# --- Writes: deals ---------------------------------------------------------------------------------


def test_the_bureau_opens_a_deal_in_talks(books: Books) -> None:
    response = api(books, "keeper").post(
        "/api/deals/",
        {
            "name": "通威光伏玻璃项目",
            "investor": books.tongwei.pk,
            "chain": books.solar.pk,
            "amount": "80000.00",
            "negotiating_on": "2022-07-05",
            # Ignored: a deal starts in talks, and walks on only by moves.
            "stage": 5,
            "signed_on": "2022-07-06",
            "producing_on": "2022-07-07",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["stage_label"], body["negotiating_on"]) == (1, "洽谈", "2022-07-05")
    assert (body["signed_on"], body["producing_on"], body["region"]) == (None, None, "150203")
    deal = Deal.objects.get(pk=body["id"])
    assert (deal.stage, deal.signed_on, deal.amount, deal.funds_in_place) == (
        Stage.NEGOTIATING,
        None,
        Decimal("80000.00"),
        Decimal("0"),
    )
    assert not deal.moves.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"negotiating_on": None}, "negotiating_on", ""),
        ({"negotiating_on": (TODAY + datetime.timedelta(days=3)).isoformat()}, "negotiating_on", "还没有到"),
        ({"amount": "-1"}, "amount", "金额不能为负数"),
        ({"investor": 999999}, "investor", "不在您的范围内"),
        ({"name": ""}, "name", ""),
    ],
)
def test_a_deal_refused(books: Books, change: dict[str, Any], field: str, message: str) -> None:
    before = counts()
    body = {"name": "新项目", "investor": books.tongwei.pk, "amount": "1000", "negotiating_on": "2022-07-01"}
    response = api(books, "keeper").post("/api/deals/", {**body, **change}, format="json")
    assert response.status_code == 400, response.content
    assert message in " ".join(response.json()[field])
    assert counts() == before


def test_a_deal_needs_its_date_of_talks(books: Books) -> None:
    body = {"name": "新项目", "investor": books.tongwei.pk, "amount": "1000"}
    response = api(books, "keeper").post("/api/deals/", body, format="json")
    assert response.status_code == 400
    assert "negotiating_on" in response.json()


def test_an_edit_cannot_change_the_stage_or_its_dates(books: Books) -> None:
    glass = books.deal(GLASS)
    keeper = api(books, "keeper")
    sneaky = {
        "stage": 5,
        "negotiating_on": "2020-01-01",
        "signed_on": "2020-02-01",
        "landed_on": "2020-03-01",
        "started_on": "2020-04-01",
        "producing_on": "2020-05-01",
        "investor": books.meike.pk,
    }
    response = keeper.patch(
        f"/api/deals/{glass.pk}/", {"funds_in_place": "30000", "version": 1, **sneaky}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["stage"], response.json()["funds_in_place"]) == (2, "30000.00")
    response = keeper.put(
        f"/api/deals/{glass.pk}/",
        {"name": "通威绿色基材一期", "amount": "500000", "version": response.json()["version"], **sneaky},
        format="json",
    )
    assert response.status_code == 200, response.content
    glass.refresh_from_db()
    assert (glass.name, glass.amount, glass.funds_in_place) == ("通威绿色基材一期", Decimal("500000"), Decimal("30000"))
    assert (glass.stage, glass.investor) == (Stage.SIGNED, books.tongwei)
    assert [glass.date_of(stage) for stage in Stage] == [
        datetime.date(2022, 1, 10),
        datetime.date(2022, 3, 15),
        None,
        None,
        None,
    ]
    assert not glass.moves.exists()


def test_an_edit_is_checked(books: Books) -> None:
    glass = books.deal(GLASS)
    response = api(books, "keeper").patch(f"/api/deals/{glass.pk}/", {"funds_in_place": "-5"}, format="json")
    assert response.status_code == 400
    assert response.json()["funds_in_place"] == ["金额不能为负数"]
    response = api(books, "admin").patch(
        f"/api/deals/{glass.pk}/", {"chain": books.rare_earth_chain.pk, "version": glass.version}, format="json"
    )
    assert response.status_code == 400
    assert "不属于昆都仑区" in response.json()["chain"][0]
    response = api(books, "keeper").patch(
        f"/api/deals/{glass.pk}/", {"chain": None, "version": glass.version}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["chain_name"] is None


def test_another_districts_bureau_cannot_touch_the_deal(books: Books) -> None:
    glass = books.deal(GLASS)
    neighbour = api(books, "neighbour_keeper")
    assert neighbour.patch(f"/api/deals/{glass.pk}/", {"name": "x"}, format="json").status_code == 404
    move = neighbour.post(f"/api/deals/{glass.pk}/move/", {"stage": 3, "date": "2022-07-01"}, format="json")
    assert move.status_code == 404
    glass.refresh_from_db()
    assert (glass.name, glass.stage) == (GLASS, Stage.SIGNED)


# --- Moves -----------------------------------------------------------------------------------------


def move(books: Books, name: str, body: dict[str, Any], persona: str = "keeper") -> Any:
    return api(books, persona).post(f"/api/deals/{books.deal(name).pk}/move/", body, format="json")


def state(name: str) -> tuple[Any, ...]:
    deal = Deal.objects.get(name=name)
    return (deal.stage, *(deal.date_of(stage) for stage in Stage), deal.moves.count(), ChangeRecord.objects.count())


def refused_move(books: Books, name: str, body: dict[str, Any]) -> str:
    before = state(name)
    response = move(books, name, body)
    assert response.status_code == 400, response.content
    assert state(name) == before
    messages: list[str] = response.json()["non_field_errors"]
    return " ".join(messages)


def test_a_move_cannot_skip_a_stage(books: Books) -> None:
    message = refused_move(books, GLASS, {"stage": Stage.STARTED, "date": "2022-07-01"})
    assert message == "推进到开工前，须先有落地日期；不能跳过"
    message = refused_move(books, SLICE, {"stage": Stage.STARTED, "date": "2022-07-01"})
    assert message == "推进到开工前，须先有签约、落地日期；不能跳过"


def test_a_move_back_needs_a_reason(books: Books) -> None:
    assert refused_move(books, GLASS, {"stage": Stage.NEGOTIATING, "reason": ""}) == "从签约退回洽谈须填写原因"
    assert refused_move(books, GLASS, {"stage": Stage.NEGOTIATING, "reason": "   "}) == "从签约退回洽谈须填写原因"


def test_a_move_forward_is_dated_in_order_and_not_ahead(books: Books) -> None:
    assert refused_move(books, GLASS, {"stage": Stage.LANDED}) == "推进到落地须填写落地日期"
    assert refused_move(books, GLASS, {"stage": Stage.LANDED, "date": None}) == "推进到落地须填写落地日期"
    assert refused_move(books, GLASS, {"stage": Stage.LANDED, "date": "2022-03-01"}) == (
        "落地日期不能早于前一阶段的日期（2022-03-15）"
    )
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert refused_move(books, GLASS, {"stage": Stage.LANDED, "date": tomorrow.isoformat()}) == (
        f"落地日期{tomorrow:%Y-%m-%d}还没有到"
    )
    assert (
        refused_move(books, GLASS, {"stage": Stage.SIGNED, "date": "2022-07-01"}) == "“通威绿色基材项目”已处于签约阶段"
    )


def test_a_deal_of_the_ledger_follows_its_project(books: Books) -> None:
    message = refused_move(books, WAFER, {"stage": Stage.STARTED, "date": "2022-07-01"})
    assert message == "“美科单晶硅棒项目”已列入重大项目，开工、投产随项目进展自动更新"


def test_a_move_asks_for_a_stage(books: Books) -> None:
    for body in ({}, {"stage": 0}, {"stage": 6}, {"stage": "签约"}):
        before = state(GLASS)
        response = move(books, GLASS, body)
        assert response.status_code == 400, body
        assert "stage" in response.json()
        assert state(GLASS) == before


def test_a_good_move_forward(books: Books) -> None:
    response = move(books, GLASS, {"stage": Stage.LANDED, "date": "2022-07-01", "reason": ""})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["stage"], body["stage_label"], body["landed_on"], body["signed_on"]) == (
        3,
        "落地",
        "2022-07-01",
        "2022-03-15",
    )
    [row] = StageMove.objects.filter(deal__name=GLASS)
    assert (row.source, row.target, row.on, row.reason, row.by) == (
        Stage.SIGNED,
        Stage.LANDED,
        datetime.date(2022, 7, 1),
        "",
        books.keeper,
    )
    record = ChangeRecord.objects.filter(content_type__model="deal", object_id=str(row.deal_id)).latest("id")
    assert (record.actor, record.via, record.after) == (books.keeper, "api", {"stage": 3, "landed_on": "2022-07-01"})
    # Once landed, on to 开工.
    assert move(books, GLASS, {"stage": Stage.STARTED, "date": "2022-09-01"}).status_code == 200
    assert books.deal(GLASS).started_on == datetime.date(2022, 9, 1)


def test_a_good_move_back_clears_the_later_dates(books: Books) -> None:
    response = move(books, GLASS, {"stage": Stage.NEGOTIATING, "reason": "企业投资计划调整，协议中止"})
    assert response.status_code == 200, response.content
    assert (response.json()["stage"], response.json()["signed_on"]) == (1, None)
    glass = books.deal(GLASS)
    assert (glass.stage, glass.negotiating_on, glass.signed_on) == (Stage.NEGOTIATING, datetime.date(2022, 1, 10), None)
    [row] = glass.moves.all()
    assert (row.source, row.target, row.reason, row.by) == (
        Stage.SIGNED,
        Stage.NEGOTIATING,
        "企业投资计划调整，协议中止",
        books.keeper,
    )


def test_a_move_by_token_names_the_caller(books: Books) -> None:
    # A system signs in with a token, which only the API knows: the history still names the caller.
    token = Token.objects.create(user=books.keeper)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        f"/api/deals/{books.deal(GLASS).pk}/move/", {"stage": 3, "date": "2022-07-01"}, format="json"
    )
    assert response.status_code == 200, response.content
    record = ChangeRecord.objects.filter(content_type__model="deal").latest("id")
    assert (record.actor, record.via) == (books.keeper, "api")
    assert StageMove.objects.get(deal__name=GLASS).by == books.keeper


def test_an_administrator_moves_any_deal(books: Books) -> None:
    body = {"stage": Stage.LANDED, "date": "2022-07-01"}
    assert move(books, RARE_EARTH, body, persona="admin").status_code == 200
    assert books.deal(RARE_EARTH).stage == Stage.LANDED


# --- Schema ----------------------------------------------------------------------------------------

OUR_VIEWS = ("InvestorViewSet", "ChainViewSet", "EngagementViewSet", "DealViewSet", "TargetViewSet")


def test_the_schema_describes_the_pipeline_without_warnings(books: Books) -> None:
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    ours = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if any(name in message for name in OUR_VIEWS)
    ]
    assert ours == []
    paths = schema["paths"]
    for path in ("/api/investors/", "/api/chains/", "/api/engagements/", "/api/deals/", "/api/targets/"):
        assert path in paths
    assert set(paths["/api/deals/{id}/"]) == {"get", "put", "patch"}
    assert set(paths["/api/deals/{id}/move/"]) == {"post"}
    deal = schema["components"]["schemas"]["Deal"]["properties"]
    assert all(deal[field].get("readOnly") for field in ("stage", "negotiating_on", "signed_on", "producing_on"))
    deal_parameters = {parameter["name"] for parameter in paths["/api/deals/"]["get"]["parameters"]}
    assert {"stage", "chain", "signed_year", "stalled"} <= deal_parameters
    assert api(books, "leader").get("/api/schema/").status_code == 200
