"""Every URL the site answers, read from the URL resolver: what the authorisation matrix must cover."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the pattern itself for an unnamed URL
    pattern: str  # the full pattern, as Django prints it
    callback: Callable[..., Any]

    @property
    def is_format_suffix(self) -> bool:
        """DRF's router repeats each API URL with a ``.json``-style suffix served by the same view."""
        return "(?P<format>" in self.pattern or "<drf_format_suffix:format>" in self.pattern


def routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", ()))


def _walk(patterns: Sequence[Any], prefix: str, namespaces: tuple[str, ...]) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            key = ":".join((*namespaces, entry.name)) if entry.name else pattern
            yield Route(key=key, pattern=pattern, callback=entry.callback)


def view_of(callback: Callable[..., Any]) -> Any:
    """What a URL pattern serves, unwrapped from its decorators: the same view gives the same answer."""
    for attribute in ("view_class", "cls"):
        if hasattr(callback, attribute):
            return getattr(callback, attribute)
    while hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    return callback


ADMIN_PREFIX = "admin/"
_ADMIN_MODEL = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")


def is_admin(route: Route) -> bool:
    return route.pattern.startswith(ADMIN_PREFIX)


def admin_path(route: Route) -> str:
    """A path that asks ``route`` of the admin site for a real record (the first of its model)."""
    pattern = route.pattern
    if "(?P<app_label>" in pattern:
        return "/admin/core/"
    if "(?P<url>" in pattern:
        return "/admin/no-such-page/"
    if "<path:content_type_id>" in pattern:
        region = apps.get_model("core", "Region")
        content_type = ContentType.objects.get_for_model(region)
        first = region.objects.order_by("pk").values_list("pk", flat=True).first()
        return f"/admin/r/{content_type.pk}/{first}/"
    found = _ADMIN_MODEL.match(pattern)
    if found and ("<path:object_id>" in pattern or "<id>" in pattern):
        model = apps.get_model(found["app"], found["model"])
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        pattern = pattern.replace("<path:object_id>", str(first or 0)).replace("<id>", str(first or 0))
    return "/" + pattern
