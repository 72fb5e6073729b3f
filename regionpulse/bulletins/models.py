"""The wording of bulletins: one template a sentence, editable by an administrator."""

from django.db import models

from regionpulse.core.models import Tracked
from regionpulse.core.periods import Period
from regionpulse.core.scopes import REGION_WIDE, Scope
from regionpulse.core.versioning import Versioned


class Phrase(Tracked):
    """A sentence's template (Django template language) and the figures it needs.

    A sentence whose figures are missing is left out rather than written with a zero; the default
    wording is in ``phrases.DEFAULTS`` and comes back when a phrase is deleted.
    """

    key = models.CharField("句式编号", max_length=60, unique=True)
    text = models.TextField("句式", help_text="Django 模板语法，如 {{ name }}达{{ value }}")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "简报句式"
        verbose_name_plural = "简报句式"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Bulletin(Versioned, Tracked):
    """A region's bulletin for a period: written by the platform, edited by staff, then published.

    Publishing freezes the text and the figures it was built from; later changes to the records
    never change it, and the page says which of its numbers now differ.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文", help_text="由平台生成，可修改；以空行分段")
    body_html = models.TextField("正文（带数据链接）", blank=True, editable=False)
    figures = models.JSONField("所用数据", default=dict, editable=False)
    tags = models.CharField("标签", max_length=200, blank=True)
    issuer = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.SET_NULL, verbose_name="发布部门"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    scope = Scope(region="region", department=REGION_WIDE, task_force=REGION_WIDE)
    # Derived from the records, which keep their own history; the text staff write is tracked.
    untracked_fields = frozenset({"body_html", "figures", "version"})

    class Meta:
        verbose_name = "简报"
        verbose_name_plural = "简报"
        ordering = ["-year", "-month", "-id"]
        indexes = [models.Index(fields=["status", "region", "year", "month"], name="bulletin_public_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)

    @property
    def paragraphs(self) -> list[str]:
        return [part for part in self.body.split("\n\n") if part.strip()]

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split("、") if tag]
