"""Policy documents, their parsed structure, task division plans, tasks and their revisions."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit


class PolicyDocument(models.Model):
    """A policy as imported: its metadata, full text and original file."""

    class Kind(models.TextChoices):
        OPINIONS = "opinions", _("意见")
        PLAN = "plan", _("方案")
        PROGRAMME = "programme", _("规划")
        NOTICE = "notice", _("通知")
        DECISION = "decision", _("决定")
        MEASURES = "measures", _("办法/措施")
        WORK_POINTS = "work_points", _("工作要点")
        REPORT = "report", _("报告")
        LETTER = "letter", _("函")
        CIRCULAR = "circular", _("通报")
        OTHER = "other", _("其他")

    class SourceFormat(models.TextChoices):
        PASTED = "pasted", _("粘贴文本")
        TXT = "txt", _("文本文件")
        DOCX = "docx", _("Word 文档")
        PDF = "pdf", _("PDF 文件")
        HTML = "html", _("网页")

    title = models.CharField(_("标题"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    # identity.document_number_key and identity.text_hash: how a second import is recognised.
    document_number_key = models.CharField(
        _("文号（规范化）"), max_length=60, blank=True, db_index=True, editable=False
    )
    content_hash = models.CharField(
        _("正文摘要"), max_length=64, blank=True, db_index=True, editable=False
    )
    issuer = models.CharField(_("发文机关"), max_length=120, blank=True)
    issuer_unit = models.ForeignKey(
        Unit,
        verbose_name=_("发文单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    kind = models.CharField(_("文种"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policy_documents",
    )
    text = models.TextField(_("正文"))
    source_format = models.CharField(_("来源格式"), max_length=8, choices=SourceFormat.choices)
    original_file = models.FileField(_("原始文件"), upload_to="policies/%Y/%m/", blank=True)
    original_filename = models.CharField(_("原始文件名"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="imported_documents",
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.title


class PolicyNode(models.Model):
    """A part, article, item or sub-item of a document, with its own text."""

    class Kind(models.TextChoices):
        CHAPTER = "chapter", _("章/部分")
        SECTION = "section", _("节")
        PART = "part", _("部分（一、）")
        ARTICLE = "article", _("条（（一））")
        ITEM = "item", _("项（1.）")
        SUBITEM = "subitem", _("目（(1)）")
        CIRCLED = "circled", _("目（①）")

    document = models.ForeignKey(
        PolicyDocument, verbose_name=_("政策文件"), on_delete=models.CASCADE, related_name="nodes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("顺序"))
    path = models.CharField(_("路径"), max_length=120)
    level = models.PositiveSmallIntegerField(_("层级"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    marker = models.CharField(_("序号"), max_length=20)
    heading = models.CharField(_("标题"), max_length=200, blank=True)
    text = models.TextField(_("内容"), blank=True)
    suggestions = models.JSONField(_("建议牵头单位"), default=list, blank=True)

    class Meta:
        verbose_name = _("条款")
        verbose_name_plural = _("条款")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"],
                name="policy_node_unique_position",
                violation_error_message=_("条款顺序重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.marker}{self.heading}"


class DivisionPlan(models.Model):
    """A task division plan (分工方案): every task with a lead unit, participants, deadline."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.PUBLISHED: "green"}

    title = models.CharField(_("名称"), max_length=300)
    document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("依据文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_plans",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("任务分工方案")
        verbose_name_plural = _("任务分工方案")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


def same_document_as(prefix: str = "") -> Q:
    """Plans whose document is the OuterRef'd plan's document, or another import of it (same
    normalised 文号 or same text); `prefix` leads from the outer row to its plan."""
    outer = f"{prefix}document__"
    return (
        Q(document_id=OuterRef(f"{prefix}document_id"))
        | (
            Q(document__document_number_key=OuterRef(f"{outer}document_number_key"))
            & ~Q(document__document_number_key="")
        )
        | (
            Q(document__content_hash=OuterRef(f"{outer}content_hash"))
            & ~Q(document__content_hash="")
        )
    )


class TaskQuerySet(models.QuerySet):
    def in_force(self):
        """Tasks of published plans, counting each document once: where a document was imported
        twice, or two plans were published from it, only the first published plan's tasks count
        (so figures never count one task twice)."""
        earlier = DivisionPlan.objects.filter(
            same_document_as("plan__"),
            status=DivisionPlan.Status.PUBLISHED,
            pk__lt=OuterRef("plan_id"),
        )
        return self.filter(plan__status=DivisionPlan.Status.PUBLISHED).exclude(Exists(earlier))

    def involving(self, unit: Unit):
        """Tasks a unit leads, leads with others, or takes part in (its departments count as the
        unit)."""
        return self.filter(
            Q(lead_unit=unit)
            | Q(lead_unit__parent=unit)
            | Q(co_lead_units=unit)
            | Q(co_lead_units__parent=unit)
            | Q(participating_units=unit)
            | Q(participating_units__parent=unit)
        ).distinct()


class Task(models.Model):
    """A key task (重点任务) of a division plan."""

    class ResultForm(models.TextChoices):
        POLICY_ISSUED = "policy_issued", _("出台政策文件")
        PROJECT_STARTED = "project_started", _("项目开工建设")
        REPORT = "report", _("形成报告")
        MECHANISM = "mechanism", _("建立工作机制")
        ONGOING = "ongoing", _("持续推进")
        OTHER = "other", _("其他")

    class Priority(models.TextChoices):
        KEY = "key", _("重点")
        NORMAL = "normal", _("一般")

    class DeadlineKind(models.TextChoices):
        DATE = "date", _("具体日期")
        STANDING = "standing", _("长期/持续")
        NONE = "none", _("未定")

    plan = models.ForeignKey(
        DivisionPlan, verbose_name=_("分工方案"), on_delete=models.CASCADE, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtasks",
    )
    position = models.PositiveIntegerField(_("序号"))
    code = models.CharField(_("编号"), max_length=30)
    title = models.CharField(_("重点任务"), max_length=300)
    description = models.TextField(_("任务内容"), blank=True)
    source_node = models.ForeignKey(
        PolicyNode,
        verbose_name=_("来源条款"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    # 两个以上单位共同牵头（A、B牵头）: the first written is lead_unit, the others lead with it.
    co_lead_units = models.ManyToManyField(
        Unit, verbose_name=_("共同牵头单位"), blank=True, related_name="co_led_tasks"
    )
    participating_units = models.ManyToManyField(
        Unit, verbose_name=_("参加单位"), blank=True, related_name="participated_tasks"
    )
    # 分管领导 (seed 004: 明确责任领导和责任单位): the leader in charge of the task's area, by
    # name and post, as a city's or province's decomposition names one per task.
    responsible_leader = models.CharField(_("分管领导"), max_length=50, blank=True, db_default="")
    lead_units_written = models.CharField(_("牵头单位（原文）"), max_length=300, blank=True)
    participating_units_written = models.CharField(
        _("参加单位（原文）"), max_length=500, blank=True
    )
    unresolved_units = models.JSONField(_("未识别单位"), default=list, blank=True)
    responsibility_text = models.CharField(_("分工原文"), max_length=500, blank=True)
    suggestions = models.JSONField(_("建议牵头单位"), default=list, blank=True)
    deadline_text = models.CharField(_("完成时限"), max_length=100, blank=True)
    due_date = models.DateField(_("截止日期"), null=True, blank=True)
    original_due_date = models.DateField(_("原定截止日期"), null=True, blank=True)
    result_form = models.CharField(
        _("成果形式"), max_length=20, choices=ResultForm.choices, default=ResultForm.OTHER
    )
    priority = models.CharField(
        _("优先级"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")
        ordering = ["plan", "position"]
        # The API walks tasks by (plan, position, id) cursors: an index range, not a sort.
        indexes = [models.Index(fields=["plan", "position", "id"], name="task_order_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="task_code_unique_per_plan",
                violation_error_message=_("同一方案中任务编号不能重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def lead_units(self) -> list[Unit]:
        """Every unit that leads the task: the lead unit, then the co-leads."""
        leads = [self.lead_unit] if self.lead_unit_id else []
        return leads + [unit for unit in self.co_lead_units.all() if unit.pk != self.lead_unit_id]

    def is_led_by(self, unit: Unit) -> bool:
        """Whether `unit` (or the unit whose department it is) leads the task, alone or jointly."""
        return any(lead.pk == unit.pk or lead.parent_id == unit.pk for lead in self.lead_units())

    @property
    def deadline_kind(self) -> str:
        if self.due_date:
            return self.DeadlineKind.DATE
        return self.DeadlineKind.STANDING if self.deadline_text else self.DeadlineKind.NONE


class TaskRevision(models.Model):
    """A change to a task after its plan was published: what changed, why, who approved."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="revisions"
    )
    changed_at = models.DateTimeField(_("修改时间"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="task_revisions",
    )
    approved_by = models.CharField(_("批准人"), max_length=120, blank=True)
    reason = models.TextField(_("修改原因"))
    changes = models.JSONField(_("修改内容"), default=dict)
    previous_due_date = models.DateField(_("原截止日期"), null=True, blank=True)
    new_due_date = models.DateField(_("新截止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务修订")
        verbose_name_plural = _("任务修订")
        ordering = ["task", "changed_at"]

    def __str__(self) -> str:
        return f"{self.task.code} {self.changed_at:%Y-%m-%d}"


class TaskRollup(models.Model):
    """A parent task's figures as rolled up from its children (the tasks handed down to lower
    mechanisms and the subtasks split within its plan), stored so that a dashboard reads them
    without walking the tree. Written only by `zhenxing.rollups.services` when a child changes
    (and by `zhenxing rollup refresh`); `children` keeps which child said what. Derived data: the
    changes it is computed from are in the change log, so it is not logged itself."""

    audit_excluded = True

    task = models.OneToOneField(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="rollup"
    )
    # A colour of zhenxing.lib.colours.Colour: the worst of the children's lights.
    light = models.CharField(_("汇总灯色"), max_length=12)
    children_complete = models.PositiveIntegerField(_("已完成下级任务数"), default=0)
    children_total = models.PositiveIntegerField(_("下级任务数"), default=0)
    # {figure name: {"value": number, "rule": "sum" | "mean", "count": children reporting it}}
    figures = models.JSONField(_("汇总数据"), default=dict, blank=True)
    # [{task_id, code, title, unit, mechanism, level, light, light_reason, complete, figures,
    #   accepted_on}] in the order of the chain.
    children = models.JSONField(_("下级任务情况"), default=list, blank=True)
    computed_on = models.DateField(_("灯色计算日期"))
    refreshed_at = models.DateTimeField(_("汇总时间"))

    class Meta:
        verbose_name = _("任务汇总")
        verbose_name_plural = _("任务汇总")
        indexes = [models.Index(fields=["light"], name="task_rollup_light_idx")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.light}"

    @property
    def completion(self) -> float:
        """Share of children complete (closed out), 0–1; 0 where there are no children."""
        return self.children_complete / self.children_total if self.children_total else 0.0
