"""Binds each request to an id, its user and its address so the change log can name them,
and writes every refused (403) request to the log."""

from zhenxing.audit.context import acting_as, new_request_id
from zhenxing.audit.receivers import record_refusal


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or new_request_id()
        request.request_id = request_id
        user = request.user if request.user.is_authenticated else None
        with acting_as(
            user=user,
            actor_name="anonymous" if user is None else "",
            request_id=request_id,
            address=request.META.get("REMOTE_ADDR", ""),
        ):
            response = self.get_response(request)
            if response.status_code == 403:
                # Inside the block: a token-authenticated API request has rebound the actor.
                record_refusal(method=request.method, path=request.get_full_path())
        response["X-Request-ID"] = request_id
        return response
