from __future__ import annotations

from typing import Any

from django import forms

from regionpulse.core.models import Department, Enterprise, Role
from regionpulse.desk.importers import is_desk_keeper
from regionpulse.desk.models import Category, Request, Source
from regionpulse.desk.states import desk_projects
from regionpulse.projects.models import Project


class RaiseForm(forms.Form):
    """A new request: an enterprise raises its own; the desk's bureau logs one for any enterprise; a
    专班 member logs a problem against one of its projects."""

    title = forms.CharField(label="诉求标题", max_length=120)
    description = forms.CharField(label="诉求内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    project = forms.ModelChoiceField(label="相关重大项目", queryset=Project.objects.none(), required=False)
    enterprise = forms.ModelChoiceField(label="企业", queryset=Enterprise.objects.none(), required=False)
    complexity = forms.ChoiceField(label="复杂程度", choices=Request.Complexity.choices, initial="ordinary")
    source = forms.ChoiceField(label="来源", choices=Source.choices, initial=Source.PORTAL)
    department = forms.ModelChoiceField(label="承办部门", queryset=Department.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if is_desk_keeper(user):
            regions = {"region__path__startswith": user.region.path} if user.region_id else {}
            self.fields["enterprise"].queryset = Enterprise.objects.filter(**regions).order_by("name")  # type: ignore[attr-defined]
            self.fields["department"].queryset = Department.objects.filter(**regions)  # type: ignore[attr-defined]
        else:
            # The enterprise is the user's own; how hard and who handles it is the desk's call.
            for name in ("enterprise", "complexity", "source", "department"):
                del self.fields[name]
        self.fields["project"].queryset = desk_projects(user).order_by("code")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.user.role == Role.TASK_FORCE and not data.get("project"):
            self.add_error("project", "专班记录的问题须选择相关重大项目")
        if is_desk_keeper(self.user) and not data.get("enterprise") and not data.get("project"):
            self.add_error("enterprise", "企业和重大项目至少选择一项")
        enterprise, project = data.get("enterprise"), data.get("project")
        if enterprise and project and project.owner_id != enterprise.pk:
            self.add_error("project", f"项目“{project}”不属于{enterprise}")
        return data

    def build(self) -> Request:
        data = self.cleaned_data
        project: Project | None = data.get("project")
        enterprise = data.get("enterprise") or self.user.enterprise or (project.owner if project else None)
        region = (
            (enterprise.region if enterprise else None) or (project.region if project else None) or self.user.region
        )
        source = data.get("source") or (Source.MEETING if self.user.role == Role.TASK_FORCE else Source.PORTAL)
        return Request(
            region=region,
            title=data["title"],
            description=data["description"],
            category=data["category"],
            complexity=data.get("complexity") or Request.Complexity.ORDINARY,
            source=source,
            enterprise=enterprise,
            project=project,
            department=data.get("department"),
        )


class StepForm(forms.Form):
    note = forms.CharField(label="说明", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rating = forms.TypedChoiceField(
        label="满意度",
        choices=[("", "—"), *[(str(score), f"{score}分") for score in range(5, 0, -1)]],
        coerce=int,
        required=False,
        empty_value=None,
    )
