"""Recording the audit trail's events: who, when, from where, what.

Record changes are written by core.history; this module writes everything else (sign-ins, failed
sign-ins, lock-outs, exports, imports, period locks, backups). The actor and address come from the
current request or command (core.actors), so callers name only what happened.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from regionpulse.core.actors import current_actor
from regionpulse.core.models import AuditEvent

Kind = AuditEvent.Kind


def _address(request: Any | None) -> str | None:
    if request is None:
        return current_actor().remote_addr
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: str, detail: str = "", data: Any = None, *, user: Any = None, username: str = "", request: Any = None
) -> AuditEvent:
    """One event by the current actor, or by ``user``/``username`` where the request has none yet
    (a sign-in is recorded before the session carries the user)."""
    actor = current_actor()
    if user is None:
        user = actor.user
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    label = user.get_username() if authenticated else (username or actor.label)
    return AuditEvent.objects.create(
        kind=kind,
        actor=user if authenticated else None,
        actor_label=label[:150],
        via=actor.via,
        remote_addr=_address(request),
        detail=detail[:500],
        data=data,
    )


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(Kind.LOGIN, user=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Kind.LOGOUT, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The password is never kept: Django already masks it in ``credentials``, and only the name is read.
    record(Kind.LOGIN_FAILED, "用户名或密码错误", username=str(credentials.get("username", "")), request=request)


@receiver(user_locked_out, dispatch_uid="audit-locked-out")
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    record(Kind.LOCKED_OUT, "连续登录失败，账号已锁定", username=username or "", request=request)


def imported(title: str, result: Any, request: Any = None) -> None:
    record(Kind.IMPORT, f"导入{title}：{result}"[:500], request=request)


def import_refused(title: str, problems: list[Any], request: Any = None) -> None:
    first = "；".join(str(problem) for problem in problems[:3])
    record(Kind.IMPORT_REFUSED, f"导入{title}被拒（{len(problems)}处问题）：{first}"[:500], request=request)


def exported(title: str, request: Any = None, filters: dict[str, Any] | None = None) -> None:
    record(Kind.EXPORT, f"导出{title}", {"filters": filters} if filters else None, request=request)
