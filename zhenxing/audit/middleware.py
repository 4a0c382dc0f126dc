"""Binds each request to an id and its user so the change log can name them."""

from zhenxing.audit.context import acting_as, new_request_id


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or new_request_id()
        request.request_id = request_id
        user = request.user if request.user.is_authenticated else None
        with acting_as(
            user=user, actor_name="anonymous" if user is None else "", request_id=request_id
        ):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
