"""`{% load coordination_tags %}{% instruction_panel task %}`: leaders' instructions (批示) on any
task, matter or project page, shown prominently, with the response form for the user's unit."""

from django import template

from zhenxing.coordination import access
from zhenxing.coordination.views.instructions import instruction_panel as panel

register = template.Library()


@register.inclusion_tag("coordination/_instructions.html", takes_context=True)
def instruction_panel(context, target):
    request = context["request"]
    if not access.may_use_coordination(request.user) or not access.may_read_target(
        request.user, target
    ):
        return {"instructions": [], "request": request}
    return {
        "instructions": panel(request.user, target),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
