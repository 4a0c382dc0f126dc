"""The one signal receiver of the project: it writes the change log for every domain model.

A domain model is any concrete model of a `zhenxing.*` app except the change log itself.
Bulk paths that bypass signals call `record_change` themselves.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from zhenxing.audit.context import current

SECRET_FIELDS = {"password", "token_hash"}
EXCLUDED_FIELDS = {"last_login"} | SECRET_FIELDS
# What the log shows for a secret: never its value, only that it changed.
SECRET_BEFORE, SECRET_AFTER = "[hidden]", "[changed]"
_encoder = DjangoJSONEncoder()


def is_audited(model) -> bool:
    meta = model._meta
    return (
        meta.app_config is not None
        and meta.app_config.name.startswith("zhenxing.")
        and meta.label != "audit.ChangeRecord"
        and not meta.abstract
        and not meta.proxy
        and not meta.auto_created
        and not getattr(model, "audit_excluded", False)
    )


def snapshot(instance) -> dict:
    """The instance's concrete field values, JSON-ready; secrets left out."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in EXCLUDED_FIELDS:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = str(value) if value else ""
        data[field.attname] = _encoder.default(value) if _needs_encoding(value) else value
    return data


def _secrets(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name in SECRET_FIELDS
    }


def _needs_encoding(value) -> bool:
    return value is not None and not isinstance(value, str | int | float | bool | list | dict)


def record_change(*, instance, action, before=None, after=None, reason: str = ""):
    """Write one change record for `instance` under the current actor and request."""
    from zhenxing.audit.models import ChangeRecord

    context = current()
    return ChangeRecord.objects.create(
        user_id=context.user_id,
        actor_name=context.actor_name,
        address=context.address or None,
        request_id=context.request_id,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        before=before,
        after=after,
        reason=reason,
    )


def record_refusal(*, method: str, path: str):
    """Write one record for a refused (403) request: who, from where, which method and path."""
    from zhenxing.audit.models import ChangeRecord

    context = current()
    return ChangeRecord.objects.create(
        user_id=context.user_id,
        actor_name=context.actor_name,
        address=context.address or None,
        request_id=context.request_id,
        action=ChangeRecord.Action.DENIED,
        content_type=None,
        object_id="",
        object_repr=f"{method} {path}"[:300],
        after={"method": method, "path": path[:2000], "status": 403},
    )


def _capture_before(sender, instance, raw=False, **kwargs):
    if raw or not is_audited(sender) or instance.pk is None:
        instance._audit_before = None
        instance._audit_secrets_before = {}
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(previous) if previous is not None else None
    instance._audit_secrets_before = _secrets(previous) if previous is not None else {}


def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not is_audited(sender):
        return
    from zhenxing.audit.models import ChangeRecord

    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    instance._audit_before = after
    if not created and before is not None:
        # A password change alone is a change to log, though its value is never logged.
        secrets_before = getattr(instance, "_audit_secrets_before", {})
        changed = [
            name for name, value in _secrets(instance).items() if secrets_before.get(name) != value
        ]
        before = before | dict.fromkeys(changed, SECRET_BEFORE)
        after = after | dict.fromkeys(changed, SECRET_AFTER)
    if not created and before == after:
        return
    action = ChangeRecord.Action.CREATE if created or before is None else ChangeRecord.Action.UPDATE
    record_change(instance=instance, action=action, before=before, after=after)


def _record_delete(sender, instance, **kwargs):
    if not is_audited(sender):
        return
    from zhenxing.audit.models import ChangeRecord

    record_change(instance=instance, action=ChangeRecord.Action.DELETE, before=snapshot(instance))


def _record_m2m(sender, instance, action, pk_set, model, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or not is_audited(type(instance)):
        return
    from zhenxing.audit.models import ChangeRecord

    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), "m2m"
    )
    record_change(
        instance=instance,
        action=ChangeRecord.Action.UPDATE,
        after={field: {"action": action, "ids": sorted(pk_set or [])}},
    )


def connect() -> None:
    pre_save.connect(_capture_before, dispatch_uid="audit_pre_save")
    post_save.connect(_record_save, dispatch_uid="audit_post_save")
    post_delete.connect(_record_delete, dispatch_uid="audit_post_delete")
    m2m_changed.connect(_record_m2m, dispatch_uid="audit_m2m")
