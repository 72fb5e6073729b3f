"""Account pages: changing one's password, the second factor (TOTP), the lock-out page, and the
security officer's list of locked accounts."""

from __future__ import annotations

import base64
from typing import Any

import segno
from axes.models import AccessAttempt
from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from regionpulse.core import audit
from regionpulse.core.models import AuditEvent

Kind = AuditEvent.Kind


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change, which also lifts the duty to change an initial password."""

    success_url = reverse_lazy("cockpit:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        audit.record(Kind.PASSWORD_CHANGED, "本人修改密码", user=user, request=self.request)
        messages.success(self.request, "密码已修改")
        return response


def locked_out(request: HttpRequest, original_response: Any, credentials: Any = None) -> HttpResponse:
    """django-axes' lock-out answer: a page that says why and for how long."""
    context = {
        "username": (credentials or {}).get("username", "") or request.POST.get("username", ""),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def _device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-id").first()


def _token(request: HttpRequest) -> str:
    return "".join(request.POST.get("token", "").split())


@login_required
def verify_second_factor(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None or request.user.is_verified():  # type: ignore[union-attr]
        return redirect("cockpit:home")
    error = ""
    if request.method == "POST":
        if device.verify_token(_token(request)):
            otp_login(request, device)
            audit.record(Kind.SECOND_FACTOR, "动态口令验证通过", request=request)
            return redirect(request.GET.get("next") or "cockpit:home")
        error = "动态口令不正确或已过期，请重新输入"
        audit.record(Kind.LOGIN_FAILED, "动态口令错误", request=request)
    return render(request, "registration/otp_verify.html", {"error": error})


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Enable or disable TOTP for the signed-in administrator. A GET changes nothing: the key is
    made by the POST that asks for it (action "start"), and shown until a code confirms it."""
    if not (request.user.is_staff or request.user.is_platform_admin):  # type: ignore[union-attr]
        raise PermissionDenied("双因素认证供管理员账号使用")
    device = _device(request.user)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            if device is None:
                TOTPDevice.objects.create(user=request.user, name="身份验证器", confirmed=False)
            return redirect("second-factor")
        if device is None:
            error = "请先生成二维码"
        elif not device.verify_token(_token(request)):
            error = "动态口令不正确，请核对手机时间后重新输入"
        elif action == "enable" and not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record(Kind.SECOND_FACTOR, "启用双因素认证", request=request)
            messages.success(request, "双因素认证已启用")
            return redirect("second-factor")
        elif action == "disable" and device.confirmed:
            TOTPDevice.objects.filter(user=request.user).delete()
            audit.record(Kind.SECOND_FACTOR, "停用双因素认证", request=request)
            messages.success(request, "双因素认证已停用")
            return redirect("second-factor")
    context: dict[str, Any] = {"started": device is not None, "confirmed": bool(device and device.confirmed)}
    if device is not None and not device.confirmed:
        context["secret"] = base64.b32encode(device.bin_key).decode()
        context["qr"] = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    context["error"] = error
    return render(request, "registration/otp_setup.html", context)


def _keeps_accounts(request: HttpRequest) -> None:
    if not request.user.keeps_accounts:  # type: ignore[union-attr]
        raise PermissionDenied("只有安全管理员可以解除账号锁定")


@login_required
def lockouts(request: HttpRequest) -> HttpResponse:
    _keeps_accounts(request)
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by(
        "-attempt_time"
    )
    return render(request, "core/lockouts.html", {"attempts": attempts})


@login_required
@require_POST
def lift_lockout(request: HttpRequest) -> HttpResponse:
    _keeps_accounts(request)
    username = request.POST.get("username", "")
    if reset_lockout(username=username):
        audit.record(Kind.ACCOUNT_UNLOCKED, f"解除账号“{username}”的锁定", {"username": username}, request=request)
        messages.success(request, f"已解除账号“{username}”的锁定")
    else:
        messages.error(request, f"账号“{username}”没有被锁定")
    return redirect("lockouts")
