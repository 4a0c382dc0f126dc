"""Sending a suggestion as a visitor does: open the form, read the sum off the captcha image,
post. Shared by the suggestion tests and their permission matrix."""

import re

from django.test import Client

FORM = "/open/northeast/suggest/"
TEXT = "建议简化工业园区项目审批流程，缩短办理时限。"
CONTACT = "13800000000"


def captcha_of(client: Client, url: str = FORM) -> tuple[str, str]:
    """(token, answer): the token from the form's hidden input, the answer worked out from the
    characters the SVG image draws, as a person reads them."""
    page = client.get(url).content.decode()
    token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
    image = client.get(f"/open/captcha/{token}.svg").content.decode()
    question = "".join(re.findall(r">([^<]+)</text>", image))
    first, second = re.match(r"(\d) \+ (\d) = \?", question).groups()
    return token, str(int(first) + int(second))


def posted(client: Client, *, answer: str | None = None, url: str = FORM, **fields) -> dict:
    """The form's fields as a visitor fills them in, with a solved (or the given) captcha."""
    token, solved = captcha_of(client, url)
    return {
        "category": "suggestion",
        "text": TEXT,
        "contact_name": "张三",
        "contact": CONTACT,
        "captcha_token": token,
        "captcha_answer": solved if answer is None else answer,
        **fields,
    }
