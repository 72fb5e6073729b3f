"""Personas and records shared by every test: one district with its people, and a neighbour."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import Browser

from regionpulse.browser import chromium
from regionpulse.core.models import Department, Enterprise, Function, Region, Role, TaskForce, User
from regionpulse.demo.organisations import demo_credit_code
from regionpulse.indicators.models import Indicator, Observation

PASSWORD = "Persona-pass-2022"  # noqa: S105 - test personas only


@dataclass
class World:
    province: Region
    city: Region
    district: Region
    neighbour: Region
    statistics: Department
    finance: Department
    neighbour_statistics: Department
    task_force: TaskForce
    enterprise: Enterprise
    other_enterprise: Enterprise
    leader: User
    statistician: User
    finance_officer: User
    task_force_member: User
    enterprise_user: User
    neighbour_leader: User
    admin: User
    security_officer: User
    auditor: User

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


def make_user(username: str, role: Role, region: Region | None, **links: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, region=region, **links)
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Personas are created for every test; the production hasher's cost is not what is tested.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    # The API's rate counters live in the cache: each test starts with none spent. Content types
    # are cached by id, and a test that flushes or restores the database gives them new ids.
    cache.clear()
    ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def shared_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo data set, loaded once for the module's tests that ask for it (with ``db``)."""
    from regionpulse.core.tests.scenario import demo_loaded

    with django_db_blocker.unblock(), demo_loaded():
        yield


@pytest.fixture
def world(db: None) -> World:
    province = Region.objects.create(code="150000", name="内蒙古自治区", level=Region.Level.PROVINCE)
    city = Region.objects.create(code="150200", name="包头市", level=Region.Level.CITY, parent=province)
    district = Region.objects.create(code="150203", name="昆都仑区", level=Region.Level.COUNTY, parent=city)
    neighbour = Region.objects.create(code="150204", name="青山区", level=Region.Level.COUNTY, parent=city)
    statistics = Department.objects.create(region=district, name="昆都仑区统计局", function=Function.STATISTICS)
    finance = Department.objects.create(region=district, name="昆都仑区财政局", function=Function.FINANCE)
    neighbour_statistics = Department.objects.create(
        region=neighbour, name="青山区统计局", function=Function.STATISTICS
    )
    task_force = TaskForce.objects.create(region=district, name="光伏新能源产业专班")
    enterprise = Enterprise.objects.create(
        region=district, name="内蒙古通威高纯晶硅有限公司", credit_code=demo_credit_code(1)
    )
    other = Enterprise.objects.create(region=district, name="包头美科硅能源有限公司", credit_code=demo_credit_code(2))
    return World(
        province=province,
        city=city,
        district=district,
        neighbour=neighbour,
        statistics=statistics,
        finance=finance,
        neighbour_statistics=neighbour_statistics,
        task_force=task_force,
        enterprise=enterprise,
        other_enterprise=other,
        leader=make_user("leader", Role.LEADER, district),
        statistician=make_user("tongji", Role.DEPARTMENT, district, department=statistics, can_review=True),
        finance_officer=make_user("caizheng", Role.DEPARTMENT, district, department=finance),
        task_force_member=make_user("zhuanban", Role.TASK_FORCE, district, task_force=task_force),
        enterprise_user=make_user("qiye", Role.ENTERPRISE, district, enterprise=enterprise),
        neighbour_leader=make_user("qingshan", Role.LEADER, neighbour),
        admin=make_user("admin", Role.ADMIN, None, is_staff=True, is_superuser=True),
        security_officer=make_user("anquan", Role.SECURITY, None),
        auditor=make_user("shenji", Role.AUDITOR, None),
    )


def observe(
    indicator_code: str,
    region: Region,
    year: int,
    month: int,
    value: str | None,
    growth: str | None,
    status: str = Observation.Status.APPROVED,
) -> Observation:
    return Observation.objects.create(
        indicator=Indicator.objects.get(code=indicator_code),
        region=region,
        year=year,
        month=month,
        value=None if value is None else Decimal(value),
        growth=None if growth is None else Decimal(growth),
        status=status,
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself (fixtures) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as instance:
        yield instance
