from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.inspections.models import Finding
from zhenxing.lib.forms import DateInput, MultipleFileField
from zhenxing.lib.versions import VersionField
from zhenxing.orgs.forms import UnitChoiceField, UnitsField, UnitsForm
from zhenxing.orgs.models import Region, Role, Unit, User
from zhenxing.policies.forms import TaskChoiceField, TasksField
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task
from zhenxing.projects.forms import ProjectCodesField


def inspected_units():
    """Units an inspection may look at: current units below the leading group."""
    return (
        Unit.objects.current()
        .exclude(kind=Unit.Kind.LEADING_GROUP)
        .select_related("parent")
        .order_by("sort_order", "full_name")
    )


class PersonField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj}（{obj.unit.display_name if obj.unit_id else ''}）"


def published_tasks():
    return Task.objects.filter(plan__status=DivisionPlan.Status.PUBLISHED).order_by(
        "plan", "position"
    )


class InspectionUnitsForm(UnitsForm):
    def unit_choices(self):
        return inspected_units()


class InspectionForm(InspectionUnitsForm):
    title = forms.CharField(label=_("督查名称"), max_length=200)
    basis = forms.CharField(
        label=_("督查依据和内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    period_start = forms.DateField(label=_("督查期间开始"), widget=DateInput)
    period_end = forms.DateField(label=_("督查期间结束"), widget=DateInput)
    team_leader = forms.ModelChoiceField(
        label=_("督查组组长"),
        queryset=User.objects.filter(role=Role.INSPECTOR, is_active=True),
        required=False,
    )
    team = PersonField(
        label=_("督查组成员"),
        queryset=User.objects.filter(role=Role.INSPECTOR, is_active=True).select_related("unit"),
        required=False,
    )
    scope_units = UnitsField(label=_("督查单位"), queryset=Unit.objects.none(), required=False)
    scope_regions = forms.ModelMultipleChoiceField(
        label=_("督查地区"),
        queryset=Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.PREFECTURE]),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    scope_policies = forms.ModelMultipleChoiceField(
        label=_("督查政策"),
        queryset=PolicyDocument.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    scope_projects = ProjectCodesField(label=_("督查项目"))
    scope_tasks = TasksField(
        label=_("督查任务"),
        queryset=published_tasks(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("督查期间结束不能早于开始。"))
        return data


class FindingForm(InspectionUnitsForm):
    unit = UnitChoiceField(
        label=_("被督查单位"), queryset=Unit.objects.none(), label_by="full_name"
    )
    title = forms.CharField(label=_("问题"), max_length=200)
    description = forms.CharField(
        label=_("问题描述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    severity = forms.ChoiceField(label=_("严重程度"), choices=Finding.Severity.choices)
    task = TaskChoiceField(label=_("涉及任务"), queryset=published_tasks(), required=False)
    policy_document = forms.ModelChoiceField(
        label=_("涉及政策"), queryset=PolicyDocument.objects.all(), required=False
    )
    project = ProjectCodesField(label=_("涉及项目"), many=False)
    region = forms.ModelChoiceField(
        label=_("涉及地区"),
        queryset=Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.PREFECTURE]),
        required=False,
    )
    measures = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_unit = UnitChoiceField(
        label=_("责任单位"),
        queryset=Unit.objects.none(),
        label_by="full_name",
        required=False,
        help_text=_("留空则由被督查单位负责整改。"),
    )
    due_date = forms.DateField(label=_("整改时限"), widget=DateInput)


class RectificationForm(InspectionUnitsForm):
    measures = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_unit = UnitChoiceField(
        label=_("责任单位"), queryset=Unit.objects.none(), label_by="full_name"
    )
    due_date = forms.DateField(label=_("整改时限"), widget=DateInput)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}))
    completed = forms.BooleanField(label=_("已完成整改，提请核查销号"), required=False)
    attachments = MultipleFileField(
        label=_("佐证材料"),
        required=False,
        help_text=_(
            "可选多个文件：PDF、Word(.docx)、Excel(.xlsx)、图片(jpg/png) 或文本，每个不超过 10 MB。"
        ),
    )

    def attachment_contents(self) -> list[tuple[str, bytes]]:
        return [(upload.name, upload.read()) for upload in self.cleaned_data["attachments"]]


class VerifyForm(forms.Form):
    close = forms.TypedChoiceField(
        label=_("核查结论"),
        choices=[("yes", _("核查通过，予以销号")), ("no", _("核查未通过，重新整改"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("核查意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_due_date = forms.DateField(
        label=_("新的整改时限"),
        required=False,
        widget=DateInput,
        help_text=_("重新整改时可调整。"),
    )


class CircularForm(forms.Form):
    title = forms.CharField(label=_("通报标题"), max_length=200)
    # 0 while the campaign has no circular yet: someone else's first draft is then a conflict.
    version = VersionField(min_value=0)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    issuer = forms.CharField(label=_("发文机关"), max_length=120, required=False)
    introduction = forms.CharField(
        label=_("总体情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("问题数量和整改进度由系统按问题清单生成，此处补充说明。"),
    )
    conclusion = forms.CharField(
        label=_("下一步要求"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
