"""Draft, edit, publish: a published bulletin is frozen and says which of its numbers changed since;
the public page and the Atom feed carry published bulletins only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from regionpulse.bulletins.models import Bulletin
from regionpulse.bulletins.publishing import differences, draft, publish
from regionpulse.conftest import World, observe
from regionpulse.core.periods import Period

H1 = Period(2022, 6)


@pytest.fixture
def figures(world: World) -> World:
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    observe("gdp", world.city, 2022, 6, "1886.95", "6.8")
    observe("gdp", world.neighbour, 2022, 6, "400", "5.0")
    return world


def test_a_draft_is_written_from_the_figures_with_traceable_numbers(figures: World) -> None:
    bulletin = draft(figures.district, H1, figures.statistician)
    assert bulletin.status == Bulletin.Status.DRAFT
    assert "地区生产总值达592.48亿元，占全市总量的31.4%，同比增长6.9%，高于全市0.1个百分点" in bulletin.body
    assert 'href="/indicators/observations/?region=150203&amp;indicator=gdp&amp;period=2022-06"' in bulletin.body_html
    assert bulletin.issuer == figures.statistics
    assert bulletin.tag_list == ["经济运行"]


def test_nothing_to_write_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="还没有可写入简报的已审核数据"):
        draft(world.district, H1, world.statistician)


def test_a_published_bulletin_keeps_its_text_and_says_what_changed_since(figures: World) -> None:
    bulletin = draft(figures.district, H1, figures.statistician)
    bulletin.body = bulletin.body.replace("地区生产总值", "全区地区生产总值")
    bulletin.save()
    publish(bulletin)
    assert differences(bulletin) == []
    gdp = figures.district.observation_set.get(indicator__code="gdp")
    gdp.value = Decimal("600.00")
    gdp.save()
    bulletin.refresh_from_db()
    assert "全区地区生产总值达592.48亿元" in bulletin.body  # never changed silently
    changed = dict((path, (then, now)) for path, then, now in differences(bulletin))
    assert changed["indicators[地区生产总值].value"] == (592.48, 600)
    with pytest.raises(ValidationError, match="已发布"):
        publish(bulletin)


def test_the_page_shows_the_differences_and_refuses_to_edit_a_published_bulletin(figures: World) -> None:
    bulletin = publish(draft(figures.district, H1, figures.statistician))
    observe("gdp", figures.neighbour, 2022, 3, "100", "1.0")  # unrelated period: no difference
    client = figures.client_for(figures.statistician)
    assert "data-differences" not in client.get(f"/bulletins/{bulletin.pk}/").content.decode()
    gdp = figures.city.observation_set.get(indicator__code="gdp", month=6)
    gdp.value = Decimal("1900.00")
    gdp.save()
    page = client.get(f"/bulletins/{bulletin.pk}/").content.decode()
    assert "data-differences" in page and "indicators[地区生产总值].share_of_parent_pct" in page
    assert client.get(f"/bulletins/{bulletin.pk}/edit/").status_code == 404


def test_the_public_page_and_feed_carry_published_bulletins_only(figures: World) -> None:
    published = publish(draft(figures.district, H1, figures.statistician))
    hidden = draft(figures.district, Period(2022, 6), figures.statistician)
    anonymous = Client()
    listing = anonymous.get("/public/bulletins/").content.decode()
    assert published.title in listing
    assert anonymous.get(f"/public/bulletins/{published.pk}/").status_code == 200
    assert anonymous.get(f"/public/bulletins/{hidden.pk}/").status_code == 404
    feed = anonymous.get("/public/bulletins/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert text.count("<entry>") == 1
    assert "<name>昆都仑区统计局</name>" in text and '<category term="经济运行"/>' in text


def test_people_outside_the_region_cannot_read_or_write_its_bulletins(figures: World) -> None:
    bulletin = draft(figures.district, H1, figures.statistician)
    assert figures.client_for(figures.neighbour_leader).get(f"/bulletins/{bulletin.pk}/").status_code == 404
    assert (
        figures.client_for(figures.enterprise_user)
        .post("/bulletins/new/", {"region": "150203", "period": "2022-06"})
        .status_code
        == 403
    )


def test_the_api_gives_the_regions_bulletins_and_writes_one_on_request(figures: World) -> None:
    bulletin = draft(figures.district, H1, figures.statistician)
    mine = figures.client_for(figures.statistician).get("/api/bulletins/").json()
    assert [item["id"] for item in mine["results"]] == [bulletin.pk]
    assert figures.client_for(figures.neighbour_leader).get("/api/bulletins/").json()["count"] == 0
    written = figures.client_for(figures.leader).get("/api/bulletin/150203/2022-06/").json()
    assert written["text"]["economy"].startswith("2022年上半年，昆都仑区地区生产总值达592.48亿元")
    assert figures.client_for(figures.neighbour_leader).get("/api/bulletin/150203/2022-06/").status_code == 404
