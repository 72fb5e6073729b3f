"""The wording of bulletins: one template a sentence, editable by an administrator."""

from django.db import models

from regionpulse.core.models import Tracked


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
