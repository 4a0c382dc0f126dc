"""Run a service from a submitted form and tell the person how it went (Django messages).

Pages post small action forms (respond, escalate, verify) and redirect back; a refused action
is a message, not an error page, and the service's own wording (ValidationError) is shown.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import HttpError

from zhenxing.lib.forms import form_as_posted
from zhenxing.lib.versions import VersionConflict


def form_errors_text(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = "、".join(str(error) for error in errors)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


def run_form_action(request, form, action: Callable, success: str, reraise: tuple = ()):
    """Call `action(**form.cleaned_data)` when the form is valid; on success add `success` as a
    message and return the action's result, otherwise add the errors and return None.
    Refusals of the `reraise` types (a version conflict the page shows itself) propagate."""
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return None
    try:
        result = action(**form.cleaned_data)
    except reraise:
        raise
    except ValidationError as error:
        form.add_error(None, error)
        messages.error(request, "；".join(error.messages))
        return None
    messages.success(request, success)
    return result if result is not None else True


def confirmed(request) -> bool:
    """Whether an irreversible action's form carries its ticked confirmation (confirm_field.html).

    The check is on the server, so a page without script, a stale tab or a hand-made request
    cannot publish, issue or close out on one click."""
    if request.POST.get("confirm") == "yes":
        return True
    messages.error(request, _("请先勾选确认，再执行此不可撤销的操作。"))
    return False


def run_api_action(service: Callable, **arguments):
    """Call a service for the API: its refusal (ValidationError) answers 400 with the service's
    own wording, as the page shows it in a message."""
    try:
        return service(**arguments)
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from error


def api_form_data(form) -> dict:
    """An API body checked by the page's own form (the same choices, limits and wording): its
    cleaned data, or 400 with the errors as the page would list them."""
    if not form.is_valid():
        raise HttpError(400, form_errors_text(form))
    return form.cleaned_data


def api_form(form_class, changes: dict, *, instance=None, **options):
    """The page's form for an API write, valid, or 400 with the form's own wording: bound to what
    the page would post as it shows the form (the record as read, or a new record's defaults)
    with `changes` (form field names and posted values) over it; so the API checks exactly what
    the page checks. The version read is the caller's (`changes["version"]`), never the
    record's current one."""
    if instance is not None:
        options["instance"] = instance
    data = form_as_posted(form_class(**options))
    data.pop("version", None)
    data.update(changes)
    form = form_class(data, **options)
    api_form_data(form)
    return form


def run_versioned_api_action(service: Callable, current: Callable, **arguments):
    """run_api_action for a versioned edit: a stale version answers 409 with the record as
    saved (`current(row)`, a JSON-ready dict) so nothing is overwritten unseen."""
    try:
        return service(**arguments)
    except VersionConflict as conflict:
        body = {"detail": "；".join(conflict.messages), "current": current(conflict.current)}
        return Status(409, body)
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from error
