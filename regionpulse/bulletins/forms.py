from __future__ import annotations

from typing import Any

from django import forms

from regionpulse.bulletins.models import Bulletin
from regionpulse.core.forms import PeriodField
from regionpulse.core.models import Region
from regionpulse.core.versioning import VersionedForm


class NewBulletinForm(forms.Form):
    region = forms.ModelChoiceField(label="地区", queryset=Region.objects.none(), to_field_name="code")
    period = PeriodField(label="期间", help_text="如 2022-06 或 2022年上半年")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")
        if not user.is_platform_admin and user.region_id is not None:
            regions = regions.filter(path__startswith=user.region.path)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class BulletinForm(VersionedForm):
    class Meta:
        model = Bulletin
        fields = ["title", "body", "tags", "issuer"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"tags": "以顿号分隔，如：经济运行、重大项目建设"}
