"""The investment-promotion pages as a district officer uses them: the board by stage, moving a deal,
a deal's and an enterprise's page, the chains, the year's targets, the Excel sheets and the cockpit.

Every expected number is worked out by hand from the ``pipeline`` fixture (see its conftest's table);
amounts are kept in 万元 and written in 亿元 (1亿元 = 10000万元).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from regionpulse.core.models import ChangeRecord
from regionpulse.core.tests.importing import workbook
from regionpulse.core.tests.responses import messages_of, plain, table_rows, text_of, xlsx_rows
from regionpulse.projects.tests.conftest import make_project
from regionpulse.promotion.importers import DEAL_COLUMNS, DealImporter
from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Stage, StageMove
from regionpulse.promotion.tests.conftest import DIGITAL, NORTH, SOLAR, TONGWEI, Pipeline, day

DEAL_HEADERS = [column.header for column in DEAL_COLUMNS]
# The district's ten deals (RAREEARTH is 青山区's).
DISTRICT_DEALS = {
    "通威二期",
    "美科切片",
    "华为云数据中心",
    "宁德电池包",
    "美科单晶",
    "华为云培训中心",
    "通威研发中心",
    "宁德储能",
    "通威一期",
    "美科硅片",
}
NEIGHBOUR_DEAL = "北方稀土永磁"


# --- Reading pages ---------------------------------------------------------------------------------


def board(response: Any) -> dict[int, tuple[str, list[str]]]:
    """Each column of the board by stage: its heading (count and amount) and its deals' names, in order."""
    assert response.status_code == 200
    html = response.content.decode()
    columns = {}
    for stage, body in re.findall(r'<section class="column" data-stage="(\d)"[^>]*>(.*?)</section>', html, re.S):
        heading = plain(re.search(r"<h2>(.*?)</h2>", body, re.S).group(1))  # type: ignore[union-attr]
        columns[int(stage)] = (heading, re.findall(r"<strong>(.*?)</strong>", body))
    assert sorted(columns) == [1, 2, 3, 4, 5]
    return columns


def names_on(response: Any) -> dict[int, list[str]]:
    return {stage: names for stage, (_, names) in board(response).items()}


def client(pipeline: Pipeline, name: str) -> Client:
    user = pipeline.officer if name == "officer" else getattr(pipeline.world, name)
    return pipeline.world.client_for(user)


def deal_state(pipeline: Pipeline, key: str) -> dict[str, Any]:
    deal = pipeline.deal(key)
    return {
        "stage": deal.stage,
        "dates": [deal.date_of(stage) for stage in Stage],
        "moves": StageMove.objects.filter(deal=deal).count(),
        "history": ChangeRecord.objects.count(),
    }


# --- The board -------------------------------------------------------------------------------------

BOARD = "/promotion/?year=2022"


def test_the_keeper_sees_each_deal_in_its_stages_column_with_the_columns_totals(pipeline: Pipeline) -> None:
    page = client(pipeline, "officer").get(BOARD)
    columns = board(page)
    # 2022's deals (signed, landed, started or producing in 2022) and those still in talks, by amount:
    # OLDSIGN and IDLE have only 2021 dates and are not on it.
    assert {stage: names for stage, (_, names) in columns.items()} == {
        1: ["华为云数据中心"],
        2: ["美科切片", "通威研发中心", "华为云培训中心"],  # 38248, 1237, 999
        3: ["美科硅片"],
        4: ["通威二期", "宁德储能"],  # 500000, 300000
        5: ["通威一期"],
    }
    # 签约: 38248 + 1237 + 999 = 40484万元 = 4.0亿元; 开工: 800000万元 = 80.0亿元.
    assert [heading for heading, _ in columns.values()] == [
        "洽谈 1个 · 10.0亿元",
        "签约 3个 · 4.0亿元",
        "落地 1个 · 2.0亿元",
        "开工 2个 · 80.0亿元",
        "投产 1个 · 8.0亿元",
    ]
    html = page.content.decode()
    assert NEIGHBOUR_DEAL not in html
    assert "宁德电池包" not in html and "美科单晶" not in html
    assert html.count('class="move"') == 8, "the keeper may move every deal on the board"
    assert "导入招商项目" in text_of(page)


