from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from regionpulse.claims.review import NOT_TEXT, decode
from regionpulse.core.models import Region


class ReadForm(forms.Form):
    """The text to read: pasted or uploaded, and the region that 我区/全区 mean."""

    text = forms.CharField(
        label="简报或新闻稿正文",
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 10, "placeholder": "粘贴正文，如：2022年上半年，我区地区生产总值达592.48亿元……"}
        ),
    )
    file = forms.FileField(label="或上传文本文件（.txt）", required=False)
    region = forms.ModelChoiceField(
        label="“我区”“全区”指",
        queryset=Region.objects.exclude(level=Region.Level.PROVINCE).order_by("code"),
        required=False,
        empty_label="（不指定）",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > settings.IMPORT_MAX_BYTES:
                raise forms.ValidationError(f"文件超过{settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB，请分段核对")
            text = decode(upload.read())
            if text is None:
                raise forms.ValidationError(NOT_TEXT)
            data["text"] = text
        return data


class PublishForm(ReadForm):
    """Recording the chosen figures of the same text as published, not verified, with their source."""

    chosen = forms.TypedMultipleChoiceField(label="要记录的数字", coerce=int, choices=(), required=True)
    source = forms.CharField(label="来源（网址或发布机关、日期）", max_length=200)

    def __init__(self, *args: Any, numbers: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(number, str(number)) for number in numbers or []]
        self.fields["chosen"].choices = choices  # type: ignore[attr-defined]
