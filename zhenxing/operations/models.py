"""What the operations app stores: the queue workers' heartbeats and the periodic jobs' last runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One `zhenxing worker` process's last sign of life (rewritten every few seconds)."""

    audit_excluded = True  # a beat every 15 s is not a change anyone made

    worker_id = models.CharField(_("进程标识"), max_length=64, unique=True)
    hostname = models.CharField(_("主机"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("启动时间"))
    beat_at = models.DateTimeField(_("最近心跳"), db_index=True)

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = _("后台进程心跳")
        verbose_name_plural = _("后台进程心跳")

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.hostname}"


class PeriodicRun(models.Model):
    """When a periodic job (reminders, scheduled rounds …) was last enqueued: a worker claims
    the next run by moving this time forward in one UPDATE, so two workers never both enqueue it."""

    audit_excluded = True  # bookkeeping of the queue; the jobs' own changes are audited

    name = models.CharField(_("任务"), max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(_("最近入队时间"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("定期任务")
        verbose_name_plural = _("定期任务")

    def __str__(self) -> str:
        return self.name


class TableGeneration(models.Model):
    """How many committed write statements have touched one table, as far as the cached lists
    need to know: a cached page or answer built from a table is keyed by its generation, so
    the next write to the table makes every copy built before it unreachable
    (zhenxing/operations/generations.py)."""

    audit_excluded = True  # a counter moved after each write, not a change anyone made

    table = models.CharField(_("数据表"), max_length=100, primary_key=True)
    value = models.BigIntegerField(_("代数"), default=0)

    class Meta:
        ordering = ["table"]
        verbose_name = _("数据表代数")
        verbose_name_plural = _("数据表代数")

    def __str__(self) -> str:
        return f"{self.table}: {self.value}"
