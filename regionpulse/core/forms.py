from __future__ import annotations

from typing import Any

from django import forms

from regionpulse.core.periods import Period, PeriodError


class PeriodField(forms.CharField):
    """A form field that reads any accepted period form into a ``Period``."""

    def to_python(self, value: Any) -> Period | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return Period.parse(text)
        except PeriodError as error:
            raise forms.ValidationError(str(error), code="invalid_period") from error


class ImportForm(forms.Form):
    """The upload of a ledger's sheet (every ledger's import page)."""

    file = forms.FileField(label="Excel 文件（.xlsx）")
