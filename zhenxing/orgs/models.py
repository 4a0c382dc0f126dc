"""Units (who), regions (where), people and their roles, API tokens."""

import hashlib
import unicodedata

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def normalize_name(name: str) -> str:
    """The form under which unit names and aliases are compared: NFKC, no spaces, casefolded.

    PDF extraction inserts spaces and mixes full- and half-width forms; none of that
    should stop 国家发展改革委 from matching 国家 发展改革委.
    """
    folded = unicodedata.normalize("NFKC", name or "")
    return "".join(folded.split()).casefold()


class Region(models.Model):
    """An administrative division with its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        PREFECTURE = "prefecture", _("地级")
        COUNTY = "county", _("县级")

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    english_name = models.CharField(_("英文名称"), max_length=100, blank=True)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    tags = models.JSONField(_("类型标签"), default=list, blank=True)
    # The admin change form's optimistic lock (lib/versions.py); 1 also for rows written by SQL.
    version = models.PositiveIntegerField(_("版本"), default=1, db_default=1)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[1-8][0-9]{5}$"),
                name="region_code_six_digits",
                violation_error_message=_("行政区划代码应为6位数字。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet):
    def current(self, on_date=None):
        """Units in force on `on_date` (today by default)."""
        on_date = on_date or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on_date),
            Q(valid_to__isnull=True) | Q(valid_to__gt=on_date),
        )


class Unit(models.Model):
    """A unit: leading group, ministry, bank, provincial or city government, or a department of one."""

    class Kind(models.TextChoices):
        LEADING_GROUP = "leading_group", _("领导小组")
        CENTRAL_DEPARTMENT = "central_department", _("中央和国家机关部门")
        CENTRAL_ENTERPRISE = "central_enterprise", _("中央企业和金融机构")
        PROVINCIAL_GOVERNMENT = "provincial_government", _("省级人民政府")
        CITY_GOVERNMENT = "city_government", _("市级人民政府")
        COUNTY_GOVERNMENT = "county_government", _("县级人民政府")
        LOCAL_DEPARTMENT = "local_department", _("地方政府部门")
        INTERNAL_DEPARTMENT = "internal_department", _("内设机构")
        OTHER = "other", _("其他")

    KIND_COLOURS = {
        Kind.LEADING_GROUP: "red",
        Kind.CENTRAL_DEPARTMENT: "blue",
        Kind.CENTRAL_ENTERPRISE: "purple",
        Kind.PROVINCIAL_GOVERNMENT: "green",
        Kind.CITY_GOVERNMENT: "teal",
        Kind.COUNTY_GOVERNMENT: "teal",
        Kind.LOCAL_DEPARTMENT: "grey",
        Kind.INTERNAL_DEPARTMENT: "grey",
        Kind.OTHER: "grey",
    }

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    full_name = models.CharField(_("全称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    english_name = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departments",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    responsibilities = models.TextField(_("主要职责"), blank=True)
    valid_from = models.DateField(_("设立日期"), null=True, blank=True)
    valid_to = models.DateField(_("撤销日期"), null=True, blank=True)
    succeeded_by = models.ForeignKey(
        "self",
        verbose_name=_("承继单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=1000)
    # The admin change form's optimistic lock (lib/versions.py).
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_order", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
                violation_error_message=_("撤销日期应晚于设立日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(succeeded_by=models.F("id")),
                name="unit_not_its_own_successor",
                violation_error_message=_("单位不能承继自身。"),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def display_name(self) -> str:
        return self.short_name or self.full_name

    def is_current(self, on_date=None) -> bool:
        on_date = on_date or timezone.localdate()
        started = self.valid_from is None or self.valid_from <= on_date
        return started and (self.valid_to is None or self.valid_to > on_date)

    def top_unit(self) -> "Unit":
        """The unit this one ultimately belongs to (a department's ministry or government).

        Only departments fold into their parent: a state bureau administered by a ministry
        (国家能源局 under 国家发展改革委) is a unit in its own right, with its own work.
        """
        unit, seen = self, set()
        while unit.parent_id is not None and unit.kind in DEPARTMENT_KINDS and unit.pk not in seen:
            seen.add(unit.pk)
            unit = unit.parent
        return unit


DEPARTMENT_KINDS = frozenset({Unit.Kind.INTERNAL_DEPARTMENT, Unit.Kind.LOCAL_DEPARTMENT})


class UnitAlias(models.Model):
    """A name a unit is written under: full name, short name, abbreviation, former name."""

    class Kind(models.TextChoices):
        FULL_NAME = "full_name", _("全称")
        SHORT_NAME = "short_name", _("简称")
        ABBREVIATION = "abbreviation", _("缩写")
        ENGLISH = "english", _("英文")
        FORMER_NAME = "former_name", _("曾用名")
        INFORMAL = "informal", _("习惯称谓")

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("名称"), max_length=120)
    normalized_name = models.CharField(
        _("规范化名称"), max_length=120, db_index=True, editable=False
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        ordering = ["unit", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "normalized_name"],
                name="unit_alias_unique_per_unit",
                violation_error_message=_("该单位已有此别名。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit}"

    def save(self, *args, **kwargs):
        # Derived, not business logic: the comparison key always follows the name.
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    """What a person does in the system; one per account, so duties stay separated."""

    SECRETARIAT_OFFICER = "secretariat_officer", _("秘书处工作人员")
    UNIT_LIAISON = "unit_liaison", _("单位联络员")
    UNIT_LEADER = "unit_leader", _("单位负责人")
    LEADING_GROUP_READER = "leading_group_reader", _("领导小组成员（阅览）")
    INSPECTOR = "inspector", _("督查人员")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("系统管理员")
    SECURITY_ADMINISTRATOR = "security_administrator", _("安全管理员")
    AUDIT_ADMINISTRATOR = "audit_administrator", _("审计管理员")


ADMINISTRATOR_ROLES = frozenset(
    {Role.SYSTEM_ADMINISTRATOR, Role.SECURITY_ADMINISTRATOR, Role.AUDIT_ADMINISTRATOR}
)
BUSINESS_ROLES = frozenset(set(Role) - ADMINISTRATOR_ROLES)


class User(AbstractUser):
    """A person with an account; belongs to one unit and holds one role."""

    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices, blank=True)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    # The admin change form's optimistic lock (lib/versions.py); 1 also for rows written by SQL.
    version = models.PositiveIntegerField(_("版本"), default=1, db_default=1)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_administrator(self) -> bool:
        return self.role in ADMINISTRATOR_ROLES


class ApiScope(models.TextChoices):
    """What a token may do (docs/api.md). `all`: everything its person may do; `read`: reads only
    (GET, HEAD); any other scope names one part of the API (its URL's first segment after
    /api/v1/), where the token may also write. Reads are allowed everywhere to every token."""

    ALL = "all", _("全部（与账户权限相同）")
    READ = "read", _("只读")
    UNITS = "units", _("单位与地区")
    MECHANISMS = "mechanisms", _("工作机制")
    AUDIT = "audit", _("变更记录")
    REPORTS = "reports", _("报告")
    ROUNDS = "rounds", _("调度报送")
    POLICIES = "policies", _("政策与任务")
    PROJECTS = "projects", _("重点项目")
    COORDINATION = "coordination", _("协调与会议")
    INSPECTIONS = "inspections", _("督查检查")
    ENTERPRISES = "enterprises", _("企业诉求")
    REVIEWS = "reviews", _("审议")
    INDICATORS = "indicators", _("指标与数据")
    PROGRAMMES = "programmes", _("专项行动")
    PAIRINGS = "pairings", _("对口合作")
    FUNDS = "funds", _("资金")
    PILOTS = "pilots", _("试点")
    SPECIAL_PLANS = "specialplans", _("专项规划")
    TRANSFORMATIONS = "transformations", _("转型评价")
    NOTIFICATIONS = "notifications", _("消息提醒")


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def api_token_default_scopes() -> list[str]:
    return [ApiScope.ALL.value]


class ApiToken(models.Model):
    """A bearer token for the JSON API, limited to its scopes; only its hash is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=8, db_index=True)
    token_hash = models.CharField(_("摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    # Tokens made before scopes existed keep full rights: the default is ["all"].
    scopes = models.JSONField(_("权限范围"), default=api_token_default_scopes)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def hash_token(raw_token: str) -> str:
        return hashlib.sha256(raw_token.encode()).hexdigest()

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def scope_labels(self) -> list[str]:
        labels = dict(ApiScope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]

    def refusal(self, *, method: str, scope: str) -> str:
        """Why this token may not make a `method` request to the API part `scope`, or ""."""
        if ApiScope.ALL in self.scopes or method.upper() in READ_METHODS:
            return ""
        if ApiScope.READ in self.scopes:
            return gettext("此接口令牌只读，不能执行 %(method)s 请求。") % {"method": method}
        if scope in self.scopes:
            return ""
        return gettext("此接口令牌的权限范围不含“%(scope)s”，不能执行 %(method)s 请求。") % {
            "scope": scope,
            "method": method,
        }


class UnitGroup(models.Model):
    """A collective name that stands for several units (东北各省区 → the four provincial governments)."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("包含单位"), related_name="groups", blank=True
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("单位集合称谓")
        verbose_name_plural = _("单位集合称谓")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