def test_the_neighbour_districts_deal_is_on_its_own_board_only(pipeline: Pipeline) -> None:
    assert names_on(client(pipeline, "neighbour_leader").get(BOARD)) == {
        1: [],
        2: [],
        3: [NEIGHBOUR_DEAL],
        4: [],
        5: [],
    }


def test_the_chain_filter_narrows_the_board(pipeline: Pipeline) -> None:
    officer = client(pipeline, "officer")
    solar, digital = pipeline.chains[SOLAR].pk, pipeline.chains[DIGITAL].pk
    solar_board = board(officer.get(f"{BOARD}&chain={solar}"))
    assert {stage: names for stage, (_, names) in solar_board.items()} == {
        1: [],
        2: ["美科切片"],
        3: [],
        4: ["通威二期"],
        5: [],
    }
    assert solar_board[2][0] == "签约 1个 · 3.8亿元"  # 38248万元
    assert solar_board[1][0].startswith("洽谈 0个")
    assert names_on(officer.get(f"{BOARD}&chain={digital}")) == {
        1: ["华为云数据中心"],
        2: [],
        3: [],
        4: ["宁德储能"],
        5: [],
    }


def test_the_leader_sees_the_board_without_the_move_forms(pipeline: Pipeline) -> None:
    page = client(pipeline, "leader").get(BOARD)
    assert names_on(page)[2] == ["美科切片", "通威研发中心", "华为云培训中心"]
    html = page.content.decode()
    assert 'class="move"' not in html
    assert "/move/" not in html
    assert "变更阶段" not in text_of(page)
    assert "导入招商项目" not in text_of(page)


@pytest.mark.parametrize("persona", ["enterprise_user", "statistician"])
def test_people_outside_the_pipeline_see_an_empty_board(pipeline: Pipeline, persona: str) -> None:
    # The pipeline's scope has no place for an enterprise or the statistics bureau: the board opens
    # (its scope is empty) with not one deal, total or chain of the district.
    page = client(pipeline, persona).get(BOARD)
    assert names_on(page) == {1: [], 2: [], 3: [], 4: [], 5: []}
    html = page.content.decode()
    for name in DISTRICT_DEALS | {NEIGHBOUR_DEAL, SOLAR, DIGITAL}:
        assert name not in html, name
    assert [heading.split(" · ")[0] for heading, _ in board(page).values()] == [
        "洽谈 0个",
        "签约 0个",
        "落地 0个",
        "开工 0个",
        "投产 0个",
    ]


# --- Moving a deal ---------------------------------------------------------------------------------


def move_url(pipeline: Pipeline, key: str) -> str:
    return f"/promotion/deals/{pipeline.deals[key].pk}/move/"


def post_move(pipeline: Pipeline, key: str, persona: str = "officer", follow: bool = True, **data: Any) -> Any:
    return client(pipeline, persona).post(move_url(pipeline, key), data, follow=follow)


def refused_move(pipeline: Pipeline, key: str, **data: Any) -> list[str]:
    """The keeper's move is refused with a message on the deal's page, and nothing is written."""
    before = deal_state(pipeline, key)
    response = post_move(pipeline, key, **data)
    deal_page = f"/promotion/deals/{pipeline.deals[key].pk}/"
    assert response.redirect_chain == [(deal_page, 302)]
    assert deal_state(pipeline, key) == before
    return messages_of(response)


