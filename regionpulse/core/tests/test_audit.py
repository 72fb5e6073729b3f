"""The audit trail (等保: 安全审计) and the separation of duties (三员分立): every write, sign-in,
export, import, lock and unlock is recorded; the auditor reads it and changes nothing; the
administrator cannot erase it; it is kept at least six months."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from regionpulse.conftest import PASSWORD, World
from regionpulse.core import audit
from regionpulse.core.locking import lock, unlock
from regionpulse.core.models import AuditEvent, ChangeRecord
from regionpulse.core.periods import Period

Kind = AuditEvent.Kind


def test_only_the_auditor_and_the_security_officer_read_the_trail(world: World) -> None:
    Client().post("/accounts/login/", {"username": "leader", "password": PASSWORD})
    assert "登录" in world.client_for(world.auditor).get(reverse("core:audit-trail")).content.decode()
    assert world.client_for(world.security_officer).get(reverse("core:audit-trail")).status_code == 200
    for user in (world.leader, world.statistician, world.admin):
        assert world.client_for(user).get(reverse("core:audit-trail")).status_code == 403, user


def test_the_auditor_sees_no_ledger_and_changes_nothing(world: World) -> None:
    auditor = world.client_for(world.auditor)
    assert auditor.get("/api/observations/").json()["count"] == 0
    assert auditor.get("/api/projects/").json()["count"] == 0
    assert auditor.post(reverse("bulletins:new"), {"region": world.district.code, "period": "2022-06"}).status_code in (
        403,
        404,
    )
    assert auditor.get("/admin/").status_code == 302  # not staff: the admin site sends to its login


def test_the_administrator_cannot_erase_the_trail(world: World) -> None:
    audit.record(Kind.EXPORT, "导出重大项目", user=world.leader)
    event = AuditEvent.objects.get()
    world.leader.first_name = "王"
    world.leader.save()
    admin = world.client_for(world.admin)
    assert admin.get(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    change = ChangeRecord.objects.latest("at")
    assert admin.get(f"/admin/core/changerecord/{change.pk}/delete/").status_code == 403
    assert admin.post("/admin/core/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk]})
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_cleanup_never_keeps_less_than_six_months(world: World) -> None:
    old = audit.record(Kind.LOGIN, user=world.leader)
    recent = audit.record(Kind.LOGIN, user=world.leader)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=400))
    AuditEvent.objects.filter(pk=recent.pk).update(at=timezone.now() - datetime.timedelta(days=170))
    with pytest.raises(CommandError, match="至少保留183天"):
        call_command("prune_audit", "--keep-days", "30", stdout=io.StringIO())
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    call_command("prune_audit", stdout=io.StringIO())  # AUDIT_RETENTION_DAYS, 365 by default
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(kind=Kind.PRUNED).exists()


def test_an_export_is_recorded_with_who_and_what(world: World) -> None:
    client = Client(REMOTE_ADDR="10.0.0.8")
    client.force_login(world.leader)
    assert client.get(reverse("projects:export", args=["projects"])).status_code == 200
    event = AuditEvent.objects.get(kind=Kind.EXPORT)
    assert (event.actor, event.remote_addr) == (world.leader, "10.0.0.8")
    assert "重大项目" in event.detail or "项目" in event.detail


def test_a_refused_import_is_recorded(world: World, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["地区", "指标", "期间", "数值", "同比增长"])
    workbook.active.append(["不存在的区", "地区生产总值", "2022-06", "1", "1"])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with pytest.raises(CommandError):
        call_command("import", "observations", str(path), "--quiet", stdout=io.StringIO())
    event = AuditEvent.objects.get(kind=Kind.IMPORT_REFUSED)
    assert event.via == "cli" and "第2行" in event.detail


def test_locks_and_unlocks_are_recorded_and_an_unlock_needs_a_reason(world: World) -> None:
    period = Period(2022, 6)
    lock(world.district, period, world.statistician, "已审核")
    with pytest.raises(ValidationError, match="解锁必须填写原因"):
        unlock(world.district, period, world.statistician, " ")
    unlock(world.district, period, world.statistician, "统计局更正数据")
    kinds = list(AuditEvent.objects.order_by("at", "id").values_list("kind", "detail"))
    assert kinds == [
        (Kind.PERIOD_LOCKED, "昆都仑区2022年6月，原因：已审核"),
        (Kind.PERIOD_UNLOCKED, "昆都仑区2022年6月，原因：统计局更正数据"),
    ]


def test_an_unlock_in_the_admin_site_needs_a_reason_and_is_recorded(world: World) -> None:
    record = lock(world.district, Period(2022, 6), world.admin)
    admin = world.client_for(world.admin)
    url = f"/admin/core/periodlock/{record.pk}/change/"
    refused = admin.post(url, {"reason": ""})
    assert "解锁必须填写原因" in refused.content.decode()
    admin.post(url, {"reason": "更正"})
    record.refresh_from_db()
    assert not record.is_locked
    assert AuditEvent.objects.filter(kind=Kind.PERIOD_UNLOCKED, actor=world.admin).exists()


def test_the_trail_lists_changes_and_events_together_and_filters_them(world: World) -> None:
    Client().post("/accounts/login/", {"username": "leader", "password": "wrong-Password-1"})
    world.leader.first_name = "王"
    world.leader.save()
    auditor = world.client_for(world.auditor)
    everything = auditor.get(reverse("core:audit-trail")).content.decode()
    assert "登录失败" in everything and "修改" in everything
    failed = auditor.get(reverse("core:audit-trail"), {"kind": Kind.LOGIN_FAILED}).content.decode()
    assert "登录失败" in failed and '<td class="nowrap">修改</td>' not in failed
    wrong = auditor.get(reverse("core:audit-trail"), {"since": "2022-07-01", "until": "2022-06-01"})
    assert "“从”的日期不能晚于“到”的日期" in wrong.content.decode()


def test_the_trail_exports_to_excel_and_the_export_is_recorded(world: World) -> None:
    audit.record(Kind.EXPORT, "导出重大项目", user=world.leader)
    answer = world.client_for(world.auditor).get(reverse("core:audit-export"))
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("时间", "操作人", "途径", "来源地址", "事件")
    assert ("leader", "导出", "导出重大项目") in [(row[1], row[4], row[5]) for row in rows[1:]]
    assert AuditEvent.objects.filter(kind=Kind.EXPORT, actor=world.auditor).exists()


def test_the_lock_message_says_whether_the_month_is_locked_or_closed_by_a_later_lock(world: World) -> None:
    from regionpulse.core.locking import PeriodLockedError, ensure_open_from

    lock(world.district, Period(2022, 6), world.admin, "上半年已审定")
    with pytest.raises(PeriodLockedError) as locked:
        ensure_open_from(world.district, Period(2022, 6))
    assert locked.value.messages == ["昆都仑区2022年上半年的数据已锁定，不能修改；如需更正，请管理员先解锁并填写原因"]
    with pytest.raises(PeriodLockedError) as closed:
        ensure_open_from(world.district, Period(2022, 2))
    assert "2022年2月的数据计入其累计数，已随之关闭" in closed.value.messages[0]
    ensure_open_from(world.district, Period(2022, 7))
