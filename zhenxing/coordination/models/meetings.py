"""Joint meetings (联席会议): agenda from matters awaiting decision, minutes, agreed items."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.coordination.models.matters import CoordinationMatter
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task


class Meeting(models.Model):
    """A meeting of the mechanism, its convener and attending units, and its minutes."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        HELD = "held", _("已召开")
        MINUTES_ISSUED = "minutes_issued", _("纪要已印发")

    STATUS_COLOURS = {Status.PLANNED: "blue", Status.HELD: "yellow", Status.MINUTES_ISSUED: "green"}

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("工作机制"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("会议次序"))
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    location = models.CharField(_("地点"), max_length=120, blank=True)
    convener = models.CharField(_("召集人"), max_length=120)
    convener_unit = models.ForeignKey(
        Unit, verbose_name=_("召集人所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    attending_units = models.ManyToManyField(
        Unit, verbose_name=_("参会单位"), blank=True, related_name="attended_meetings"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    # The minutes' version (lib/versions.py): two people writing them cannot overwrite each other.
    version = models.PositiveIntegerField(_("版本"), default=1)
    minutes_issued_at = models.DateTimeField(_("纪要印发时间"), null=True, blank=True)
    minutes_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("纪要印发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-held_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "number"],
                name="meeting_number_unique_per_mechanism",
                violation_error_message=_("会议次序重复。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="minutes_issued") | ~Q(minutes=""),
                name="meeting_issued_minutes_written",
                violation_error_message=_("印发纪要前须填写纪要内容。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")

    @property
    def minutes_issued(self) -> bool:
        return self.status == self.Status.MINUTES_ISSUED


class AgendaItem(models.Model):
    """An item on a meeting's agenda, usually a matter awaiting decision."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("议题"), max_length=200)
    matter = models.ForeignKey(
        CoordinationMatter,
        verbose_name=_("协调事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    outcome = models.TextField(_("研究结果"), blank=True)

    class Meta:
        verbose_name = _("会议议题")
        verbose_name_plural = _("会议议题")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agenda_item_unique_position",
                violation_error_message=_("议题序号重复。"),
            ),
            models.UniqueConstraint(
                fields=["meeting", "matter"],
                condition=Q(matter__isnull=False),
                name="agenda_item_matter_once_per_meeting",
                violation_error_message=_("该事项已列入本次会议议题。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Decision(models.Model):
    """An agreed item (议定事项): when the minutes are issued it becomes a tracked task."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="decisions"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("议定事项"))
    matter = models.ForeignKey(
        CoordinationMatter,
        verbose_name=_("协调事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    participating_units = models.ManyToManyField(
        Unit, verbose_name=_("参加单位"), blank=True, related_name="+"
    )
    due_date = models.DateField(_("完成时限"))
    task = models.OneToOneField(
        Task,
        verbose_name=_("跟踪任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_decision",
    )

    class Meta:
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="decision_unique_position",
                violation_error_message=_("议定事项序号重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting.number}.{self.position} {self.text[:40]}"
