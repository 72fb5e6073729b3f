from __future__ import annotations

from typing import Any

from django import forms

from regionpulse.core.forms import PeriodField
from regionpulse.core.locking import locked_from
from regionpulse.core.periods import Period
from regionpulse.core.versioning import VersionedForm
from regionpulse.projects.models import ProgressReport, Project, is_future

EDITABLE = {ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED}


class ProgressForm(VersionedForm):
    """A month's report, as an owner fills it in on a phone: month, amount, what was built, stage."""

    period = PeriodField(label="填报月份", help_text="如 2022-07")

    class Meta:
        model = ProgressReport
        fields = ["investment", "progress", "stage"]
        widgets = {
            "investment": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
            "progress": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"investment": "当月完成的投资，不是累计数；累计数由系统计算"}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.order_fields(["period", "investment", "progress", "stage"])
        if self.instance.pk:
            self.fields["period"].initial = self.instance.period.iso
            self.fields["period"].disabled = True

    def clean_period(self) -> Period:
        period: Period = self.cleaned_data["period"]
        if self.instance.pk:
            return self.instance.period
        if is_future(period):
            raise forms.ValidationError(f"{period.year}年{period.month}月还没有到，不能填报")
        locked = locked_from(self.project.region, period)
        if locked is not None:
            raise forms.ValidationError(f"{locked.label}已锁定，{period.year}年{period.month}月的进展不能再填报")
        existing = ProgressReport.objects.filter(project=self.project, year=period.year, month=period.month).first()
        if existing is not None:
            raise forms.ValidationError(
                f"{period.year}年{period.month}月已填报（{existing.get_status_display()}），请在该月的记录上修改"
            )
        return period

    def save(self, commit: bool = True) -> ProgressReport:
        report: ProgressReport = super().save(commit=False)
        report.project = self.project
        report.year, report.month = self.cleaned_data["period"].year, self.cleaned_data["period"].month
        if commit:
            report.save()
        return report


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=200)