def test_the_keeper_signs_a_deal_in_talks(pipeline: Pipeline) -> None:
    cloud = pipeline.deals["CLOUD"]
    officer = client(pipeline, "officer")
    data = {"stage": Stage.SIGNED, "date": "2022-06-01", "reason": "", "next": BOARD}
    response = officer.post(move_url(pipeline, "CLOUD"), data)
    assert response.status_code == 302
    assert response["Location"] == BOARD, "back to the board it was moved on"
    assert messages_of(officer.get(f"/promotion/deals/{cloud.pk}/")) == ["“华为云数据中心”已变更为签约"]
    deal = pipeline.deal("CLOUD")
    assert (deal.stage, deal.negotiating_on, deal.signed_on) == (Stage.SIGNED, day("2022-05-01"), day("2022-06-01"))
    move = StageMove.objects.get(deal=cloud)
    assert (move.source, move.target, move.on, move.reason, move.by) == (
        Stage.NEGOTIATING,
        Stage.SIGNED,
        day("2022-06-01"),
        "",
        pipeline.officer,
    )
    change = ChangeRecord.objects.get(
        content_type=ContentType.objects.get_for_model(Deal), object_id=str(cloud.pk), action="update"
    )
    assert change.actor == pipeline.officer
    assert change.actor_label == "touzi"
    assert (change.before, change.after) == ({"stage": 1, "signed_on": None}, {"stage": 2, "signed_on": "2022-06-01"})


def test_a_move_forward_without_its_date_is_refused_with_the_rule(pipeline: Pipeline) -> None:
    assert refused_move(pipeline, "CLOUD", stage=Stage.SIGNED, date="", reason="") == ["推进到签约须填写签约日期"]


def test_a_deal_in_talks_cannot_skip_to_started(pipeline: Pipeline) -> None:
    messages = refused_move(pipeline, "CLOUD", stage=Stage.STARTED, date="2022-06-01", reason="")
    assert messages == ["推进到开工前，须先有签约、落地日期；不能跳过"]


def test_a_move_back_without_a_reason_is_refused(pipeline: Pipeline) -> None:
    messages = refused_move(pipeline, "PHASE2", stage=Stage.SIGNED, date="", reason="  ")
    assert messages == ["从开工退回签约须填写原因"]


def test_a_move_back_with_a_reason_clears_the_later_dates_and_is_on_the_deals_page(pipeline: Pipeline) -> None:
    reason = "企业调整建设方案，重新选址"
    response = post_move(pipeline, "PHASE2", stage=Stage.SIGNED, date="", reason=reason)
    assert messages_of(response) == ["“通威二期”已变更为签约"]
    deal = pipeline.deal("PHASE2")
    assert deal.stage == Stage.SIGNED
    assert [deal.date_of(stage) for stage in Stage] == [None, day("2022-02-15"), None, None, None]
    move = StageMove.objects.get(deal=deal)
    today = timezone.localdate()
    assert (move.source, move.target, move.on, move.reason, move.by) == (
        Stage.STARTED,
        Stage.SIGNED,
        today,
        reason,
        pipeline.officer,
    )
    # The page the move returns to: the history of moves, with the reason and who moved it.
    moves = [row[1:] for row in table_rows(response.content.decode()) if len(row) == 5 and "→" in row[1]]
    assert moves == [["开工 → 签约", f"{today:%Y-%m-%d}", reason, "touzi"]]


@pytest.mark.parametrize("persona", ["leader", "task_force_member"])
def test_someone_who_sees_the_deal_but_does_not_keep_the_pipeline_may_not_move_it(
    pipeline: Pipeline, persona: str
) -> None:
    before = deal_state(pipeline, "CLOUD")
    response = post_move(pipeline, "CLOUD", persona, follow=False, stage=Stage.SIGNED, date="2022-06-01")
    assert response.status_code == 403
    assert deal_state(pipeline, "CLOUD") == before


@pytest.mark.parametrize("persona", ["statistician", "enterprise_user", "neighbour_leader"])
def test_someone_outside_the_pipelines_scope_is_not_told_the_deal_exists(pipeline: Pipeline, persona: str) -> None:
    # A deal outside the caller's scope reads as one that does not exist (404), before any role check.
    before = deal_state(pipeline, "CLOUD")
    response = post_move(pipeline, "CLOUD", persona, follow=False, stage=Stage.SIGNED, date="2022-06-01")
    assert response.status_code == 404
    assert deal_state(pipeline, "CLOUD") == before


def test_the_keeper_cannot_move_another_districts_deal(pipeline: Pipeline) -> None:
    before = deal_state(pipeline, "RAREEARTH")
    response = post_move(pipeline, "RAREEARTH", follow=False, stage=Stage.STARTED, date="2022-06-01")
    assert response.status_code == 404
    assert deal_state(pipeline, "RAREEARTH") == before


