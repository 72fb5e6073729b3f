"""The cockpit's tab bodies, kept until a record their figures are read from changes.

A key is the tab, its region, period and parameters, the language, and the data version
(``core/data_version.py``), which the database changes with every write to such a record: a
changed record makes a new key, and the old entry is never read again (the cache drops it in
time). Inside a transaction there is no data version and nothing is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from regionpulse.core import data_version

# An unchanged page is served from the cache for at most this long, whatever happens to the data.
KEEP_SECONDS = 60 * 60


def body_key(parts: Sequence[str], version: int) -> str:
    text = "\x1f".join([*parts, get_language() or "", str(version)])
    return "cockpit:" + hashlib.sha256(text.encode()).hexdigest()


def cached_body(parts: Sequence[str], render: Callable[[], str]) -> SafeString:
    """``render()``'s HTML for these parts of the key, rendered once per data version."""
    version = data_version.current()
    if version is None:
        return mark_safe(render())  # noqa: S308 - rendered by the template engine, escaped there
    key = body_key(parts, version)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, str(html), KEEP_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there
