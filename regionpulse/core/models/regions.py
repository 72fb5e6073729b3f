from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models

from regionpulse.core.models.history import Tracked


class Region(Tracked):
    """An administrative division with its GB/T 2260 code: province, city or county-level unit."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "地级"
        COUNTY = "county", "县级"

    code = models.CharField(
        "行政区划代码",
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", "行政区划代码应为6位数字（GB/T 2260）")],
    )
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级"
    )
    # "150000/150200/150203/": a subtree is one indexed prefix match, on every database.
    path = models.CharField("层级路径", max_length=100, editable=False, db_index=True)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = f"{self.parent.path if self.parent else ''}{self.code}/"
        super().save(*args, **kwargs)

    def contains(self, other: Region) -> bool:
        return other.path.startswith(self.path)
