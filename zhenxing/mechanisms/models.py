"""A joint working mechanism: who leads, who is a member, who does the daily work, what it is for."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Region, Unit


class Mechanism(models.Model):
    """A joint working mechanism set up under a leading group (seed 000), at one level."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")

    LEVEL_COLOURS = {
        Level.NATIONAL: "red",
        Level.PROVINCIAL: "green",
        Level.CITY: "teal",
        Level.COUNTY: "grey",
    }

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    english_name = models.CharField(_("英文名称"), max_length=200, blank=True)
    level = models.CharField(
        _("层级"), max_length=12, choices=Level.choices, default=Level.NATIONAL
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mechanisms",
    )
    leading_group = models.ForeignKey(
        Unit,
        verbose_name=_("所属领导小组"),
        on_delete=models.PROTECT,
        related_name="mechanisms_led",
        limit_choices_to={"kind": Unit.Kind.LEADING_GROUP},
    )
    established_on = models.DateField(_("设立日期"))
    basis = models.CharField(_("设立依据"), max_length=300, blank=True)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("牵头单位"),
        on_delete=models.PROTECT,
        related_name="mechanisms_as_lead",
    )
    convener_unit = models.ForeignKey(
        Unit,
        verbose_name=_("召集人所在单位"),
        on_delete=models.PROTECT,
        related_name="mechanisms_as_convener",
    )
    convener_title = models.CharField(_("召集人"), max_length=120, blank=True)
    member_title = models.CharField(_("成员"), max_length=120, blank=True)
    secretariat_unit = models.ForeignKey(
        Unit,
        verbose_name=_("秘书处日常工作单位"),
        on_delete=models.PROTECT,
        related_name="mechanisms_as_secretariat",
    )
    secretariat_composition = models.CharField(_("秘书处组成"), max_length=300, blank=True)
    data_version = models.CharField(_("数据版本"), max_length=40, blank=True)
    # The admin change form's optimistic lock (lib/versions.py).
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("工作机制")
        verbose_name_plural = _("工作机制")
        ordering = ["established_on", "code"]

    def __str__(self) -> str:
        return self.name

    def current_memberships(self, on_date=None):
        return self.memberships.current(on_date).select_related("unit", "unit__region")


class MembershipQuerySet(models.QuerySet):
    def current(self, on_date=None):
        on_date = on_date or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on_date),
            Q(valid_to__isnull=True) | Q(valid_to__gt=on_date),
        )


class Membership(models.Model):
    """A unit's membership of a mechanism, for a period."""

    class Role(models.TextChoices):
        LEAD_UNIT = "lead_unit", _("牵头单位")
        MEMBER_UNIT = "member_unit", _("成员单位")

    class Side(models.TextChoices):
        CENTRAL = "central", _("中央单位")
        # A provincial or city mechanism's own departments (省直/市直部门).
        DEPARTMENT = "department", _("本级部门")
        LOCAL = "local", _("地方政府")

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("工作机制"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    side = models.CharField(_("类别"), max_length=10, choices=Side.choices)
    valid_from = models.DateField(_("加入日期"), null=True, blank=True)
    valid_to = models.DateField(_("退出日期"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=1000)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("成员单位")
        verbose_name_plural = _("成员单位")
        ordering = ["mechanism", "sort_order", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "unit", "valid_from"],
                name="membership_unique_per_start",
                violation_error_message=_("该单位在同一日期已是成员。"),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="membership_valid_to_after_valid_from",
                violation_error_message=_("退出日期应晚于加入日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mechanism.short_name or self.mechanism}: {self.unit} ({self.get_role_display()})"


class SecretariatComponent(models.Model):
    """A department that takes part in the secretariat; one of them does the daily work."""

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.CASCADE,
        related_name="secretariat_components",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("司局"),
        on_delete=models.PROTECT,
        related_name="secretariat_components",
    )
    does_daily_work = models.BooleanField(_("承担日常工作"), default=False)

    class Meta:
        verbose_name = _("秘书处组成单位")
        verbose_name_plural = _("秘书处组成单位")
        ordering = ["mechanism", "-does_daily_work", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "unit"],
                name="secretariat_component_unique",
                violation_error_message=_("该司局已在秘书处中。"),
            )
        ]

    def __str__(self) -> str:
        return str(self.unit)


class LiaisonAssignment(models.Model):
    """A person named as a member unit's liaison officer (联络员) for a mechanism."""

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("工作机制"), on_delete=models.CASCADE, related_name="liaisons"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("成员单位"),
        on_delete=models.PROTECT,
        related_name="liaison_assignments",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联络员"),
        on_delete=models.PROTECT,
        related_name="liaison_assignments",
    )
    valid_from = models.DateField(_("起始日期"), default=timezone.localdate)
    valid_to = models.DateField(_("终止日期"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("联络员")
        verbose_name_plural = _("联络员")
        ordering = ["mechanism", "unit__sort_order", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "unit", "person", "valid_from"],
                name="liaison_unique_per_start",
                violation_error_message=_("该联络员已登记。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.person}"


class Duty(models.Model):
    """One of the mechanism's duties, as its founding document lists them."""

    class Kind(models.TextChoices):
        IMPLEMENT = "implement", _("推动落实")
        RESEARCH = "research", _("研究建议")
        COORDINATE = "coordinate", _("协调解决")
        SUPERVISE = "supervise", _("督促检查")
        ASSIGNED = "assigned", _("交办事项")

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("工作机制"), on_delete=models.CASCADE, related_name="duties"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("内容"))
    english_text = models.TextField(_("英文"), blank=True)

    class Meta:
        verbose_name = _("职责")
        verbose_name_plural = _("职责")
        ordering = ["mechanism", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "position"],
                name="duty_unique_position",
                violation_error_message=_("序号重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:40]}"
