import re

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.inspections.models import Finding
from zhenxing.lib.versions import VersionField
from zhenxing.orgs.models import Region, Role, Unit, User
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task
from zhenxing.projects.models import Project


class ProjectCodesField(forms.CharField):
    """Projects written by their national codes (24 characters), separated by spaces or commas;
    the project library is too large for a list to pick from."""

    def __init__(self, *, many=True, **kwargs):
        self.many = many
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault(
            "help_text", _("填写项目代码，如 2017-110105-65-03-012345；多个以空格分隔。")
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value) or ""
        codes = [code for code in re.split(r"[\s,，、;；]+", text) if code]
        if not self.many and len(codes) > 1:
            raise forms.ValidationError(_("只能填写一个项目代码。"))
        found = {p.national_code: p for p in Project.objects.filter(national_code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                _("项目库中没有这些项目：%(codes)s") % {"codes": "、".join(missing)}
            )
        projects = [found[code] for code in dict.fromkeys(codes)]
        return projects if self.many else (projects[0] if projects else None)


class DateInput(forms.DateInput):
    input_type = "date"


def inspected_units():
    """Units an inspection may look at: current units below the leading group."""
    return (
        Unit.objects.current()
        .exclude(kind=Unit.Kind.LEADING_GROUP)
        .select_related("parent")
        .order_by("sort_order", "full_name")
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class UnitsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.display_name


class PersonField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj}（{obj.unit.display_name if obj.unit_id else ''}）"


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title[:50]}"


class TasksField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title[:50]}"


def published_tasks():
    return Task.objects.filter(plan__status=DivisionPlan.Status.PUBLISHED).order_by(
        "plan", "position"
    )


class UnitsForm(forms.Form):
    """Unit choices are read per form, so units set up or dissolved today count."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, UnitChoiceField | UnitsField):
                form_field.queryset = inspected_units()


class InspectionForm(UnitsForm):
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


class FindingForm(UnitsForm):
    unit = UnitChoiceField(label=_("被督查单位"), queryset=Unit.objects.none())
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
        required=False,
        help_text=_("留空则由被督查单位负责整改。"),
    )
    due_date = forms.DateField(label=_("整改时限"), widget=DateInput)


class RectificationForm(UnitsForm):
    measures = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_unit = UnitChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    due_date = forms.DateField(label=_("整改时限"), widget=DateInput)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files if file]


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
