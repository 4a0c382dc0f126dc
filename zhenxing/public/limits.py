"""A small per-address rate limiter on the Django cache, for the pages anyone may call."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

from zhenxing.security.services import client_address


def seconds_to_wait(request, scope: str) -> int:
    """0 while the address is within `settings.PUBLIC_RATE_LIMITS[scope]` (requests, seconds)
    in the current window; else the seconds until the window ends. Counting is one cache
    increment per request: a fixed window, cheap and good enough against scrapers."""
    limit, window = settings.PUBLIC_RATE_LIMITS[scope]
    now = int(time.time())
    key = f"public:rate:{scope}:{client_address(request) or 'unknown'}:{now // window}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count <= limit:
        return 0
    return window - now % window or window


def too_many_requests(wait: int) -> HttpResponse:
    response = HttpResponse(
        _("请求过于频繁，请稍后再试。"), status=429, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = str(wait)
    return response


def rate_limited(scope: str):
    """A view decorator: 429 with Retry-After once the address exceeds the scope's limit."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = seconds_to_wait(request, scope)
            if wait:
                return too_many_requests(wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
