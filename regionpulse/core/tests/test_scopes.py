"""Data scopes: who sees which records; a record outside the scope is a 404 on pages and in the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from regionpulse.conftest import World, observe
from regionpulse.core.models import Enterprise, Region, User
from regionpulse.core.scopes import can_view_region, restrict
from regionpulse.indicators.models import Observation


def visible_enterprises(user: object) -> set[str]:
    return set(restrict(Enterprise.objects.all(), user).values_list("name", flat=True))


def test_an_enterprise_user_sees_only_its_own_enterprise(world: World) -> None:
    assert visible_enterprises(world.enterprise_user) == {world.enterprise.name}


def test_district_staff_see_every_enterprise_of_the_district(world: World) -> None:
    for persona in ("leader", "statistician", "finance_officer", "task_force_member", "admin"):
        everything = {world.enterprise.name, world.other_enterprise.name}
        assert visible_enterprises(getattr(world, persona)) == everything, persona


def test_a_leader_of_another_district_sees_none_of_its_enterprises(world: World) -> None:
    assert visible_enterprises(world.neighbour_leader) == set()


def test_nobody_who_is_signed_out_or_inactive_sees_anything(world: World) -> None:
    assert visible_enterprises(AnonymousUser()) == set()
    assert visible_enterprises(None) == set()
    world.leader.is_active = False
    assert visible_enterprises(world.leader) == set()


def test_a_department_sees_the_observations_of_its_own_function_only(world: World) -> None:
    gdp = observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    revenue = observe("budget_revenue", world.district, 2022, 6, "17.17", "8.7")
    observe("gdp", world.neighbour, 2022, 6, "300", "6.0")
    assert list(restrict(Observation.objects.all(), world.statistician)) == [gdp]
    assert list(restrict(Observation.objects.all(), world.finance_officer)) == [revenue]
    assert set(restrict(Observation.objects.all(), world.leader)) == {gdp, revenue}
    assert list(restrict(Observation.objects.all(), world.task_force_member)) == []
    assert list(restrict(Observation.objects.all(), world.enterprise_user)) == []
    assert restrict(Observation.objects.all(), world.admin).count() == 3


def test_a_city_leader_sees_the_records_of_every_district_below(world: World) -> None:
    city_leader = User.objects.create_user(username="baotou", role="leader", region=world.city)
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    observe("gdp", world.neighbour, 2022, 6, "300", "6.0")
    assert restrict(Observation.objects.all(), city_leader).count() == 2
    assert can_view_region(city_leader, world.district)
    assert not can_view_region(world.leader, world.city)


def test_district_totals_are_for_the_district_and_not_for_enterprises(world: World) -> None:
    assert can_view_region(world.leader, world.district)
    assert can_view_region(world.task_force_member, world.district)
    assert can_view_region(world.admin, world.neighbour)
    assert not can_view_region(world.neighbour_leader, world.district)
    assert not can_view_region(world.enterprise_user, world.district)
    assert not can_view_region(AnonymousUser(), world.district)


def test_a_model_without_a_scope_cannot_be_shown(world: World) -> None:
    with pytest.raises(TypeError, match="declares no scope"):
        restrict(Region.objects.all(), world.leader)


def page(world: World, persona: str, enterprise: Enterprise) -> int:
    return world.client_for(getattr(world, persona)).get(f"/enterprises/{enterprise.pk}/").status_code


def api(world: World, persona: str, enterprise: Enterprise) -> int:
    return world.client_for(getattr(world, persona)).get(f"/api/enterprises/{enterprise.pk}/").status_code


Fetch = Callable[[World, str, Enterprise], int]


@pytest.mark.parametrize("fetch", [page, api])
def test_an_enterprise_user_opens_its_own_enterprise_but_not_another(world: World, fetch: Fetch) -> None:
    assert fetch(world, "enterprise_user", world.enterprise) == 200
    assert fetch(world, "enterprise_user", world.other_enterprise) == 404


@pytest.mark.parametrize("fetch", [page, api])
def test_a_leader_of_another_district_gets_not_found(world: World, fetch: Fetch) -> None:
    assert fetch(world, "neighbour_leader", world.enterprise) == 404


@pytest.mark.parametrize("fetch", [page, api])
def test_district_staff_and_the_administrator_open_any_enterprise(world: World, fetch: Fetch) -> None:
    for persona in ("leader", "statistician", "task_force_member", "admin"):
        assert fetch(world, persona, world.other_enterprise) == 200, persona


def test_the_api_gives_an_enterprise_in_its_own_shape(world: World) -> None:
    response = world.client_for(world.enterprise_user).get(f"/api/enterprises/{world.enterprise.pk}/")
    assert response.json() == {
        "id": world.enterprise.pk,
        "name": world.enterprise.name,
        "credit_code": world.enterprise.credit_code,
        "region": "150203",
        "address": "",
    }


def test_the_enterprise_list_shows_only_what_the_user_may_see(world: World) -> None:
    response = world.client_for(world.enterprise_user).get("/api/enterprises/")
    body = response.json()
    names = [item["name"] for item in body.get("results", body)]
    assert names == [world.enterprise.name]


def test_signed_out_visitors_are_sent_to_log_in_or_refused_by_the_api(world: World) -> None:
    response = Client().get(f"/enterprises/{world.enterprise.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Client().get(f"/api/enterprises/{world.enterprise.pk}/").status_code in (401, 403)
