"""No lost update (core.versioning): of two edits begun on the same version, the second is refused
with what the first changed, in the edit pages and in the model's own save."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from regionpulse.conftest import World, make_user, observe
from regionpulse.core.models import Role
from regionpulse.core.versioning import StaleEdit
from regionpulse.indicators.models import Observation


def opened_version(client: Client, url: str) -> int:
    match = re.search(r'name="version" value="(\d+)"', client.get(url).content.decode())
    assert match, "the form carries the version it was opened on"
    return int(match.group(1))


def test_the_second_of_two_page_edits_is_refused_with_the_first_edit_shown(world: World) -> None:
    observation = observe("gdp", world.district, 2022, 6, "592.48", "6.9", status=Observation.Status.DRAFT)
    url = reverse("indicators:observation-edit", args=[observation.pk])
    colleague = make_user("tongji2", Role.DEPARTMENT, world.district, department=world.statistics)
    first, second = world.client_for(world.statistician), world.client_for(colleague)
    version_first, version_second = opened_version(first, url), opened_version(second, url)
    assert version_first == version_second

    first.post(url, {"value": "600.00", "growth": "6.9", "source": "统计局", "version": version_first})
    refused = second.post(url, {"value": "500.00", "growth": "6.9", "source": "", "version": version_second})

    assert refused.status_code == 200
    text = refused.content.decode()
    assert "tongji于" in text and "把“数值”由“592.48”改为“600”" in text and "您的修改没有保存" in text
    observation.refresh_from_db()
    assert observation.value == Decimal("600.00")


def test_a_save_on_an_old_version_is_refused_even_when_both_passed_the_form_check(world: World) -> None:
    observation = observe("gdp", world.district, 2022, 6, "592.48", "6.9", status=Observation.Status.DRAFT)
    mine, theirs = Observation.objects.get(pk=observation.pk), Observation.objects.get(pk=observation.pk)
    mine.edited_version = theirs.edited_version = observation.version
    mine.value = Decimal("1")
    mine.save()
    theirs.value = Decimal("2")
    with pytest.raises(StaleEdit) as refused:
        theirs.save()
    assert refused.value.current_version == observation.version + 1
    observation.refresh_from_db()
    assert observation.value == Decimal("1")


def test_every_save_moves_the_version_on(world: World) -> None:
    observation = observe("gdp", world.district, 2022, 6, "592.48", "6.9", status=Observation.Status.DRAFT)
    start = observation.version
    observation.growth = Decimal("7.0")
    observation.save(update_fields=["growth"])
    observation.refresh_from_db()
    assert observation.version == start + 1
