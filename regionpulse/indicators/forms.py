from django import forms

from regionpulse.core.versioning import VersionedForm
from regionpulse.indicators.models import Observation


class ObservationForm(VersionedForm):
    class Meta:
        model = Observation
        fields = ["value", "growth", "source"]
        labels = {"growth": "同比增长（%或百分点）"}

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("value") is None and data.get("growth") is None:
            raise forms.ValidationError("“数值”和“同比增长”至少填写一项")
        return data
