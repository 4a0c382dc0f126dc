"""Template helpers for policy pages: who sees which tab, task excerpts."""

from django import template

from zhenxing.policies import access

register = template.Library()


@register.filter
def has_my_tasks(user) -> bool:
    return access.has_my_tasks(user)


@register.filter
def may_manage_policies(user) -> bool:
    return access.may_manage_policies(user)


@register.filter
def excerpt(task, length: int = 80) -> str:
    """The start of a task's text after its heading, for reviewing it in the table."""
    text = (task.description or "").strip()
    if text.startswith(task.title):
        text = text[len(task.title) :].lstrip("。；：:，, \n")
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length] + "…"
