"""The demo district with one record of each kind in the neighbouring district, for tests that walk
every URL as every demo login.

``demo_scenario`` loads the demo data set once (a module-scoped fixture uses it) inside a transaction
that is rolled back at the end; each test then runs in its own savepoint as usual. ``demo_loaded``
is the demo data set alone, the same way (the ``shared_demo`` fixture).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Model
from django.test.utils import override_settings
from rest_framework.authtoken.models import Token

from regionpulse.bulletins.models import Bulletin, Phrase
from regionpulse.bulletins.publishing import draft, publish
from regionpulse.core.actors import acting_as
from regionpulse.core.models import Enterprise, Function, Region, User
from regionpulse.core.periods import Period
from regionpulse.demo.load import load_all
from regionpulse.demo.organisations import demo_credit_code
from regionpulse.demo.users import LOGINS
from regionpulse.desk.models import ApprovalCase, Category, KeyEnterprise, Notification, Request
from regionpulse.desk.states import set_deadlines
from regionpulse.indicators.models import Observation
from regionpulse.projects.classifications import Category as ProjectCategory
from regionpulse.projects.classifications import Industry, Nature, Stage
from regionpulse.projects.models import AnnualPlan, ProgressReport, Project
from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Investor, Target

HOME = "150203"  # 昆都仑区: the demo district every demo login works in
NEIGHBOUR = "150204"  # 青山区: outside every demo login's scope but the administrator's
PERIOD = "2022-06"
# Every demo login, as named by `regionpulse demo`: one for each role at least.
USERNAMES = tuple(login.username for login in LOGINS)


@dataclass
class Scenario:
    users: dict[str, User]
    records: dict[str, Model] = field(default_factory=dict)

    def pk(self, name: str) -> Any:
        return self.records[name].pk


@contextmanager
def demo_loaded() -> Iterator[None]:
    """The demo data set, loaded for the block and rolled back when it ends: for a module of tests
    that only read it (each test's own writes are rolled back at its end, as usual)."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo's passwords are not what is tested
    with transaction.atomic():
        try:
            with override_settings(PASSWORD_HASHERS=fast), acting_as(None, "demo"):
                load_all()
            # PostgreSQL checks the deferred foreign keys of these rows now, once. Left pending, they
            # would be checked again at the end of every test (Django's test case asks for every
            # pending check there, inside a savepoint that is rolled back, which leaves them pending).
            connection.check_constraints()
            yield
        finally:
            transaction.set_rollback(True)


@contextmanager
def demo_scenario() -> Iterator[Scenario]:
    """The demo data set with the records below, rolled back when the block ends."""
    with demo_loaded(), acting_as(None, "demo"):
        loaded = _scenario()
        connection.check_constraints()
        yield loaded


def _scenario() -> Scenario:
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
    assert set(users) == set(USERNAMES), f"missing logins: {set(USERNAMES) - set(users)}"
    home = Region.objects.get(code=HOME)
    neighbour = Region.objects.get(code=NEIGHBOUR)
    own = users["qiye"].enterprise
    assert own is not None
    scenario = Scenario(users=users)
    records = scenario.records
    records.update(_home_records(home, own, users))
    records.update(_neighbour_records(neighbour))
    records.update(_admin_records(users))
    return scenario


def _home_records(home: Region, own: Enterprise, users: dict[str, User]) -> dict[str, Model]:
    project = Project.objects.filter(owner=own).order_by("code").first()
    assert project is not None, "the demo gives the enterprise login a project"
    # A month the enterprise may still edit: drafted after the locked half-year.
    report = ProgressReport.objects.create(
        project=project,
        year=2022,
        month=10,
        investment=Decimal("100"),
        stage=project.stage,
        status=ProgressReport.Status.DRAFT,
        reported_by=users["qiye"],
    )
    deal = Deal.objects.filter(region=home).order_by("id").first()
    assert deal is not None
    written = draft(home, Period.parse(PERIOD), users["tongji"])
    published = publish(draft(home, Period.parse(PERIOD), users["tongji"]))
    key = KeyEnterprise.objects.filter(region=home).order_by("id").first()
    records: dict[str, Model | None] = {
        "observation": Observation.objects.get(
            region=home, indicator__responsible=Function.STATISTICS, year=2022, month=6, indicator__code="gdp"
        ),
        "project": project,
        "report": report,
        "plan": AnnualPlan.objects.filter(project=project).order_by("year").first(),
        "deal": deal,
        "investor": deal.investor,
        "chain": IndustryChain.objects.filter(region=home).order_by("id").first(),
        "engagement": Engagement.objects.filter(region=home).order_by("id").first(),
        "target": Target.objects.filter(region=home).order_by("id").first(),
        "request": Request.objects.filter(enterprise=own).order_by("id").first(),
        "other_request": Request.objects.filter(region=home).exclude(enterprise=own).order_by("id").first(),
        "approval": ApprovalCase.objects.filter(region=home).order_by("id").first(),
        "key_enterprise": key,
        "notification": Notification.objects.create(user=users["leader"], text="督办：测试消息", url="/desk/"),
        "bulletin": written,
        "published": published,
        "enterprise": own,
        "other_enterprise": Enterprise.objects.filter(region=home).exclude(pk=own.pk).order_by("id").first(),
    }
    missing = [name for name, record in records.items() if record is None]
    assert not missing, f"the demo data set has no {', '.join(missing)}"
    return {name: record for name, record in records.items() if record is not None}


def _admin_records(users: dict[str, User]) -> dict[str, Model]:
    """A record of each kind that only the admin site shows and the demo does not create."""
    return {
        "group": Group.objects.create(name="测试用户组"),
        "token": Token.objects.create(user=users["leader"]),
        "phrase": Phrase.objects.create(key="test.unused", text="{{ name }}", note="不被任何简报使用"),
    }


def _neighbour_records(region: Region) -> dict[str, Model]:
    """One record of each kind in 青山区, which no demo login but the administrator may see."""
    enterprise = Enterprise.objects.create(
        region=region, name="包头青山测试制造有限公司", credit_code=demo_credit_code(90)
    )
    project = Project.objects.create(
        code="QS-TEST-001",
        name="青山区测试项目",
        region=region,
        owner=enterprise,
        industry=Industry.C,
        category=ProjectCategory.INDUSTRY,
        nature=Nature.NEW,
        stage=Stage.CONSTRUCTION,
        total_investment=Decimal("150000"),
    )
    report = ProgressReport.objects.create(
        project=project, year=2022, month=10, investment=Decimal("50"), stage=Stage.CONSTRUCTION
    )
    plan = AnnualPlan.objects.create(project=project, year=2022, planned_investment=Decimal("30000"))
    investor = Investor.objects.create(region=region, name="青山测试投资集团", normalised_name="青山测试投资集团")
    chain = IndustryChain.objects.create(region=region, name="青山测试产业链")
    deal = Deal.objects.create(
        region=region,
        name="青山测试招商项目",
        investor=investor,
        chain=chain,
        amount=Decimal("5000"),
        negotiating_on=datetime.date(2022, 3, 1),
    )
    engagement = Engagement.objects.create(
        region=region, investor=investor, date=datetime.date(2022, 3, 1), mode=Engagement.Mode.VISIT
    )
    target = Target.objects.create(region=region, year=2022, metric=Target.Metric.SIGNED, value=Decimal("10"))
    request = Request(
        region=region,
        number="QS-SQ-TEST-001",
        title="青山区测试诉求",
        description="测试",
        category=Category.values[0],
        enterprise=enterprise,
        raised_on=datetime.date(2022, 5, 9),
    )
    set_deadlines(request, request.raised_on)
    request.save()
    approval = ApprovalCase.objects.create(
        region=region,
        item="青山区测试审批",
        applicant=enterprise,
        statutory_days=20,
        promised_days=10,
        received_on=datetime.date(2022, 5, 9),
    )
    key = KeyEnterprise.objects.create(region=region, enterprise=enterprise, since=2022)
    bulletin = Bulletin.objects.create(region=region, year=2022, month=6, title="青山区测试简报", body="测试。")
    return {
        "neighbour_observation": Observation.objects.get(region=region, indicator__code="gdp", year=2022, month=6),
        "neighbour_enterprise": enterprise,
        "neighbour_project": project,
        "neighbour_report": report,
        "neighbour_plan": plan,
        "neighbour_investor": investor,
        "neighbour_chain": chain,
        "neighbour_deal": deal,
        "neighbour_engagement": engagement,
        "neighbour_target": target,
        "neighbour_request": request,
        "neighbour_approval": approval,
        "neighbour_key_enterprise": key,
        "neighbour_bulletin": bulletin,
    }
