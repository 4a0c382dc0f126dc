"""Who is acting, and under which request, for the change log.

Set by the middleware for web and API requests and by `acting_as` for commands, so that
services never pass the actor around just to have it audited.
"""

import contextlib
import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    user_id: int | None
    actor_name: str
    request_id: str
    address: str = ""


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "zhenxing_audit_context", default=None
)


def current() -> AuditContext:
    context = _current.get()
    if context is None:
        return AuditContext(user_id=None, actor_name="system", request_id="")
    return context


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def acting_as(*, user=None, actor_name: str = "", request_id: str = "", address: str = ""):
    """Attribute the changes made inside the block to `user` (or a named process), acting from
    `address` (the client's IP address, for requests)."""
    name = actor_name or (user.get_username() if user is not None else "system")
    token = _current.set(
        AuditContext(
            user_id=user.pk if user is not None else None,
            actor_name=name,
            request_id=request_id or new_request_id(),
            address=address,
        )
    )
    try:
        yield
    finally:
        _current.reset(token)


def rebind_user(user) -> None:
    """Name `user` as the actor for the rest of the current request (token-authenticated API)."""
    context = current()
    _current.set(
        AuditContext(
            user_id=user.pk,
            actor_name=user.get_username(),
            request_id=context.request_id or new_request_id(),
            address=context.address,
        )
    )
