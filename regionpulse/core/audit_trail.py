"""The audit trail page (审计记录): record changes and every other audited event in one list, with
filters and an .xlsx export. Only the auditor and the security officer read it (三员分立); nobody
edits or erases it here."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, IntegerField, JSONField, QuerySet, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from regionpulse.core import audit
from regionpulse.core.history import readable
from regionpulse.core.models import AuditEvent, ChangeRecord

COLUMNS = ("at", "actor_label", "via", "remote_addr", "kind", "what", "before", "after", "content_type")
KIND_LABELS = {**dict(ChangeRecord.Action.choices), **dict(AuditEvent.Kind.choices)}
VIA_LABELS = {"web": "页面", "api": "接口", "cli": "命令行", "demo": "演示数据", "system": "系统"}
EXPORT_LIMIT = 100_000


class TrailFilter(forms.Form):
    kind = forms.ChoiceField(label="事件", required=False, choices=[("", "全部"), *KIND_LABELS.items()])
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    text = forms.CharField(label="内容包含", required=False, max_length=100)
    since = forms.DateField(label="从", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="到", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("“从”的日期不能晚于“到”的日期")
        return data


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _narrow(queryset: QuerySet[Any], data: dict[str, Any], text_field: str) -> QuerySet[Any]:
    if data.get("actor"):
        queryset = queryset.filter(actor_label__icontains=data["actor"])
    if data.get("text"):
        queryset = queryset.filter(**{f"{text_field}__icontains": data["text"]})
    if data.get("since"):
        queryset = queryset.filter(at__gte=_day_start(data["since"]))
    if data.get("until"):
        queryset = queryset.filter(at__lt=_day_start(data["until"] + datetime.timedelta(days=1)))
    return queryset


def trail(data: dict[str, Any]) -> QuerySet[Any]:
    """Both tables as one list of rows (newest first), one UNION query."""
    kind = data.get("kind") or ""
    changes = _narrow(ChangeRecord.objects.order_by(), data, "object_repr")
    events = _narrow(AuditEvent.objects.order_by(), data, "detail")
    if kind:
        changes = changes.filter(action=kind) if kind in ChangeRecord.Action.values else changes.none()
        events = events.filter(kind=kind) if kind in AuditEvent.Kind.values else events.none()
    changes_rows = changes.values_list(
        "at", "actor_label", "via", "remote_addr", F("action"), F("object_repr"), "before", "after", "content_type_id"
    )
    event_rows = events.values_list(
        "at",
        "actor_label",
        "via",
        "remote_addr",
        F("kind"),
        F("detail"),
        Value(None, output_field=JSONField()),
        F("data"),
        Value(None, output_field=IntegerField()),
    )
    return changes_rows.union(event_rows, all=True).order_by("-at")


def _reader(request: HttpRequest) -> None:
    if not request.user.reads_audit:  # type: ignore[union-attr]
        raise PermissionDenied("审计记录只供安全审计员和安全管理员查阅")


def _rows(records: Any) -> list[dict[str, Any]]:
    """The trail's rows as a reader sees them: a change's fields by their labels, with the records
    they refer to named (one query per referred model for the whole page)."""
    rows = [dict(zip(COLUMNS, record, strict=True)) for record in records]
    changes = [
        ChangeRecord(
            content_type=ContentType.objects.get_for_id(row["content_type"]),
            before=_loaded(row["before"]),
            after=_loaded(row["after"]),
        )
        for row in rows
        if row["content_type"] is not None
    ]
    fields = iter([change.fields for change in readable(changes)])  # type: ignore[attr-defined]
    for row in rows:
        row["kind_label"] = KIND_LABELS.get(row["kind"], row["kind"])
        row["via_label"] = VIA_LABELS.get(row["via"], row["via"])
        if row["content_type"] is not None:
            changed = next(fields)
            row["before"] = _joined((label, before) for label, before, _ in changed if before not in (None, ""))
            row["after"] = _joined((label, after) for label, _, after in changed if after not in (None, ""))
        else:
            details = _loaded(row["after"]) or {}
            row["before"], row["after"] = "", _joined(details.items()) if isinstance(details, dict) else str(details)
    return rows


def _loaded(value: Any) -> Any:
    # Some backends hand back the JSON column of a UNION as text.
    return json.loads(value) if isinstance(value, str) else value


def _joined(pairs: Any) -> str:
    return "；".join(f"{label}：{_json(value)}" for label, value in pairs)


@login_required
def trail_page(request: HttpRequest) -> HttpResponse:
    _reader(request)
    form = TrailFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(trail(data), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page_obj": page, "rows": _rows(page.object_list), "query": query.urlencode()}
    return render(request, "core/audit_trail.html", context)


@login_required
def trail_export(request: HttpRequest) -> HttpResponse:
    _reader(request)
    form = TrailFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计记录")
    sheet.append(["时间", "操作人", "途径", "来源地址", "事件", "对象或内容", "修改前", "修改后或详情"])
    count = 0
    for row in _rows(trail(data)[:EXPORT_LIMIT]):
        sheet.append(
            [
                timezone.localtime(row["at"]).strftime("%Y-%m-%d %H:%M:%S"),
                row["actor_label"],
                row["via_label"],
                row["remote_addr"] or "",
                row["kind_label"],
                row["what"],
                row["before"],
                row["after"],
            ]
        )
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit.record(AuditEvent.Kind.EXPORT, f"导出审计记录{count}条", {"filters": request.GET.dict()}, request=request)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''audit-{stamp}.xlsx"
    return response


def _json(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