def test_a_next_address_on_another_site_is_not_followed(pipeline: Pipeline) -> None:
    response = post_move(
        pipeline, "CLOUD", follow=False, stage=Stage.SIGNED, date="2022-06-01", next="http://evil.example/"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/promotion/deals/{pipeline.deals['CLOUD'].pk}/"
    assert pipeline.deal("CLOUD").stage == Stage.SIGNED, "the move itself is done"


# --- A deal's page ---------------------------------------------------------------------------------


def deal_page(pipeline: Pipeline, key: str, persona: str = "officer") -> Any:
    return client(pipeline, persona).get(f"/promotion/deals/{pipeline.deals[key].pk}/")


def steps_of(response: Any) -> list[tuple[str, str]]:
    html = response.content.decode()
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S).group(1)  # type: ignore[union-attr]
    return [
        (plain(stage), plain(date))
        for stage, date in re.findall(r"<strong>(.*?)</strong>\s*<span[^>]*>(.*?)</span>", timeline, re.S)
    ]


@pytest.mark.parametrize("persona", ["officer", "leader"])
def test_a_deals_page_shows_each_stages_date(pipeline: Pipeline, persona: str) -> None:
    page = deal_page(pipeline, "PHASE2", persona)
    assert steps_of(page) == [
        ("洽谈", "—"),
        ("签约", "2022-02-15"),
        ("落地", "2022-04-01"),
        ("开工", "2022-05-10"),
        ("投产", "—"),
    ]
    text = text_of(page)
    assert "通威二期 开工" in text
    assert f"投资企业 {TONGWEI}" in text
    assert "意向投资额 500,000 万元" in text
    assert "到位资金 16,899.99 万元" in text
    assert "重大项目 未列入" in text
    assert "尚无在平台上的阶段变更" in text
    assert ('class="move"' in page.content.decode()) == (persona == "officer")


@pytest.mark.parametrize(
    ("persona", "key"),
    [
        ("enterprise_user", "PHASE2"),
        ("statistician", "PHASE2"),
        ("neighbour_leader", "PHASE2"),
        ("officer", "RAREEARTH"),
        ("leader", "RAREEARTH"),
    ],
)
def test_a_deals_page_outside_the_scope_is_not_found(pipeline: Pipeline, persona: str, key: str) -> None:
    assert deal_page(pipeline, key, persona).status_code == 404


def test_a_deal_and_its_major_project_point_at_each_other(pipeline: Pipeline) -> None:
    project = make_project("KDL-Z-001", pipeline.world.district, "500000", (2022,), name="通威二期项目")
    phase2 = pipeline.deals["PHASE2"]
    Deal.objects.filter(pk=phase2.pk).update(project=project)
    page = deal_page(pipeline, "PHASE2")
    assert "重大项目 KDL-Z-001 通威二期项目（在建）" in text_of(page)
    # A deal of the ledger is started and put into production by its project, not by hand: no 投产 to pick.
    select = re.search(r'<select name="stage">(.*?)</select>', page.content.decode(), re.S).group(1)  # type: ignore[union-attr]
    options = re.findall(r"<option [^>]*>(.*?)</option>", select)
    assert options == ["洽谈", "签约", "落地"]
    # The project's page names the deal it came from.
    project_page = client(pipeline, "leader").get(f"/projects/{project.pk}/")
    assert "招商项目 通威二期（开工，签约 2022-02-15）" in text_of(project_page)
    assert f'href="/promotion/deals/{phase2.pk}/"' in project_page.content.decode()
    # The enterprise's page gives the project's code beside the deal.
    investor_page = client(pipeline, "officer").get(f"/promotion/investors/{pipeline.investors[TONGWEI].pk}/")
    assert ["通威二期", "开工", "500,000", "2022-02-15", "KDL-Z-001"] in table_rows(investor_page.content.decode())


# --- Enterprises courted ---------------------------------------------------------------------------


def listed_investors(response: Any) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<a href="/promotion/investors/\d+/">(.*?)</a>', response.content.decode())


