"""The data version changes with every committed write to a record a figure reads, whichever way it is
written, and with nothing else; a cached page keyed on it is then never stale."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from regionpulse.conftest import World, observe
from regionpulse.core import audit, data_version
from regionpulse.core.models import AuditEvent, Enterprise, Region
from regionpulse.indicators import catalogue
from regionpulse.indicators.models import Indicator, Observation

# Committed writes only: the token is read outside any transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def district(db: None) -> Region:
    catalogue.install(Indicator)  # a flush by an earlier test may have taken the migrated catalogue
    province = Region.objects.create(code="150000", name="内蒙古自治区", level=Region.Level.PROVINCE)
    city = Region.objects.create(code="150200", name="包头市", level=Region.Level.CITY, parent=province)
    return Region.objects.create(code="150203", name="昆都仑区", level=Region.Level.COUNTY, parent=city)


def changes(write: Callable[[], object]) -> bool:
    before = data_version.current()
    write()
    after = data_version.current()
    assert before is not None and after is not None
    return before != after


def installed_triggers() -> dict[str, set[str]]:
    """Trigger names by table."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'data_version_%'"
        )
    else:
        sql = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'data_version_%'"
    found: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
    return found


def test_every_table_a_figure_reads_has_its_triggers_and_no_other_does() -> None:
    triggers = installed_triggers()
    assert set(triggers) == set(data_version.source_tables())
    per_table = {"postgresql": 2, "sqlite": 3}[connection.vendor]  # (insert, update, delete, truncate)
    assert {table: len(names) for table, names in triggers.items()} == dict.fromkeys(triggers, per_table)
    for table in ("indicators_observation", "projects_progressreport", "promotion_deal", "desk_request", "core_region"):
        assert table in triggers
    for table in ("core_user", "core_auditevent", "core_changerecord", "desk_notification", "django_session"):
        assert table not in triggers


def test_a_trigger_lost_with_a_rebuilt_table_comes_back_at_the_next_migrate() -> None:
    before = installed_triggers()
    lost = sorted(before["promotion_target"])[0]
    drop = (
        f'DROP TRIGGER "{lost}" ON promotion_target' if connection.vendor == "postgresql" else f'DROP TRIGGER "{lost}"'
    )
    _raw(drop)
    assert lost not in installed_triggers()["promotion_target"]
    data_version.install()  # what post_migrate runs
    assert installed_triggers() == before


def test_every_way_of_writing_a_figure_record_changes_it(district: Region) -> None:
    gdp = Indicator.objects.get(code="gdp")
    assert changes(lambda: observe("gdp", district, 2022, 6, "592.48", "6.9"))
    # update() and bulk_create() bypass save() and its signals.
    assert changes(lambda: Observation.objects.filter(indicator=gdp).update(value=Decimal("600")))
    assert changes(
        lambda: Observation.objects.bulk_create(
            [Observation(indicator=gdp, region=district, year=2022, month=month, value=Decimal(1)) for month in (3, 9)]
        )
    )
    assert changes(lambda: Observation.objects.filter(month=9).delete())
    # A statement typed by an operator, outside Django altogether.
    assert changes(lambda: _raw("UPDATE indicators_observation SET value = 601 WHERE month = 6"))
    assert changes(lambda: Enterprise.objects.create(region=district, name="包头钢铁（集团）有限责任公司"))


def test_sign_ins_sessions_and_the_audit_trail_leave_it_alone(world: World) -> None:
    world.leader.refresh_from_db()

    def sign_in() -> None:
        world.client_for(world.leader).get("/accounts/two-factor/")
        session = SessionStore()
        session["seen"] = True
        session.save()
        audit.record(AuditEvent.Kind.EXPORT, "指标数据", user=world.leader)

    assert not changes(sign_in)


def test_a_rolled_back_write_leaves_it_and_a_committed_one_changes_it_at_commit(district: Region) -> None:
    before = data_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        observe("gdp", district, 2022, 6, "592.48", "6.9")
        assert data_version.current() is None  # inside a transaction: no token to key a cache on
        raise RuntimeError("rolled back")
    assert data_version.current() == before

    with transaction.atomic():
        observe("gdp", district, 2022, 6, "592.48", "6.9")
        observe("gdp", district, 2022, 3, "300", "6.0")
    assert data_version.current() != before


def test_emptying_a_table_as_the_test_runner_does_changes_it(district: Region) -> None:
    observe("gdp", district, 2022, 6, "592.48", "6.9")
    statement = (
        "TRUNCATE indicators_observation" if connection.vendor == "postgresql" else "DELETE FROM indicators_observation"
    )
    assert changes(lambda: _raw(statement))


def _raw(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def test_a_bulk_load_changes_it_once_at_its_end_and_keeps_every_trigger(district: Region) -> None:
    triggers = installed_triggers()
    before = data_version.current()
    with transaction.atomic(), data_version.changed_once():
        observe("gdp", district, 2022, 6, "592.48", "6.9")
        observe("gdp", district, 2022, 3, "300", "6.0")
    assert data_version.current() not in (None, before)
    assert installed_triggers() == triggers

    before = data_version.current()
    with pytest.raises(RuntimeError), transaction.atomic(), data_version.changed_once():
        observe("gdp", district, 2022, 9, "900", "6.5")
        raise RuntimeError("rolled back")
    assert data_version.current() == before
    assert installed_triggers() == triggers
    assert changes(lambda: observe("gdp", district, 2022, 9, "900", "6.5"))  # the triggers still work
