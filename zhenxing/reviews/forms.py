from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from zhenxing.coordination.models import CoordinationMatter
from zhenxing.inspections.models import Finding
from zhenxing.lib.forms import DateInput
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs.models import BUSINESS_ROLES, Role, Unit, User
from zhenxing.policies.models import DivisionPlan, PolicyDocument
from zhenxing.reviews.models import Review, UpwardItem


class MemberField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = user.display_name or user.username
        return f"{name}（{user.unit.display_name}）" if user.unit_id else name


class ReviewForm(forms.Form):
    subject = forms.ChoiceField(label=_("审议对象"), choices=Review.Subject.choices)
    title = forms.CharField(
        label=_("审议事项"),
        max_length=300,
        required=False,
        help_text=_("留空时取所选方案或文件的标题。"),
    )
    plan = forms.ModelChoiceField(
        label=_("分工方案"), queryset=DivisionPlan.objects.none(), required=False
    )
    document = forms.ModelChoiceField(
        label=_("政策文件"), queryset=PolicyDocument.objects.none(), required=False
    )
    materials = forms.CharField(label=_("审议材料"), widget=forms.Textarea, required=False)
    meeting = forms.CharField(label=_("审议会议"), max_length=200)
    meeting_on = forms.DateField(label=_("会议日期"), widget=DateInput)
    members = MemberField(
        label=_("请审议的成员"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, mechanism=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = within_mechanism(DivisionPlan.objects.all(), mechanism)
        self.fields["document"].queryset = within_mechanism(PolicyDocument.objects.all(), mechanism)
        # Mostly leading-group members; anyone else with a business role may be named too.
        self.fields["members"].queryset = (
            User.objects.filter(is_active=True, role__in=BUSINESS_ROLES)
            .exclude(role=Role.SECRETARIAT_OFFICER)
            .select_related("unit")
            .order_by(
                Case(When(role=Role.LEADING_GROUP_READER, then=0), default=1),
                "unit__sort_order",
                "display_name",
            )
        )

    def clean(self):
        cleaned = super().clean()
        subject = cleaned.get("subject")
        if subject == Review.Subject.DIVISION_PLAN and not cleaned.get("plan"):
            self.add_error("plan", _("审议分工方案须选择方案。"))
        if subject == Review.Subject.POLICY and not cleaned.get("document"):
            self.add_error("document", _("审议政策文件须选择文件。"))
        if subject == Review.Subject.REPORT and not cleaned.get("title"):
            self.add_error("title", _("审议报告须填写报告标题。"))
        return cleaned


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("审议意见"), widget=forms.Textarea)


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("审议决定"),
        choices=[
            (value, label) for value, label in Review.Status.choices if value in Review.DECISIONS
        ],
    )
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea)
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput)


class TurnIntoTaskForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("分工方案"), queryset=DivisionPlan.objects.none())
    title = forms.CharField(label=_("重点任务"), max_length=300)
    lead_unit = forms.ModelChoiceField(
        label=_("牵头单位"), queryset=Unit.objects.filter(parent__isnull=True)
    )
    due_date = forms.DateField(label=_("截止日期"), widget=DateInput)

    def __init__(self, *args, mechanism=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = within_mechanism(DivisionPlan.objects.all(), mechanism)


class UpwardItemForm(forms.Form):
    source = forms.ChoiceField(label=_("事项来源"), choices=UpwardItem.Source.choices)
    review = forms.ModelChoiceField(
        label=_("审议事项"), queryset=Review.objects.none(), required=False
    )
    matter = forms.ModelChoiceField(
        label=_("协调事项"), queryset=CoordinationMatter.objects.none(), required=False
    )
    finding = forms.ModelChoiceField(
        label=_("督查发现问题"), queryset=Finding.objects.none(), required=False
    )
    title = forms.CharField(
        label=_("事项"), max_length=300, required=False, help_text=_("留空时取所选对象的名称。")
    )
    summary = forms.CharField(label=_("报告内容"), widget=forms.Textarea, required=False)
    occurred_on = forms.DateField(label=_("事项日期"), widget=DateInput, required=False)

    def __init__(self, *args, mechanism=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = within_mechanism(
            Review.objects.exclude(status=Review.Status.AWAITING), mechanism
        )
        self.fields["matter"].queryset = within_mechanism(
            CoordinationMatter.objects.all(), mechanism
        )
        self.fields["finding"].queryset = within_mechanism(
            Finding.objects.select_related("unit"), mechanism, "inspection__mechanism"
        )

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        field = {"review": "review", "matter": "matter", "finding": "finding"}.get(source)
        if field and not cleaned.get(field):
            self.add_error(field, _("请选择要报告的对象。"))
        if source == UpwardItem.Source.FREE_TEXT and not (
            cleaned.get("title") and cleaned.get("summary")
        ):
            self.add_error("summary", _("其他事项须填写事项和报告内容。"))
        for name in ("review", "matter", "finding"):
            if name != field:
                cleaned[name] = None
        return cleaned
