"""An offline captcha: a small sum drawn server-side as an SVG image; the answer waits in the
cache under a random token, is good for one try and expires after CAPTCHA_SECONDS."""

import secrets

from django.core.cache import cache
from django.utils.html import escape

CAPTCHA_SECONDS = 600
_KEY = "public:captcha:{}"


def captcha_new() -> str:
    """A fresh challenge; returns its token (the image is at public:captcha_image)."""
    first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = secrets.token_urlsafe(16)
    cache.set(_KEY.format(token), (f"{first} + {second} = ?", first + second), CAPTCHA_SECONDS)
    return token


def captcha_question(token: str) -> str | None:
    stored = cache.get(_KEY.format(token))
    return stored[0] if stored else None


def captcha_passes(token: str, answer: str) -> bool:
    """Whether `answer` solves the challenge; the challenge is spent either way."""
    key = _KEY.format(token)
    stored = cache.get(key)
    cache.delete(key)
    return stored is not None and answer.strip() == str(stored[1])


def captcha_svg(question: str) -> str:
    """The question as SVG: each character placed, turned and coloured at random, with noise
    lines across, so that it is read by eye rather than copied as text."""
    parts = []
    for _line in range(6):
        x1, y1, x2, y2 = (secrets.randbelow(limit) for limit in (160, 48, 160, 48))
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#{_colour()}" '
            f'stroke-width="1"/>'
        )
    for position, character in enumerate(question):
        x = 10 + position * 18 + secrets.randbelow(4)
        y = 32 + secrets.randbelow(8) - 4
        angle = secrets.randbelow(40) - 20
        parts.append(
            f'<text x="{x}" y="{y}" transform="rotate({angle} {x} {y})" font-size="24" '
            f'font-family="sans-serif" fill="#{_colour()}">{escape(character)}</text>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="48" viewBox="0 0 180 48">'
        '<rect width="180" height="48" fill="#f4f5f7"/>' + "".join(parts) + "</svg>"
    )


def _colour() -> str:
    return "".join(f"{secrets.randbelow(120):02x}" for _channel in range(3))
