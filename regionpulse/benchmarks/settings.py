"""Settings of the load benchmark's server: the deployment's own settings, with a trivial view added
(``benchmarks/urls.py``) and any API rate limit lifted, so that the load is served, not refused;
``BENCH_CACHE=0`` gives a cache that keeps nothing."""

import os

from regionpulse.settings import *  # noqa: F403
from regionpulse.settings import REST_FRAMEWORK as _DEPLOYMENT_API

ROOT_URLCONF = "regionpulse.benchmarks.urls"

_rates = _DEPLOYMENT_API.get("DEFAULT_THROTTLE_RATES")
if isinstance(_rates, dict):
    # A scope whose rate is None is not throttled.
    REST_FRAMEWORK = {**_DEPLOYMENT_API, "DEFAULT_THROTTLE_RATES": dict.fromkeys(_rates)}

if os.environ.get("BENCH_CACHE") == "0":
    # A cache that keeps nothing: every cockpit tab is computed at every view.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
