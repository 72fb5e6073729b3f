"""The deployment's URLs plus ``/bench/trivial/``, the load benchmark's baseline: a view that does
nothing but answer, behind the same middleware as every page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from regionpulse.urls import urlpatterns as deployment_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *deployment_urlpatterns]
