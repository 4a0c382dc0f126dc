"""Forms of the rounds pages: they check input and hand plain values to the services."""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.lib.colours import Colour
from zhenxing.lib.forms import DateInput
from zhenxing.lib.versions import add_version_field
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs.models import Unit
from zhenxing.orgs.selectors import UnitNameIndex
from zhenxing.policies.models import DivisionPlan, PolicyNode, Task
from zhenxing.rounds.models import (
    Assessment,
    PeriodKind,
    ReportingRound,
    RoundSchedule,
    Submission,
)
from zhenxing.rounds.selectors import league_periods, rounds_in_period

UNIT_SEPARATORS = re.compile(r"[、，,；;\s]+")
MAX_ITEMS = 50
LEAGUE_UNIT_KINDS = (
    Unit.Kind.CENTRAL_DEPARTMENT,
    Unit.Kind.CENTRAL_ENTERPRISE,
    Unit.Kind.PROVINCIAL_GOVERNMENT,
    Unit.Kind.CITY_GOVERNMENT,
)


def published_plans():
    return DivisionPlan.objects.filter(status=DivisionPlan.Status.PUBLISHED).order_by(
        "-published_at"
    )


class RoundOpenForm(forms.Form):
    """Period, due date, instructions and scope: a whole plan, some of its parts, or tasks."""

    SCOPES = [
        ("plan", _("整个方案")),
        ("parts", _("方案的部分章节")),
        ("tasks", _("选定任务")),
    ]

    plan = forms.ModelChoiceField(label=_("分工方案"), queryset=published_plans())
    period_kind = forms.ChoiceField(label=_("周期"), choices=PeriodKind.choices)
    period_label = forms.CharField(
        label=_("期间"),
        required=False,
        max_length=20,
        help_text=_("例：2026-10（月度）、2026Q3（季度）、2026H1（半年）、2026（年度）"),
    )
    period_start = forms.DateField(label=_("期间开始"), required=False, widget=DateInput)
    period_end = forms.DateField(label=_("期间结束"), required=False, widget=DateInput)
    due_date = forms.DateField(label=_("报送截止日期"), widget=DateInput)
    title = forms.CharField(
        label=_("名称"), required=False, max_length=200, help_text=_("留空则按期间自动生成")
    )
    instructions = forms.CharField(
        label=_("报送要求"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scope = forms.ChoiceField(
        label=_("调度范围"), choices=SCOPES, initial="plan", widget=forms.RadioSelect
    )
    parts = forms.MultipleChoiceField(
        label=_("章节"), required=False, widget=forms.CheckboxSelectMultiple
    )
    tasks = forms.ModelMultipleChoiceField(
        label=_("任务"),
        required=False,
        queryset=Task.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan: DivisionPlan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.selected_plan = plan
        if plan is not None:
            self.fields["plan"].initial = plan.pk
            self.fields["parts"].choices = part_choices(plan)
            self.fields["tasks"].queryset = plan.tasks.select_related("lead_unit")
            self.fields["tasks"].label_from_instance = lambda task: f"{task.code} {task.title}"

    def clean(self):
        data = super().clean()
        if data.get("period_kind") == PeriodKind.AD_HOC:
            if not (data.get("period_start") and data.get("period_end")):
                raise forms.ValidationError(_("专项调度须填写期间开始和结束日期。"))
        elif data.get("period_kind") and not data.get("period_label"):
            self.add_error("period_label", _("请填写期间，例如 2026Q3。"))
        if data.get("scope") == "parts" and not data.get("parts"):
            self.add_error("parts", _("请至少选择一个章节。"))
        if data.get("scope") == "tasks" and not data.get("tasks"):
            self.add_error("tasks", _("请至少选择一个任务。"))
        return data

    def selected_tasks(self):
        """The tasks in scope, as a queryset of the chosen plan's tasks."""
        plan, scope = self.cleaned_data["plan"], self.cleaned_data["scope"]
        tasks = plan.tasks.all()
        if scope == "tasks":
            return tasks.filter(pk__in=[task.pk for task in self.cleaned_data["tasks"]])
        if scope == "parts":
            matching = Q()
            for prefix in self.cleaned_data["parts"]:
                matching |= Q(source_node__path=prefix) | Q(
                    source_node__path__startswith=prefix + "/"
                )
            return tasks.filter(matching)
        return tasks


def part_choices(plan: DivisionPlan) -> list[tuple[str, str]]:
    """The plan's parts and articles that hold tasks, by source node path (一, 一/(三))."""
    paths = set(
        plan.tasks.filter(source_node__isnull=False).values_list("source_node__path", flat=True)
    )
    prefixes = set()
    for path in paths:
        parts = path.split("/")
        prefixes.update("/".join(parts[: depth + 1]) for depth in range(min(2, len(parts))))
    if not prefixes or plan.document_id is None:
        return []
    nodes = PolicyNode.objects.filter(document_id=plan.document_id, path__in=prefixes).order_by(
        "position"
    )
    return [
        (node.path, f"{'　' * (node.level - 1)}{node.marker}{node.heading}"[:80]) for node in nodes
    ]


class RoundScheduleForm(forms.ModelForm):
    plan = forms.ModelChoiceField(label=_("分工方案"), queryset=published_plans())
    period_kind = forms.ChoiceField(
        label=_("周期"), choices=[c for c in PeriodKind.choices if c[0] != PeriodKind.AD_HOC]
    )

    class Meta:
        model = RoundSchedule
        fields = ["plan", "period_kind", "days_after_period_end", "instructions", "is_active"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self)


class SubmissionForm(forms.ModelForm):
    """The report's text fields; figures and coordination matters come as numbered rows."""

    class Meta:
        model = Submission
        fields = ["progress_status", "progress", "problems", "next_steps"]
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 6}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.figures: dict[str, str] = {}
        self.needs: list[dict] = []
        self.unresolved: list[str] = []

    def clean(self):
        data = super().clean()
        self.figures = figures_from(self.data)
        self.needs, self.unresolved = needs_from(self.data)
        return data

    def service_fields(self) -> dict:
        return {
            **{name: self.cleaned_data[name] for name in self.Meta.fields},
            "figures": self.figures,
        }


def figures_from(data) -> dict[str, str]:
    """figure_key_0/figure_value_0, … → {key: value}; empty rows dropped."""
    figures = {}
    for index in range(MAX_ITEMS):
        key = data.get(f"figure_key_{index}", "").strip()[:60]
        if key:
            figures[key] = data.get(f"figure_value_{index}", "").strip()[:200]
    return figures


def needs_from(data) -> tuple[list[dict], list[str]]:
    """need_description_N / need_units_N (unit names as people write them, 、-separated) →
    [{description, units}], and the names that match no unit."""
    rows = []
    for index in range(MAX_ITEMS):
        description = data.get(f"need_description_{index}", "").strip()
        names = [n for n in UNIT_SEPARATORS.split(data.get(f"need_units_{index}", "")) if n]
        if description:
            rows.append((description, names))
    index = UnitNameIndex(names=[name for _d, names in rows for name in names]) if rows else None
    needs, unresolved = [], []
    for description, names in rows:
        units = []
        for name in names:
            found = index.resolve_ids(name)
            if found:
                units.append(found[0])
            elif name not in unresolved:
                unresolved.append(name)
        needs.append({"description": description, "units": list(dict.fromkeys(units))})
    return needs, unresolved


def unit_names(units) -> str:
    return "、".join(unit.display_name for unit in units)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("佐证材料"))


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class CloseOutForm(forms.Form):
    note = forms.CharField(
        label=_("销号意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class AssessmentForm(forms.Form):
    rating = forms.ChoiceField(label=_("评价"), choices=Assessment.Rating.choices)
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("评为红灯须写明理由"),
    )
    round = forms.ModelChoiceField(
        label=_("调度"), required=False, queryset=ReportingRound.objects.all()
    )

    def __init__(self, *args, task: Task | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["round"].queryset = task.rounds.all()

    def clean(self):
        data = super().clean()
        if data.get("rating") == Assessment.Rating.RED and not data.get("reason", "").strip():
            self.add_error("reason", _("评为红灯须写明理由。"))
        return data


class ExtensionRequestForm(forms.Form):
    requested_due_date = forms.DateField(label=_("申请截止日期"), widget=DateInput)
    reason = forms.CharField(label=_("申请理由"), widget=forms.Textarea(attrs={"rows": 4}))


class ExtensionDecisionForm(forms.Form):
    DECISIONS = [("approve", _("同意")), ("refuse", _("不同意"))]

    decision = forms.ChoiceField(label=_("审批"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("审批意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不同意的须写明理由"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("note", "").strip():
            self.add_error("note", _("不同意延期须写明理由。"))
        return data


class SubmissionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态"))] + Submission.Status.choices
    )
    role = forms.ChoiceField(
        label=_("角色"), required=False, choices=[("", _("全部角色"))] + Submission.Role.choices
    )
    unit = forms.ModelChoiceField(
        label=_("单位"), required=False, queryset=Unit.objects.none(), empty_label=_("全部单位")
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def filter(self, submissions):
        data = self.cleaned_data
        if data.get("status"):
            submissions = submissions.filter(status=data["status"])
        if data.get("role"):
            submissions = submissions.filter(role=data["role"])
        if data.get("unit"):
            submissions = submissions.filter(unit=data["unit"])
        return submissions


class DashboardFilterForm(forms.Form):
    TASK_SORTS = [
        ("colour", _("按灯色")),
        ("due", _("按截止日期")),
        ("code", _("按编号")),
        ("lead", _("按牵头单位")),
    ]
    LEAGUE_SORTS = [
        ("on_time", _("按时率从高到低")),
        ("completion", _("完成率从高到低")),
        ("returned", _("退回率从低到高")),
        ("returned_desc", _("退回率从高到低")),
        ("unit", _("按单位名称")),
    ]

    plan = forms.ModelChoiceField(
        label=_("分工方案"), required=False, queryset=published_plans(), empty_label=_("全部方案")
    )
    lead_unit = forms.ModelChoiceField(
        label=_("牵头单位"),
        required=False,
        queryset=Unit.objects.filter(led_tasks__isnull=False).distinct(),
        empty_label=_("全部单位"),
    )
    colour = forms.ChoiceField(
        label=_("灯色"),
        required=False,
        choices=[("", _("全部灯色"))] + [(key, _(label)) for key, label in Colour.LABELS.items()],
    )
    # The stored roll-up of a task with lower tasks (zhenxing.rollups): its worst child light.
    rollup = forms.ChoiceField(
        label=_("汇总灯色"),
        required=False,
        choices=[("", _("全部任务")), ("any", _("有下级任务"))]
        + [(key, _(label)) for key, label in Colour.LABELS.items()],
    )
    sort = forms.ChoiceField(label=_("任务排序"), required=False, choices=TASK_SORTS)
    league_sort = forms.ChoiceField(label=_("排名方式"), required=False, choices=LEAGUE_SORTS)
    unit_kind = forms.ChoiceField(
        label=_("单位类别"),
        required=False,
        choices=[("", _("全部类别"))]
        + [(kind, label) for kind, label in Unit.Kind.choices if kind in LEAGUE_UNIT_KINDS],
    )

    # Choices read when the field is drawn or a period is chosen (a callable): pages that do not
    # show the league table make no query for it.
    league_period = forms.ChoiceField(
        label=_("排名期间"),
        required=False,
        choices=lambda: [("", _("全部期间")), *league_periods()],
    )

    def __init__(self, *args, mechanism=None, **kwargs):
        """`mechanism`: the one in use; the plan and lead-unit choices are its own."""
        super().__init__(*args, **kwargs)
        self.mechanism = mechanism
        if mechanism is not None:
            plans = within_mechanism(published_plans(), mechanism)
            self.fields["plan"].queryset = plans
            self.fields["lead_unit"].queryset = Unit.objects.filter(
                pk__in=Task.objects.filter(plan__in=plans.values("pk")).values("lead_unit_id")
            )

    def value(self, name: str, default=""):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or default
        return default

    def league_rounds(self):
        """The rounds the league table counts: those of the chosen period, or all (None)."""
        period = self.value("league_period")
        return rounds_in_period(period) if period else None

    def filter_tasks(self, tasks):
        if self.value("plan"):
            tasks = tasks.filter(plan=self.value("plan"))
        if self.value("lead_unit"):
            tasks = tasks.filter(lead_unit=self.value("lead_unit"))
        return tasks


def editor_rows(submission: Submission, data=None) -> tuple[list, list]:
    """The figure and coordination rows of the editor: from what was posted (to re-show it
    after an error) or from the saved report, with one blank row to add to."""
    if data is not None:
        figures = [
            (data.get(f"figure_key_{i}", ""), data.get(f"figure_value_{i}", ""))
            for i in range(MAX_ITEMS)
            if data.get(f"figure_key_{i}") or data.get(f"figure_value_{i}")
        ]
        needs = [
            (data.get(f"need_description_{i}", ""), data.get(f"need_units_{i}", ""))
            for i in range(MAX_ITEMS)
            if data.get(f"need_description_{i}") or data.get(f"need_units_{i}")
        ]
    else:
        figures = list(submission.figures.items())
        needs = [
            (need.description, unit_names(need.units_asked.all()))
            for need in submission.coordination_needs.prefetch_related("units_asked")
        ]
    return figures + [("", "")], needs + [("", "")]
