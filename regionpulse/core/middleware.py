from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from regionpulse.core.actors import acting_as


class ActorMiddleware:
    """Makes the request's user the author of every change recorded while it is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "web"
        with acting_as(None, via, request.META.get("REMOTE_ADDR"), request=request):
            return self.get_response(request)


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose another language: the browser's Accept-Language is not asked,
    since district offices often run English-language browsers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class AccountChecksMiddleware:
    """Before anything else a signed-in user must change an initial password, and an account with a
    second factor must enter its one-time code (等保: 身份鉴别)."""

    # Pages that stay open meanwhile: the two checks' own pages, signing out, the language switch.
    OPEN = ("/accounts/", "/i18n/", "/static/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(self.OPEN):
            return self.get_response(request)
        if user.must_change_password:
            return self._stop(request, "password_change", "请先修改管理员为您设置的初始密码")
        if (user.is_staff or user.is_platform_admin) and not user.is_verified() and _has_second_factor(user):
            return self._stop(request, "verify-second-factor", "请先输入动态口令")
        return self.get_response(request)

    def _stop(self, request: HttpRequest, url_name: str, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return redirect_to_login(request.get_full_path(), reverse(url_name), "next")


def _has_second_factor(user: Any) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))
