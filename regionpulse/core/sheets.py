"""The pages every ledger has for its .xlsx sheets: the import page, the export and the blank template."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from regionpulse.core import audit
from regionpulse.core.forms import ImportForm
from regionpulse.core.importing import ImportFailed
from regionpulse.core.spreadsheets import read_rows, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALL_OR_NOTHING = "导入时全部行校验通过才写入，任何一行有误都不会写入。"


def xlsx_response(filename: str, importer_class: Any, rows: Any, notes: Sequence[str] = ()) -> HttpResponse:
    buffer = io.BytesIO()
    write_workbook(buffer, importer_class.title, importer_class.columns, rows, notes)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


class LedgerSheets:
    """One app's sheets by kind, served at ``<kind>/import/``, ``<kind>/export.xlsx``, ``<kind>/template.xlsx``.

    ``narrow`` lets a page export what its list shows (its filters and order) instead of everything
    the user may see.
    """

    def __init__(
        self,
        namespace: str,
        importers: Sequence[Any],
        after_import: str,
        note: str = "",
        narrow: Callable[[HttpRequest, str, Any], Any] | None = None,
    ) -> None:
        self.namespace = namespace
        self.importers = {importer.kind: importer for importer in importers}
        self.after_import = after_import
        self.note = note
        self.notes = (f"{ALL_OR_NOTHING}{note}",)
        self.narrow = narrow

    def importer(self, kind: str) -> Any:
        try:
            return self.importers[kind]
        except KeyError:
            raise Http404("没有这种台账") from None

    def import_page(self, request: HttpRequest, kind: str) -> HttpResponse:
        importer_class = self.importer(kind)
        form = ImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                rows = read_rows(form.cleaned_data["file"], settings.IMPORT_MAX_BYTES)
                result = importer_class(request.user).run(rows)
            except ImportFailed as failure:
                problems = [str(problem) for problem in failure.problems]
                audit.import_refused(importer_class.title, problems, request)
            else:
                audit.imported(importer_class.title, result, request)
                messages.success(request, f"{importer_class.title}导入完成。{result}")
                return redirect(self.after_import)
        context = {
            "form": form,
            "problems": problems,
            "title": importer_class.title,
            "note": self.note,
            "template_url": reverse(f"{self.namespace}:template", args=[kind]),
        }
        return render(request, "core/import.html", context)

    def export(self, request: HttpRequest, kind: str) -> HttpResponse:
        importer_class = self.importer(kind)
        queryset = importer_class.export_queryset(request.user)
        if self.narrow is not None:
            queryset = self.narrow(request, kind, queryset)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        audit.exported(importer_class.title, request, request.GET.dict())
        return xlsx_response(f"{kind}-{stamp}.xlsx", importer_class, importer_class.export_rows(queryset), self.notes)

    def template(self, request: HttpRequest, kind: str) -> HttpResponse:
        return xlsx_response(f"{kind}-template.xlsx", self.importer(kind), [], self.notes)

    def urls(self) -> list[URLPattern]:
        return [
            path("<slug:kind>/import/", login_required(self.import_page), name="import"),
            path("<slug:kind>/export.xlsx", login_required(self.export), name="export"),
            path("<slug:kind>/template.xlsx", login_required(self.template), name="template"),
        ]