def test_the_investor_list_shows_the_districts_enterprises_only(pipeline: Pipeline) -> None:
    officer = client(pipeline, "officer")
    # By deals, then meetings: 通威 3 deals 11 meetings, 美科 3 deals 2 meetings, 华为云 2/1, 宁德 2/0.
    assert listed_investors(officer.get("/promotion/investors/")) == [
        TONGWEI,
        "包头美科硅能源有限公司",
        "华为云计算技术有限公司",
        "宁德时代新能源科技股份有限公司",
    ]
    assert listed_investors(officer.get("/promotion/investors/?q=北方稀土")) == []
    assert listed_investors(officer.get("/promotion/investors/?q=美科")) == ["包头美科硅能源有限公司"]


def test_the_name_search_finds_full_width_brackets_written_half_width(pipeline: Pipeline) -> None:
    qingshan = client(pipeline, "neighbour_leader")
    assert listed_investors(qingshan.get("/promotion/investors/?q=北方稀土（青山）")) == [NORTH]
    # Lists and officers write brackets either way; the list's own help says widths do not matter.
    assert listed_investors(qingshan.get("/promotion/investors/?q=北方稀土(青山)")) == [NORTH]
    assert listed_investors(qingshan.get("/promotion/investors/?q=北方稀土 （青山）")) == [NORTH]


def test_an_enterprises_page_shows_its_contacts_newest_first_and_its_deals(pipeline: Pipeline) -> None:
    Engagement.objects.filter(investor=pipeline.investors[TONGWEI], date=day("2022-06-30")).update(
        result="达成三期投资意向", next_step="7月赴成都总部对接"
    )
    page = client(pipeline, "officer").get(f"/promotion/investors/{pipeline.investors[TONGWEI].pk}/")
    html = page.content.decode()
    dates = re.findall(r'<strong class="nowrap">(\d{4}-\d{2}-\d{2})</strong>', html)
    assert dates == [
        "2022-06-30",
        "2022-06-01",
        "2022-05-06",
        "2022-04-12",
        "2022-03-30",
        "2022-03-03",
        "2022-02-25",
        "2022-02-08",
        "2022-01-20",
        "2022-01-05",
        "2021-12-31",
    ]
    text = text_of(page)
    assert "达成三期投资意向；下一步：7月赴成都总部对接" in text
    assert "世界500强（2022）" in text and "中国企业500强（2021）" in text
    assert f"产业链目标企业 {SOLAR}" in text
    # Its deals, latest signing first.
    assert table_rows(html)[:3] == [
        ["通威二期", "开工", "500,000", "2022-02-15", "—"],
        ["通威研发中心", "签约", "1,237", "2022-01-02", "—"],
        ["通威一期", "投产", "80,000", "2021-01-10", "—"],
    ]


@pytest.mark.parametrize(
    ("persona", "key"),
    [("officer", NORTH), ("enterprise_user", TONGWEI), ("statistician", TONGWEI), ("neighbour_leader", TONGWEI)],
)
def test_an_enterprises_page_outside_the_scope_is_not_found(pipeline: Pipeline, persona: str, key: str) -> None:
    response = client(pipeline, persona).get(f"/promotion/investors/{pipeline.investors[key].pk}/")
    assert response.status_code == 404


# --- Industry chains -------------------------------------------------------------------------------


def test_the_chain_list_adds_up_each_chain_to_june(pipeline: Pipeline) -> None:
    page = client(pipeline, "officer").get("/promotion/chains/?period=2022-06")
    # 光伏: targets 通威 and 美科; engaged 通威 only (ten meetings, one enterprise); signed PHASE2 and WAFER,
    # 500000 + 38248 = 538248万元 = 53.8248 → 53.825亿元; started PHASE2 (5月10日).
    # 数字经济: targets 华为云 and 宁德; engaged 华为云 (6月30日, the window's last day); nothing signed in 2022
    # (BATTERY signed in 2021); started BATTERY (6月30日).
    assert table_rows(page.content.decode()) == [
        [SOLAR, "2", "1", "2", "53.825", "1"],
        [DIGITAL, "2", "1", "0", "0.000", "1"],
    ]
    assert "稀土新材料产业链" not in page.content.decode()


