"""The change log: one append-only row per create, change or delete of a domain object,
and per refused (403) request; each row carries a hash chained to the row before it."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangeRecordQuerySet(models.QuerySet):
    """Bulk writes are refused like single ones: the log is append-only."""

    def bulk_create(self, objs, *args, **kwargs):
        from zhenxing.audit import chain

        objs = list(objs)
        # No savepoint: a record that cannot be written fails the writer's whole transaction.
        with transaction.atomic(using=self.db, savepoint=False):
            chain.seal(objs, using=self.db)
            return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        raise PermissionDenied("Change records cannot be edited.")

    def latest_for(self, instance) -> "ChangeRecord | None":
        """The newest record of `instance` (who saved it last, and when)."""
        content_type = ContentType.objects.get_for_model(type(instance), for_concrete_model=False)
        return (
            self.filter(content_type=content_type, object_id=str(instance.pk))
            .order_by("-time", "-id")
            .first()
        )

    def delete(self):
        raise PermissionDenied("Change records cannot be deleted.")


class ChangeRecord(models.Model):
    """One recorded change to one object; never edited, never deleted."""

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        DENIED = "denied", _("拒绝访问")
        PURGE = "purge", _("清理过期记录")

    ACTION_COLOURS = {
        Action.CREATE: "green",
        Action.UPDATE: "blue",
        Action.DELETE: "red",
        Action.DENIED: "red",
        Action.PURGE: "grey",
    }

    # Set when the record is sealed into the chain, not by the database: it is hashed.
    time = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    # DO_NOTHING, not SET_NULL: deleting a person must not rewrite (and so break) their records.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="change_records",
        db_constraint=False,
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150)
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True, db_index=True)
    action = models.CharField(_("动作"), max_length=10, choices=Action.choices)
    # Empty for a refused request, whose object is the path it asked for (in `object_repr`).
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("对象类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("对象编号"), max_length=64, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=300)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    sequence = models.PositiveBigIntegerField(_("序号"), unique=True, null=True, editable=False)
    previous_hash = models.CharField(_("前一记录哈希"), max_length=64, blank=True, editable=False)
    record_hash = models.CharField(_("记录哈希"), max_length=64, blank=True, editable=False)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            # The log's order: a page (or a cursor) reads its rows from here, not from a sort.
            models.Index(fields=["-time", "-id"], name="audit_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Change records cannot be edited.")
        from zhenxing.audit import chain

        using = kwargs.get("using") or "default"
        with transaction.atomic(using=using, savepoint=False):
            chain.seal([self], using=using)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Change records cannot be deleted.")

    @property
    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))
