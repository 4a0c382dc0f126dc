"""Health endpoints for a load balancer or monitor: no login, no data beyond ok or the reason."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from zhenxing.operations.health import run_checks


@never_cache
@require_safe
def live(request):
    """The process answers (it does not look at the database)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request):
    """The process can serve: database and file storage answer. 503 names what does not."""
    checks = run_checks()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