def test_the_chain_list_to_january_counts_only_january(pipeline: Pipeline) -> None:
    page = client(pipeline, "officer").get("/promotion/chains/?period=2022-01")
    # 光伏 in January: 通威 met twice (5日, 20日); nothing of the chain signed or started yet.
    assert table_rows(page.content.decode()) == [
        [SOLAR, "2", "1", "0", "0.000", "0"],
        [DIGITAL, "2", "0", "0", "0.000", "0"],
    ]


def test_a_chains_page_shows_its_policy_targets_and_deals(pipeline: Pipeline) -> None:
    solar = pipeline.chains[SOLAR]
    solar.policy = "围绕多晶硅—单晶—切片—电池—组件补链延链\n设立光伏产业发展基金"
    solar.save()
    page = client(pipeline, "officer").get(f"/promotion/chains/{solar.pk}/")
    text = text_of(page)
    assert "牵头部门 昆都仑区投资促进局" in text
    assert "一业一策 围绕多晶硅—单晶—切片—电池—组件补链延链 设立光伏产业发展基金" in text
    html = page.content.decode()
    targets = re.search(r"目标企业</h2>\s*<ul[^>]*>(.*?)</ul>", html, re.S).group(1)  # type: ignore[union-attr]
    assert re.findall(r'<a href="/promotion/investors/\d+/">(.*?)</a>', targets) == ["包头美科硅能源有限公司", TONGWEI]
    assert "专精特新（2021）" in plain(targets)
    assert table_rows(html)[:2] == [
        ["美科切片", "包头美科硅能源有限公司", "签约", "38,248", "2022-03-01"],
        ["通威二期", TONGWEI, "开工", "500,000", "2022-02-15"],
    ]


def test_a_chain_of_another_district_is_not_found(pipeline: Pipeline) -> None:
    rare_earth = IndustryChain.objects.get(name="稀土新材料产业链")
    assert client(pipeline, "officer").get(f"/promotion/chains/{rare_earth.pk}/").status_code == 404
    assert client(pipeline, "enterprise_user").get(f"/promotion/chains/{pipeline.chains[SOLAR].pk}/").status_code == 404


# --- The year's targets ----------------------------------------------------------------------------


def test_the_targets_page_gives_each_targets_completion_to_june(pipeline: Pipeline) -> None:
    page = client(pipeline, "officer").get("/promotion/targets/?period=2022-06")
    # 1-6月 of 昆都仑区:
    #   engaged: 通威 and 华为云 (美科 only in 2021 and July) → 2 of 3 = 66.7% → 67%
    #   signed: PHASE2, WAFER, FRESH (JULY is July) → 3 of 8 = 37.5% → 38%
    #   amount: 500000 + 38248 + 1237 = 539485万元 = 53.9485 → 53.949亿元 of 60亿元 = 89.9% → 90%
    #   landed: PHASE2 (4月), BATTERY (2月) → 2, no target
    #   started: PHASE2 (5月), BATTERY (6月30日) → 2 of 16 = 12.5% → 13%
    #   funds of the year's signed deals: 16899.99万元 → 1.690亿元; 16899.99 / 20000 = 84.49995% → 84%
    #   (not 1.690 / 2.000 = 84.5% → 85%: the unrounded numbers are divided).
    assert table_rows(page.content.decode()) == [
        ["对接洽谈企业", "3家", "2家", "67%"],
        ["签约项目", "8个", "3个", "38%"],
        ["签约金额", "60亿元", "53.949亿元", "90%"],
        ["落地项目", "—", "2个", "—"],
        ["开工项目", "16个", "2个", "13%"],
        ["到位资金", "2亿元", "1.690亿元", "84%"],
    ]
    assert "2022年招商目标完成情况" in text_of(page)
    assert "按2022-01-01至2022-06-30的日期统计" in text_of(page)


