"""The page: paste or upload a text, see every figure marked, record a peer's published figures."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regionpulse.conftest import World, observe
from regionpulse.core.models import ChangeRecord
from regionpulse.core.periods import Period
from regionpulse.indicators.figures import economy
from regionpulse.indicators.models import Observation

PEER_TEXT = "2022年上半年,青山区地区生产总值达300.5亿元,同比增长5.2%。"
URL = "/claims/"


def test_it_requires_login(world: World) -> None:
    response = world.client_for(world.leader).get(URL)
    assert response.status_code == 200
    from django.test import Client

    assert Client().get(URL).status_code == 302


def test_an_enterprise_user_may_not_use_it(world: World) -> None:
    assert world.client_for(world.enterprise_user).get(URL).status_code == 403


def test_pasted_text_comes_back_with_every_figure_marked(world: World) -> None:
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    text = "2022年上半年,我区地区生产总值达592.48亿元,同比增长7.9%。粮食总产量80.78万吨。"
    response = world.client_for(world.leader).post(URL, {"text": text, "region": world.district.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="figure claim-agrees"' in page and ">592.48亿元</a>" in page
    assert 'class="figure claim-disagrees"' in page and ">7.9%</a>" in page
    assert 'class="figure claim-unknown"' in page and ">80.78万吨</a>" in page
    assert "文中同比增长7.9%，平台6.9%" in page
    assert 'id="claim-1"' in page and 'href="#claim-1"' in page


def test_an_uploaded_file_is_read(world: World) -> None:
    upload = SimpleUploadedFile("article.txt", "截至6月底,签约项目135个。".encode("gb18030"))
    response = world.client_for(world.leader).post(URL, {"file": upload})
    assert "135个" in response.content.decode()


def test_an_unusable_text_gets_a_message(world: World) -> None:
    response = world.client_for(world.leader).post(URL, {"text": "Hello, world: 42"})
    assert "文中没有中文内容" in response.content.decode()
    upload = SimpleUploadedFile("image.png", bytes(range(256)))
    response = world.client_for(world.leader).post(URL, {"file": upload})
    assert "文件不是文本" in response.content.decode()


def test_the_page_is_in_chinese(world: World) -> None:
    page = world.client_for(world.leader).get(URL).content.decode()
    assert "数字核对" in page and "简报或新闻稿正文" in page


def test_a_statistician_records_a_peer_s_published_figures(world: World) -> None:
    client = world.client_for(world.statistician)
    page = client.post(URL, {"text": PEER_TEXT}).content.decode()
    assert "记录为公开数字" in page
    response = client.post(
        reverse("claims:publish"), {"text": PEER_TEXT, "chosen": ["0"], "source": "https://example.gov.cn/qs/2022-07"}
    )
    assert response.status_code == 200
    observation = Observation.objects.get(region=world.neighbour, year=2022, month=6)
    assert (observation.status, observation.value, observation.growth) == (
        "published",
        Decimal("300.5"),
        Decimal("5.2"),
    )
    assert observation.source == "https://example.gov.cn/qs/2022-07"
    assert ChangeRecord.objects.filter(object_id=str(observation.pk), actor=world.statistician).exists()
    # The platform's own figures count approved observations only.
    assert economy(world.neighbour, Period(2022, 6)).items == []


def test_an_approved_figure_is_never_overwritten_by_a_published_one(world: World) -> None:
    observe("gdp", world.neighbour, 2022, 6, "310", "5.0")
    client = world.client_for(world.statistician)
    client.post(reverse("claims:publish"), {"text": PEER_TEXT, "chosen": ["0"], "source": "新闻稿"})
    observation = Observation.objects.get(region=world.neighbour, year=2022, month=6)
    assert (observation.status, observation.value) == ("approved", 310)


def test_figures_of_another_department_or_a_leader_are_not_offered(world: World) -> None:
    for user in (world.finance_officer, world.leader):
        page = world.client_for(user).post(URL, {"text": PEER_TEXT}).content.decode()
        assert "记录为公开数字" not in page
        world.client_for(user).post(reverse("claims:publish"), {"text": PEER_TEXT, "chosen": ["0"], "source": "x"})
    assert not Observation.objects.filter(region=world.neighbour).exists()
