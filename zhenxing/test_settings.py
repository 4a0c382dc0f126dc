"""The test suite's settings: production's (DEBUG off, CSP, secure cookies), except that the
test client and the browser tests' live server speak plain HTTP, so no redirect to HTTPS and
no HSTS. pytest uses these (pyproject.toml); `check --deploy` is tested against the real ones."""

from zhenxing.settings import *  # noqa: F403  (the settings under test, whole)

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

# Jobs run inside the request, as soon as enqueued (after the transaction commits); one test
# runs a real `zhenxing worker` against the database backend (operations/tests/test_worker.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