def test_the_targets_page_in_july_counts_julys_deals(pipeline: Pipeline) -> None:
    rows = table_rows(client(pipeline, "officer").get("/promotion/targets/?period=2022-07").content.decode())
    # July adds 美科 (7月1日) to the engaged, JULY (999万元) to the signed and LATE (7月10日) to the landed:
    # 3 of 3 = 100%; 4 of 8 = 50%; 540484万元 = 54.0484 → 54.048亿元, 90.08% → 90%.
    assert rows[:4] == [
        ["对接洽谈企业", "3家", "3家", "100%"],
        ["签约项目", "8个", "4个", "50%"],
        ["签约金额", "60亿元", "54.048亿元", "90%"],
        ["落地项目", "—", "3个", "—"],
    ]


@pytest.mark.parametrize("url", ["/promotion/targets/?period=2022-06", "/promotion/chains/?period=2022-06"])
def test_an_enterprise_user_sees_none_of_the_districts_promotion_figures(pipeline: Pipeline, url: str) -> None:
    # The cockpit refuses an enterprise the district's promotion figures (see the cockpit test below), and
    # the pipeline's scope shows it no deal, chain or target: these pages must not give the totals away.
    response = client(pipeline, "enterprise_user").get(url)
    assert response.status_code in (200, 404)
    html = response.content.decode()
    assert "53.949" not in html and "53.825" not in html
    assert table_rows(html) in ([], [["暂无产业链"]])


# --- Excel sheets ----------------------------------------------------------------------------------


def test_the_exported_deals_are_the_districts_with_the_import_columns(pipeline: Pipeline) -> None:
    rows = xlsx_rows(client(pipeline, "officer").get("/promotion/deals/export.xlsx"))
    assert rows[0] == DEAL_HEADERS
    assert {row[0] for row in rows[1:]} == DISTRICT_DEALS
    assert len(rows) == 1 + 10
    phase2 = dict(zip(DEAL_HEADERS, next(row for row in rows if row[0] == "通威二期"), strict=True))
    assert phase2["所属地区"] == "150203"
    assert phase2["投资企业"] == TONGWEI
    assert phase2["产业链"] == SOLAR
    assert phase2["意向投资额（万元）"] == 500000
    assert Decimal(repr(phase2["到位资金（万元）"])) == Decimal("16899.99")
    # Dates come back as dates; an empty cell as an empty string.
    assert [phase2[header] for header in ("洽谈日期", "签约日期", "落地日期", "开工日期", "投产日期")] == [
        "",
        day("2022-02-15"),
        day("2022-04-01"),
        day("2022-05-10"),
        "",
    ]
    assert phase2["重大项目编号"] == ""
    assert NEIGHBOUR_DEAL not in {row[0] for row in rows}


def test_the_exported_deals_imported_again_change_nothing(pipeline: Pipeline) -> None:
    officer = client(pipeline, "officer")
    exported = officer.get("/promotion/deals/export.xlsx")
    assert len(xlsx_rows(exported)) == 11
    records = list(Deal.objects.order_by("pk").values())
    history = ChangeRecord.objects.count()
    upload = io.BytesIO(exported.content)
    upload.name = "export.xlsx"
    response = officer.post("/promotion/deals/import/", {"file": upload})
    assert response.status_code == 302
    assert response["Location"] == "/promotion/"
    # The message is read on the next page shown (the board itself is tested above).
    assert messages_of(officer.get("/promotion/investors/")) == ["招商项目导入完成。共10行：新增0条，更新0条，未变10条"]
    assert list(Deal.objects.order_by("pk").values()) == records
    assert ChangeRecord.objects.count() == history


def deal_row(name: str, **dates: str) -> list[Any]:
    columns = ["negotiating_on", "signed_on", "landed_on", "started_on", "producing_on"]
    return [name, "150203", TONGWEI, SOLAR, "30000", None, *(dates.get(column) for column in columns), None]


