"""WSGI entry point for production servers (`zhenxing serve`, or any WSGI server).

Each server process warms up here, before it accepts requests: see operations.warmup.
Set ZHENXING_WARM_UP=false to skip it (tools that only import the module).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenxing.settings")
application = get_wsgi_application()

if os.environ.get("ZHENXING_WARM_UP", "true").strip().lower() not in {"0", "false", "no", "off"}:
    from zhenxing.operations.warmup import warm_up

    warm_up()
