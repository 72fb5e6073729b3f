"""A cockpit tab is computed once per data version: asked again, it is served without reading a
figure; after any change to a record it reads, it shows the change at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from regionpulse.conftest import World, observe
from regionpulse.indicators import catalogue
from regionpulse.indicators.models import Indicator, Observation

# Outside a transaction, as a server answers: inside one nothing is cached.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ECONOMY = "/cockpit/150203/2022-06/"


@pytest.fixture
def figures(world: World) -> World:
    catalogue.install(Indicator)  # a flush by an earlier test may have taken the migrated catalogue
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    observe("gdp", world.neighbour, 2022, 6, "480.20", "5.1")
    observe("gdp", world.city, 2022, 6, "1886.80", "6.8")
    return world


def page(client: Client, path: str = ECONOMY) -> tuple[str, list[str]]:
    """The page's main part (the header carries a new CSRF token each time) and its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    main = response.content.decode().split("<main>", 1)[1].split("</main>", 1)[0]
    return main, [query["sql"] for query in queries.captured_queries]


def reads_observations(queries: list[str]) -> bool:
    return any("indicators_observation" in sql for sql in queries)


def test_asked_again_the_tab_is_served_without_computing_its_figures(figures: World) -> None:
    leader = figures.client_for(figures.leader)
    first, queries = page(leader)
    assert "592.48" in first and reads_observations(queries)
    again, queries = page(leader)
    assert again == first
    assert not reads_observations(queries)


def test_a_change_by_any_path_shows_at_once(figures: World) -> None:
    leader = figures.client_for(figures.leader)
    assert "592.48" in page(leader)[0]
    # update() bypasses save() and every signal: only the database sees it.
    Observation.objects.filter(region=figures.district, indicator__code="gdp").update(value=Decimal("600.01"))
    text, queries = page(leader)
    assert "600.01" in text and "592.48" not in text and reads_observations(queries)

    observe("gdp", figures.district, 2022, 3, "280.00", "5.0")
    assert "2022年一季度" in page(leader)[0]  # the period list of the toolbar follows too


def test_the_toolbar_offers_each_user_the_regions_of_his_own_scope(figures: World) -> None:
    leader_page = page(figures.client_for(figures.leader))[0]
    admin_page = page(figures.client_for(figures.admin))[0]
    assert "青山区" not in leader_page and "青山区" in admin_page
    assert admin_page.count("592.48") == leader_page.count("592.48")


def test_each_language_has_its_own_page(figures: World) -> None:
    leader = figures.client_for(figures.leader)
    assert "主要经济指标" in page(leader)[0]
    leader.cookies["django_language"] = "en"
    english = page(leader)[0]
    assert "key economic indicators" in english and "主要经济指标" not in english


def test_another_indicator_chosen_is_another_page(figures: World) -> None:
    observe("urban_income", figures.district, 2022, 6, "28619", "4.0")
    leader = figures.client_for(figures.leader)
    gdp = page(leader, ECONOMY + "?indicator=gdp")[0]
    income = page(leader, ECONOMY + "?indicator=urban_income")[0]
    assert 'class="card chosen" data-indicator="gdp"' in gdp
    assert 'class="card chosen" data-indicator="urban_income"' in income
