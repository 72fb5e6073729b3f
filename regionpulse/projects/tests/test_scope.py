"""Who sees which projects: owners their own, a 专班 and a department theirs, 发改委 and leaders the whole
district's list; reports, plans and list years follow their project."""

from __future__ import annotations

from typing import Any

import pytest

from regionpulse.conftest import make_user
from regionpulse.core.models import Department, Function, Role
from regionpulse.core.scopes import restrict
from regionpulse.projects.models import AnnualPlan, Listing, ProgressReport, Project
from regionpulse.projects.tests.conftest import (
    BIG,
    DISTRICT_CODES,
    EDGE,
    FRESH,
    NEIGHBOUR,
    OLD,
    SLOW,
    SMALL,
    Ledger,
)

EXPECTED = {
    "enterprise_user": {BIG, SMALL},  # 通威 owns BIG and SMALL
    "task_force_member": {BIG, SLOW, OLD},  # 光伏专班's projects
    "industry_reviewer": {BIG, SLOW, SMALL},  # 工信局 answers for these
    "statistician": set(),  # 统计局 answers for no project
    "finance_officer": set(),
    "developer": DISTRICT_CODES,  # 发改委 answers for EDGE, FRESH, OLD but keeps the whole list
    "leader": DISTRICT_CODES,
    "neighbour_leader": {NEIGHBOUR},
    "admin": DISTRICT_CODES | {NEIGHBOUR},
}


def persona(ledger: Ledger, name: str) -> Any:
    return getattr(ledger, name, None) or getattr(ledger.world, name)


def visible(model: Any, user: Any) -> list[str]:
    path = "code" if model is Project else "project__code"
    return sorted(restrict(model.objects.all(), user).values_list(path, flat=True))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_persona_sees_exactly_its_projects(ledger: Ledger, name: str) -> None:
    assert set(visible(Project, persona(ledger, name))) == EXPECTED[name]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_reports_plans_and_list_years_follow_their_project(ledger: Ledger, name: str) -> None:
    user, codes = persona(ledger, name), EXPECTED[name]
    for model in (ProgressReport, AnnualPlan, Listing):
        expected = sorted(model.objects.filter(project__code__in=codes).values_list("project__code", flat=True))
        assert visible(model, user) == expected, model.__name__


def test_the_enterprise_sees_every_report_of_its_projects_and_none_of_the_others(ledger: Ledger) -> None:
    # BIG has eight reports (2021-12 and 2022-01…07), SMALL one.
    assert visible(ProgressReport, ledger.world.enterprise_user) == [BIG] * 8 + [SMALL]


def test_the_development_department_of_the_neighbour_keeps_only_its_own_list(ledger: Ledger) -> None:
    world = ledger.world
    neighbour_development = Department.objects.create(
        region=world.neighbour, name="青山区发展和改革委员会", function=Function.DEVELOPMENT
    )
    user = make_user("qs-fagai", Role.DEPARTMENT, world.neighbour, department=neighbour_development)
    assert visible(Project, user) == [NEIGHBOUR]
    assert visible(ProgressReport, user) == [NEIGHBOUR]


def test_a_project_handed_to_another_department_leaves_the_old_ones_view(ledger: Ledger) -> None:
    Project.objects.filter(code=SLOW).update(department=ledger.development)
    assert set(visible(Project, ledger.industry_reviewer)) == {BIG, SMALL}
    assert SLOW in visible(Project, ledger.developer)
    assert {EDGE, FRESH} <= set(visible(Project, ledger.developer))