def test_a_deal_started_without_a_signing_date_is_shown_with_its_row_and_column(pipeline: Pipeline) -> None:
    rows = [
        deal_row("通威三期", signed_on="2022-03-01"),
        deal_row("通威四期", negotiating_on="2022-01-10", landed_on="2022-03-01", started_on="2022-05-01"),
    ]
    before = (Deal.objects.count(), ChangeRecord.objects.count())
    response = client(pipeline, "officer").post("/promotion/deals/import/", {"file": workbook(DealImporter, rows)})
    text = text_of(response)
    assert "导入未执行：发现1处问题，未写入任何数据。" in text
    assert "第3行 H列（签约日期）：已填写开工日期，签约日期不能为空（不能跳过）" in text
    assert (Deal.objects.count(), ChangeRecord.objects.count()) == before
    assert not Deal.objects.filter(name="通威三期").exists(), "the good row is not written either"


@pytest.mark.parametrize("persona", ["leader", "statistician"])
def test_someone_who_does_not_keep_the_pipeline_is_told_they_cannot_import(pipeline: Pipeline, persona: str) -> None:
    before = (Deal.objects.count(), ChangeRecord.objects.count())
    sheet = workbook(DealImporter, [deal_row("通威三期", signed_on="2022-03-01")])
    text = text_of(client(pipeline, persona).post("/promotion/deals/import/", {"file": sheet}))
    assert "第2行：招商项目由投资促进部门维护，您的角色不能导入" in text
    assert (Deal.objects.count(), ChangeRecord.objects.count()) == before


def test_the_import_template_holds_only_the_header(pipeline: Pipeline) -> None:
    officer = client(pipeline, "officer")
    assert xlsx_rows(officer.get("/promotion/deals/template.xlsx")) == [DEAL_HEADERS]
    assert xlsx_rows(officer.get("/promotion/targets/template.xlsx")) == [["所属地区", "年度", "指标", "目标值"]]


def test_an_unknown_sheet_is_not_found(pipeline: Pipeline) -> None:
    officer = client(pipeline, "officer")
    for url in ("/promotion/budgets/template.xlsx", "/promotion/budgets/export.xlsx", "/promotion/budgets/import/"):
        assert officer.get(url).status_code == 404, url


def test_an_enterprise_exports_no_deal(pipeline: Pipeline) -> None:
    assert xlsx_rows(client(pipeline, "enterprise_user").get("/promotion/deals/export.xlsx")) == [DEAL_HEADERS]


# --- The cockpit's promotion page ------------------------------------------------------------------

COCKPIT = "/cockpit/150203/2022-06/promotion/"


def cards_of(response: Any) -> dict[str, str]:
    assert response.status_code == 200
    html = response.content.decode()
    return {
        key: plain(body)
        for key, body in re.findall(r'<article class="card" data-figure="([a-z_]+)">(.*?)</article>', html, re.S)
    }


def test_the_cockpit_shows_the_districts_promotion_to_june(pipeline: Pipeline) -> None:
    cards = cards_of(client(pipeline, "leader").get(COCKPIT))
    # As on the targets page: 2 enterprises, 3 deals (3 of 8 = 37.5% → 38%), 53.949亿元 (89.9% → 90%).
    assert cards["enterprises_engaged"] == "对接洽谈企业 2家"
    assert cards["projects_signed"] == "签约项目 3个 完成全年计划 38%"
    assert cards["signed_amount"] == "签约金额 53.949亿元 完成全年计划 90%"
    assert cards["projects_landed"] == "落地项目 2个"
    assert cards["projects_started"] == "已开工 2个"
    assert cards["funds_in_place"] == "到位资金 1.690亿元"


def test_the_neighbours_deal_does_not_count_in_the_districts_cockpit(pipeline: Pipeline) -> None:
    # RAREEARTH (88888万元, signed 3月1日) is 青山区's: on its own cockpit, not on 昆都仑区's.
    cards = cards_of(client(pipeline, "neighbour_leader").get("/cockpit/150204/2022-06/promotion/"))
    assert cards["projects_signed"] == "签约项目 1个"
    assert cards["signed_amount"] == "签约金额 8.889亿元"
    assert cards["enterprises_engaged"] == "对接洽谈企业 1家"


@pytest.mark.parametrize("persona", ["neighbour_leader", "enterprise_user"])
def test_the_districts_cockpit_is_not_found_outside_it(pipeline: Pipeline, persona: str) -> None:
    assert client(pipeline, persona).get(COCKPIT).status_code == 404
