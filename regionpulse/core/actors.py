"""Who is acting right now: set by the request middleware, the command line and the importer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Actor:
    fixed_user: Any | None
    via: str
    remote_addr: str | None = None
    # A web request's user is read when a change is recorded, not when the request arrives: the
    # API authenticates tokens inside the view, after the middleware has run.
    request: Any | None = None

    @property
    def user(self) -> Any | None:
        if self.request is None:
            return self.fixed_user
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None

    @property
    def label(self) -> str:
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            return str(self.user.get_username())
        return f"<{self.via}>"


_current: ContextVar[Actor | None] = ContextVar("regionpulse_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or Actor(fixed_user=None, via="system")


@contextmanager
def acting_as(
    user: Any | None, via: str, remote_addr: str | None = None, request: Any | None = None
) -> Iterator[Actor]:
    actor = Actor(fixed_user=user, via=via, remote_addr=remote_addr, request=request)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
