from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.coordination.models import CoordinationMatter, Level, PolicySuggestion
from zhenxing.coordination.selectors import member_units
from zhenxing.lib.forms import DateInput
from zhenxing.lib.versions import VersionField
from zhenxing.orgs.forms import UnitChoiceField, UnitsField, UnitsForm
from zhenxing.policies.forms import TasksField
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task
from zhenxing.projects.forms import ProjectCodesField


def units_field(label, required=True):
    return UnitsField(label=label, queryset=member_units(), required=required)


class MemberUnitsForm(UnitsForm):
    def unit_choices(self):
        return member_units()


class MatterRaiseForm(MemberUnitsForm):
    title = forms.CharField(label=_("事项名称"), max_length=200)
    category = forms.ChoiceField(label=_("类别"), choices=CoordinationMatter.Category.choices)
    description = forms.CharField(
        label=_("事项内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("需要哪些单位支持什么、已做了哪些工作、希望何时解决。"),
    )
    proposed_units = units_field(_("建议协调单位"), required=False)
    tasks = TasksField(
        label=_("相关任务"),
        queryset=Task.objects.filter(plan__status=DivisionPlan.Status.PUBLISHED).select_related(
            "plan"
        ),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("已发布分工方案中的任务；按住 Ctrl 可多选。"),
    )
    projects = ProjectCodesField(label=_("相关项目"))
    response_due_date = forms.DateField(label=_("希望答复期限"), required=False, widget=DateInput)


class MatterRouteForm(MemberUnitsForm):
    units = units_field(_("协调单位"))
    due_date = forms.DateField(label=_("答复期限"), widget=DateInput)


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 4}))


class ConfirmForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("对答复的意见"),
        choices=[("yes", _("确认，问题已解决")), ("no", _("有异议"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EscalateForm(forms.Form):
    reason = forms.CharField(label=_("提级理由"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    resolution = forms.CharField(label=_("办结情况"), widget=forms.Textarea(attrs={"rows": 3}))


class MatterFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("open", _("未办结"))] + list(CoordinationMatter.Status.choices),
    )
    level = forms.ChoiceField(
        label=_("协调层级"), required=False, choices=[("", _("全部"))] + list(Level.choices)
    )
    category = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[("", _("全部"))] + list(CoordinationMatter.Category.choices),
    )

    def filter(self, matters):
        data = self.cleaned_data
        if data["q"]:
            matters = matters.filter(Q(title__icontains=data["q"]) | Q(code__icontains=data["q"]))
        if data["status"] == "open":
            matters = matters.open()
        elif data["status"]:
            matters = matters.filter(status=data["status"])
        if data["level"]:
            matters = matters.filter(level=data["level"])
        if data["category"]:
            matters = matters.filter(category=data["category"])
        return matters


class MeetingForm(MemberUnitsForm):
    title = forms.CharField(
        label=_("会议名称"), max_length=200, required=False, help_text=_("留空则按次序自动命名。")
    )
    held_on = forms.DateField(label=_("会议日期"), widget=DateInput)
    location = forms.CharField(label=_("地点"), max_length=120, required=False)
    convener = forms.CharField(label=_("召集人"), max_length=120)
    convener_unit = UnitChoiceField(label=_("召集人所在单位"), queryset=member_units())
    attending_units = units_field(_("参会单位"))


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("议题"), max_length=200)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 8}))
    version = VersionField()


class DecisionForm(MemberUnitsForm):
    text = forms.CharField(label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 3}))
    matter = forms.ModelChoiceField(
        label=_("对应协调事项"), queryset=CoordinationMatter.objects.none(), required=False
    )
    lead_unit = UnitChoiceField(label=_("牵头单位"), queryset=member_units())
    participating_units = units_field(_("参加单位"), required=False)
    due_date = forms.DateField(label=_("完成时限"), widget=DateInput)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["matter"].queryset = CoordinationMatter.objects.filter(
                agenda_items__meeting=meeting
            )


class AssignmentForm(MemberUnitsForm):
    title = forms.CharField(label=_("交办事项"), max_length=200)
    description = forms.CharField(
        label=_("交办内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    assigned_by = forms.CharField(label=_("交办领导"), max_length=120)
    assigned_on = forms.DateField(label=_("交办日期"), widget=DateInput)
    lead_unit = UnitChoiceField(label=_("牵头单位"), queryset=member_units())
    participating_units = units_field(_("参加单位"), required=False)
    due_date = forms.DateField(label=_("完成时限"), widget=DateInput)
    matter = forms.ModelChoiceField(
        label=_("来源协调事项"),
        queryset=CoordinationMatter.objects.awaiting_decision(Level.LEADING_GROUP),
        required=False,
        help_text=_("提交领导小组研究的协调事项，交办后视为已议定。"),
    )


class InstructionForm(MemberUnitsForm):
    leader = forms.CharField(label=_("批示领导"), max_length=120)
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 4}))
    issued_on = forms.DateField(label=_("批示日期"), widget=DateInput)
    response_due_date = forms.DateField(label=_("落实反馈期限"), required=False, widget=DateInput)
    units = units_field(_("落实单位"))


class InstructionResponseForm(forms.Form):
    response = forms.CharField(label=_("落实情况"), widget=forms.Textarea(attrs={"rows": 3}))


class SuggestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=PolicySuggestion.Kind.choices)
    title = forms.CharField(label=_("题目"), max_length=200)
    content = forms.CharField(label=_("主要内容"), widget=forms.Textarea(attrs={"rows": 6}))


class SuggestionDecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            (PolicySuggestion.Status.UNDER_STUDY, _("列入研究")),
            (PolicySuggestion.Status.ADOPTED, _("已采纳")),
            (PolicySuggestion.Status.DECLINED, _("不予采纳")),
        ],
    )
    adopted_in = forms.ModelChoiceField(
        label=_("采纳文件"), queryset=PolicyDocument.objects.all(), required=False
    )
    reason = forms.CharField(
        label=_("处理意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
