"""Checks behind the health endpoints: each returns None when healthy or a short reason."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections

from zhenxing.operations.queue import check_queue


def check_database() -> str | None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not ready"
        return f"{type(error).__name__}: {error}"[:200]
    return None


def check_storage() -> str | None:
    """Write, read back and delete a small file where uploads go."""
    name = f"health/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        try:
            with default_storage.open(saved) as stored:
                if stored.read() != b"ok":
                    return "read back differs"
        finally:
            default_storage.delete(saved)
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:200]
    return None


CHECKS = {"database": check_database, "queue": check_queue, "storage": check_storage}


def run_checks() -> dict[str, str]:
    """{"database": "ok" | reason, …} for every check."""
    return {name: (check() or "ok") for name, check in CHECKS.items()}
