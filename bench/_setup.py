"""Shared set-up for benchmarks: Django on a throw-away SQLite database (or DATABASE_URL)."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def django_setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if "DATABASE_URL" not in os.environ:
        directory = tempfile.mkdtemp(prefix="zhenxing-bench-")
        os.environ["ZHENXING_VAR_DIR"] = directory
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenxing.settings")
    # Production settings, but the test client speaks plain HTTP: no redirect to HTTPS.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def median_seconds(function, repeat: int = 7, number: int = 1) -> float:
    """Median wall time of `number` calls of `function`, over `repeat` runs."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            function()
        runs.append((time.perf_counter() - started) / number)
    return statistics.median(runs)
