from __future__ import annotations

from typing import Any

from django import forms

from regionpulse.promotion.models import Deal, Stage
from regionpulse.promotion.stages import FOLLOWS_PROJECT


class MoveForm(forms.Form):
    """A stage move: forward with the stage's date, or back with a reason (the rules are in stages.py)."""

    stage = forms.TypedChoiceField(label="变更为", coerce=int)
    date = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="退回原因", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, deal: Deal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked = deal.project_id is not None
        choices = [
            (stage.value, stage.label)
            for stage in Stage
            if stage != deal.stage and not (linked and stage in FOLLOWS_PROJECT and stage > deal.stage)
        ]
        self.fields["stage"].choices = choices  # type: ignore[attr-defined]
        if deal.stage < Stage.PRODUCING:
            self.fields["stage"].initial = deal.stage + 1
