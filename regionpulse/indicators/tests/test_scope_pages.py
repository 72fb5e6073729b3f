"""Scopes seen from outside: observation pages and API, the cockpit and the figures API."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from regionpulse.conftest import World, observe
from regionpulse.indicators.models import Observation


@dataclass
class Records:
    gdp: Observation
    revenue: Observation
    neighbour_gdp: Observation


@pytest.fixture
def records(world: World) -> Records:
    return Records(
        gdp=observe("gdp", world.district, 2022, 6, "592.48", "6.9"),
        revenue=observe("budget_revenue", world.district, 2022, 6, "17.17", "8.7"),
        neighbour_gdp=observe("gdp", world.neighbour, 2022, 6, "300", "6.0"),
    )


def statuses(world: World, persona: str, observation: Observation) -> tuple[int, int]:
    """(page, API) status codes of one observation for one persona."""
    client = world.client_for(getattr(world, persona))
    page = client.get(f"/indicators/observations/{observation.pk}/").status_code
    api = client.get(f"/api/observations/{observation.pk}/").status_code
    return page, api


def test_a_statistician_sees_gdp_but_not_the_finance_figures(world: World, records: Records) -> None:
    assert statuses(world, "statistician", records.gdp) == (200, 200)
    assert statuses(world, "statistician", records.revenue) == (404, 404)


def test_a_finance_officer_sees_the_budget_but_not_gdp(world: World, records: Records) -> None:
    assert statuses(world, "finance_officer", records.gdp) == (404, 404)
    assert statuses(world, "finance_officer", records.revenue) == (200, 200)


def test_a_department_does_not_see_its_counterpart_in_another_district(world: World, records: Records) -> None:
    assert statuses(world, "statistician", records.neighbour_gdp) == (404, 404)


def test_enterprises_and_task_forces_see_no_observations(world: World, records: Records) -> None:
    assert statuses(world, "enterprise_user", records.gdp) == (404, 404)
    assert statuses(world, "task_force_member", records.gdp) == (404, 404)


def test_a_leader_sees_every_observation_of_the_district_and_none_of_another(world: World, records: Records) -> None:
    assert statuses(world, "leader", records.gdp) == (200, 200)
    assert statuses(world, "leader", records.revenue) == (200, 200)
    assert statuses(world, "leader", records.neighbour_gdp) == (404, 404)
    assert statuses(world, "neighbour_leader", records.gdp) == (404, 404)
    assert statuses(world, "neighbour_leader", records.neighbour_gdp) == (200, 200)


def test_the_administrator_sees_everything(world: World, records: Records) -> None:
    for observation in (records.gdp, records.revenue, records.neighbour_gdp):
        assert statuses(world, "admin", observation) == (200, 200)


def test_the_observation_api_lists_only_what_the_user_may_see(world: World, records: Records) -> None:
    body = world.client_for(world.finance_officer).get("/api/observations/").json()
    items = body.get("results", body)
    assert [(item["indicator"], item["region"]) for item in items] == [("budget_revenue", "150203")]
    assert items[0]["period"] == "2022年上半年"


def test_signed_out_visitors_are_sent_to_log_in_or_refused_by_the_api(records: Records) -> None:
    page = Client().get(f"/indicators/observations/{records.gdp.pk}/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/")
    assert Client().get(f"/api/observations/{records.gdp.pk}/").status_code in (401, 403)
    cockpit = Client().get("/cockpit/150203/2022-06/")
    assert cockpit.status_code == 302
    assert cockpit["Location"].startswith("/accounts/login/")
    assert Client().get("/api/figures/150203/2022-06/").status_code in (401, 403)


COCKPIT = "/cockpit/150203/2022-06/"
FIGURES = "/api/figures/150203/2022-06/"


@pytest.mark.parametrize("url", [COCKPIT, FIGURES])
def test_the_districts_leader_and_the_administrator_open_its_figures(world: World, records: Records, url: str) -> None:
    assert world.client_for(world.leader).get(url).status_code == 200
    assert world.client_for(world.admin).get(url).status_code == 200


@pytest.mark.parametrize("url", [COCKPIT, FIGURES])
def test_another_districts_leader_and_an_enterprise_get_not_found(world: World, records: Records, url: str) -> None:
    assert world.client_for(world.neighbour_leader).get(url).status_code == 404
    assert world.client_for(world.enterprise_user).get(url).status_code == 404


def test_the_figures_api_gives_the_districts_approved_figures(world: World, records: Records) -> None:
    data = world.client_for(world.leader).get("/api/figures/昆都仑区/2022年上半年/").json()
    assert data["region"]["code"] == "150203"
    assert data["period"]["label"] == "2022年上半年"
    assert {item["indicator"] for item in data["indicators"]} == {"地区生产总值", "一般公共预算收入"}


def test_an_unknown_region_or_period_is_not_found(world: World) -> None:
    client = world.client_for(world.admin)
    assert client.get("/api/figures/999999/2022-06/").status_code == 404
    assert client.get("/api/figures/150203/2022年下半年/").status_code == 404
    assert client.get("/cockpit/999999/2022-06/").status_code == 404
