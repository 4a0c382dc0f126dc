"""`{% load coordination_tags %}{% instruction_panel task %}`: leaders' instructions (批示) on any
task, matter or project page, shown prominently, with the response form for the user's unit."""

from django import template
from django.urls import reverse

from zhenxing.coordination import access
from zhenxing.coordination.views.instructions import TARGET_KINDS
from zhenxing.coordination.views.instructions import instruction_panel as panel

register = template.Library()


@register.inclusion_tag("coordination/_instructions.html", takes_context=True)
def instruction_panel(context, target, with_new=False):
    """`with_new=True` adds the secretariat's button to record a new instruction on `target`."""
    request = context["request"]
    if not access.may_use_coordination(request.user) or not access.may_read_target(
        request.user, target
    ):
        return {"instructions": [], "request": request}
    new_url = ""
    if with_new and access.may_manage(request.user):
        kind = next(k for k, label in TARGET_KINDS.items() if label == target._meta.label)
        new_url = f"{reverse('coordination:instruction_new')}?{kind}={target.pk}"
    return {
        "instructions": panel(request.user, target),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "new_url": new_url,
    }
