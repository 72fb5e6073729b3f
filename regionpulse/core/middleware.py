from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from regionpulse.core.actors import acting_as


class ActorMiddleware:
    """Makes the request's user the author of every change recorded while it is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "web"
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, via, request.META.get("REMOTE_ADDR")):
            return self.get_response(request)
