"""Optimistic locking: every edit carries the version it read; a stale or missing one is refused.

A model people edit has `version = PositiveIntegerField(default=1)`. Edit forms carry it in a
hidden `version` field (`VersionField`), API payloads in `version`. The service locks the row
with `lock_version()` inside its transaction, which raises `VersionMissing` (no version sent:
never taken as "the latest") or `VersionConflict` (someone saved since), then bumps the version
when it saves. Pages answer a conflict with 409 and the form re-rendered with the user's input,
the current version and `differences()` (what the other person saved); the API answers 409 with
the current values.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

MISSING_MESSAGE = _("缺少所读取的版本号，未保存；请刷新页面后再编辑。")
CONFLICT_MESSAGE = _("该记录已被他人修改，未保存。请核对他人所作的修改后再保存。")
# Versions are small positive integers; longer strings are refused before int() sees them.
_MAX_DIGITS = 10


class VersionMissing(ValidationError):
    """The edit did not say which version it read."""

    def __init__(self, message: str = MISSING_MESSAGE):
        super().__init__(message, code="version_missing")


class VersionConflict(ValidationError):
    """Someone saved the record since the editor read it; `current` is the saved row."""

    def __init__(self, current: Model, message: str = CONFLICT_MESSAGE):
        self.current = current
        super().__init__(message, code="version_conflict")


def parse_version(value) -> int | None:
    """A posted version as an integer, or None when it is missing or not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > _MAX_DIGITS:
        return None
    return int(text) or None


def lock_version(queryset: QuerySet, *, pk, expected_version: int | None) -> Model:
    """Lock the row for this transaction and check the version the editor read.

    Returns the locked row (its version not yet bumped: the caller increments it when it saves).
    """
    if expected_version is None:
        raise VersionMissing()
    locked = queryset.select_for_update().get(pk=pk)
    if locked.version != expected_version:
        raise VersionConflict(locked)
    return locked


class VersionField(forms.IntegerField):
    """The hidden field that carries the version the form was read at."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 10**_MAX_DIGITS - 1)
        kwargs.setdefault("error_messages", {"required": MISSING_MESSAGE})
        super().__init__(**kwargs)


def add_version_field(form: forms.BaseModelForm) -> None:
    """Give a ModelForm over an existing row the hidden version it was read at."""
    if form.instance.pk is not None:
        form.fields["version"] = VersionField()
        form.initial["version"] = form.instance.version


def rebase(form: forms.BaseForm, current: Model) -> None:
    """Keep the user's input but carry the current version: saving again, after seeing the
    other person's change, deliberately replaces it."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current.version)
    form.data = data


def differences(mine: forms.BaseForm, theirs: forms.BaseForm) -> list[dict]:
    """Field by field, what the saved record (`theirs`, an unbound form over it) holds where it
    differs from what was posted (`mine`): label, their value, my value, for display."""
    rows = []
    for name, field in mine.fields.items():
        if field.disabled or isinstance(field.widget, forms.HiddenInput):
            continue
        their_value, my_value = theirs[name].value(), mine[name].value()
        if _comparable(field, their_value) != _comparable(field, my_value):
            rows.append(
                {
                    "label": field.label or name,
                    "theirs": _display(field, their_value),
                    "mine": _display(field, my_value),
                }
            )
    return rows


def conflict_context(mine: forms.BaseForm, theirs: forms.BaseForm, conflict, record=None) -> dict:
    """What `_conflict.html` shows: the message, who saved last and when (from the change log
    record, when there is one) and the differences."""
    return {
        "message": conflict.messages[0],
        "changed_by": getattr(record, "actor_name", ""),
        "changed_at": getattr(record, "time", None),
        "rows": differences(mine, theirs),
    }


def form_conflict(form: forms.BaseModelForm, conflict: VersionConflict, record=None) -> dict:
    """For a ModelForm page answering 409: the conflict to show (the saved row read through the
    same form class), with the form moved onto the current version."""
    theirs = type(form)(instance=conflict.current)
    context = conflict_context(form, theirs, conflict, record)
    rebase(form, conflict.current)
    return context


def _comparable(field: forms.Field, value):
    try:
        value = field.clean(value)
    except ValidationError:
        pass
    if isinstance(value, QuerySet | list | tuple | set):
        return sorted(str(getattr(item, "pk", item)) for item in value)
    if isinstance(value, Model):
        return str(value.pk)
    return "" if value is None else str(value).strip()


def _display(field: forms.Field, value) -> str:
    values = value if isinstance(value, list | tuple) else [value]
    if isinstance(field, forms.ChoiceField):
        wanted = {str(item) for item in values if item not in (None, "")}
        labels = [str(label) for key, label in field.choices if str(key) in wanted]
        return "、".join(labels) or "—"
    text = "、".join(str(item) for item in values if item not in (None, ""))
    return text or "—"
