"""Two people changing one deal: the second change is refused with what the first one changed,
through the API and on the board (core.versioning)."""

from __future__ import annotations

from rest_framework.test import APIClient

from regionpulse.promotion.models import Deal, Stage
from regionpulse.promotion.tests.conftest import Pipeline


def keeper_api(pipeline: Pipeline) -> APIClient:
    client = APIClient()
    client.force_authenticate(pipeline.officer)
    return client


def a_deal(pipeline: Pipeline) -> Deal:
    return Deal.objects.filter(region=pipeline.world.district, stage=Stage.SIGNED).order_by("id").first()  # type: ignore[return-value]


def test_an_api_edit_must_name_the_version_it_read(pipeline: Pipeline) -> None:
    deal = a_deal(pipeline)
    answer = keeper_api(pipeline).patch(f"/api/deals/{deal.pk}/", {"amount": "1"}, format="json")
    assert answer.status_code == 400
    assert answer.json()["version"] == ["修改须带上读取时的版本号 version"]


def test_the_second_of_two_api_edits_from_the_same_version_is_refused_with_the_first_change(
    pipeline: Pipeline,
) -> None:
    deal = a_deal(pipeline)
    first, second = keeper_api(pipeline), keeper_api(pipeline)
    read = first.get(f"/api/deals/{deal.pk}/").json()["version"]
    saved = first.patch(f"/api/deals/{deal.pk}/", {"funds_in_place": "1234", "version": read}, format="json")
    assert saved.status_code == 200 and saved.json()["version"] == read + 1
    late = second.patch(f"/api/deals/{deal.pk}/", {"funds_in_place": "9999", "version": read}, format="json")
    assert late.status_code == 409
    body = late.json()
    assert body["current_version"] == read + 1
    assert [(change["field"], change["after"]) for change in body["changes"]] == [("到位资金（万元）", "1234")]
    assert "您的修改没有保存" in body["detail"]
    deal.refresh_from_db()
    assert str(deal.funds_in_place) == "1234.00"


def test_a_stage_move_made_on_an_old_version_is_refused(pipeline: Pipeline) -> None:
    deal = a_deal(pipeline)
    client = keeper_api(pipeline)
    read = deal.version
    client.patch(f"/api/deals/{deal.pk}/", {"name": "改名的项目", "version": read}, format="json")
    late = client.post(
        f"/api/deals/{deal.pk}/move/", {"stage": 3, "date": "2022-06-01", "version": read}, format="json"
    )
    assert late.status_code == 409
    assert "改名的项目" in late.json()["detail"]
    deal.refresh_from_db()
    assert deal.stage == Stage.SIGNED


def test_a_stale_move_on_the_board_says_what_changed(pipeline: Pipeline) -> None:
    deal = a_deal(pipeline)
    read = deal.version
    edited = keeper_api(pipeline).patch(f"/api/deals/{deal.pk}/", {"amount": "777", "version": read}, format="json")
    assert edited.status_code == 200, edited.content.decode()
    page = pipeline.world.client_for(pipeline.officer)
    answer = page.post(
        f"/promotion/deals/{deal.pk}/move/", {"stage": 3, "date": "2022-06-01", "version": read}, follow=True
    )
    text = answer.content.decode()
    assert "已被修改" in text and "意向投资额（万元）" in text and "777" in text
    deal.refresh_from_db()
    assert deal.stage == Stage.SIGNED
