"""Documents handed on are in Chinese, whatever language the person asking reads the pages in.

The pages follow the browser's language (Chinese, or English), but a report to the leading
group, an inspection circular or a ledger exported for the provinces is an official document:
its builders run with `in_chinese`, so that every text they translate (light reasons, choice
labels, money units) comes out in Chinese, exactly as it did before the pages were translated.
"""

import functools

from django.utils import translation

DOCUMENT_LANGUAGE = "zh-hans"


def in_chinese(function):
    """Decorate a document builder: it runs with Chinese active, and the language the caller had
    is active again afterwards (a new `translation.override` each call, so that calls may nest)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(DOCUMENT_LANGUAGE):
            return function(*args, **kwargs)

    return wrapper
