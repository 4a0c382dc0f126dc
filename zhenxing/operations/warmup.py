"""Work done once when a server process starts, so that no user's request pays for it.

Report rendering pulls in matplotlib, WeasyPrint and python-docx (about a second together);
URL resolution and the translation catalogues are loaded on the first request otherwise.
"""

import importlib
import logging
import time

from django.urls import get_resolver
from django.utils import translation

from zhenxing.lib.charts import load_matplotlib

logger = logging.getLogger(__name__)

HEAVY_MODULES = (
    "weasyprint",  # PDF reports (imported by the renderer when a PDF is built)
    "docx",
    "python_calamine",
    "xlsxwriter",
)


def warm_up() -> float:
    """Import the heavy modules, build the URL resolver and load both catalogues; return seconds."""
    started = time.perf_counter()
    for name in HEAVY_MODULES:
        importlib.import_module(name)
    load_matplotlib()  # matplotlib, the Agg backend and the font list
    get_resolver().url_patterns  # noqa: B018 - building the resolver is the point
    for language in ("zh-hans", "en"):
        with translation.override(language):
            translation.gettext("首页")
    seconds = time.perf_counter() - started
    logger.info("warm-up done in %.2f s", seconds)
    return seconds
