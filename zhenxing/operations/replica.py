"""Reads of dashboards, lists and reports from a PostgreSQL streaming replica.

With DATABASE_REPLICA_URL set, the database alias "replica" exists and this router sends a
read to it only while a request marked by `ReplicaReadsMiddleware` is being served: a GET or
HEAD of a view named in DATABASE_REPLICA_VIEWS, by someone who has not written anything in the
last DATABASE_REPLICA_GRACE_SECONDS (so nobody misses their own change while the replica
catches up). Everything else — every write, every other page, sessions and accounts — uses the
primary. A replica that does not answer sends the request back to the primary.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
# Apps whose rows must be read where they were just written: logging in, sessions, lockouts,
# second factors, account events, and the audit log (each record chains to the one before).
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "contenttypes", "admin", "axes", "otp_totp", "security", "audit"}
)
RECENT_WRITE_COOKIE = "zx_recent_write"

_reading_from_replica = contextvars.ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Within this block, reads of ordinary models go to the replica (when one is configured)."""
    token = _reading_from_replica.set(replica_configured())
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_answers() -> bool:
    try:
        connections[REPLICA].ensure_connection()
    except Exception as error:  # unreachable or refusing: serve from the primary
        logger.warning("replica unavailable, reading from the primary: %s", error)
        return False
    return True


class ReplicaRouter:
    """Send reads to the replica inside `replica_reads()`; all writes and migrations to default."""

    def db_for_read(self, model, **hints):
        if (
            _reading_from_replica.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            # a read inside a write transaction must see that transaction's own rows
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Marks the requests whose reads may go to the replica (see the module docstring).

    The mark is set once the view is known (process_view) and removed when the response,
    rendered, comes back through this middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        finally:
            token = getattr(request, "_replica_reads_token", None)
            if token is not None:
                _reading_from_replica.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS") and replica_configured():
            # Whoever just wrote reads from the primary until the replica has caught up.
            response.set_cookie(
                RECENT_WRITE_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_GRACE_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self._may_use_replica(request) and replica_answers():
            request._replica_reads_token = _reading_from_replica.set(True)
        return None

    @staticmethod
    def _may_use_replica(request) -> bool:
        return (
            settings.DATABASE_REPLICA_READS
            and replica_configured()
            and request.method in ("GET", "HEAD")
            and RECENT_WRITE_COOKIE not in request.COOKIES
            and request.resolver_match is not None
            and request.resolver_match.view_name in settings.DATABASE_REPLICA_VIEWS
        )
