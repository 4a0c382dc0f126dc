from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.enterprises.models import BenefitPolicy, Enterprise
from zhenxing.enterprises.services import ENTERPRISE_FIELDS, POLICY_FIELDS
from zhenxing.lib.forms import DateInput
from zhenxing.lib.money import WAN, to_yuan
from zhenxing.orgs import access
from zhenxing.orgs.forms import UnitChoiceField
from zhenxing.orgs.models import Region, Unit
from zhenxing.projects.models import Industry


class EnterpriseForm(forms.ModelForm):
    """An enterprise's particulars; a unit person registers enterprises of their own unit."""

    contact_unit = UnitChoiceField(label=_("联系部门"), queryset=Unit.objects.none())

    class Meta:
        model = Enterprise
        fields = list(ENTERPRISE_FIELDS)

    def __init__(self, *args, user, mechanism=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(valid_to__isnull=True).order_by("sort_order", "id")
        unit = access.acting_unit(user)
        if unit is not None:
            units = units.filter(Q(pk=unit.pk) | Q(parent=unit))
        self.fields["contact_unit"].queryset = units
        self.fields["region"].queryset = Region.objects.order_by("code")
        # The uniqueness check needs the mechanism, which the form does not edit.
        if mechanism is not None and self.instance.mechanism_id is None:
            self.instance.mechanism = mechanism

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("企业名称或代码"), required=False)
    industry = forms.ChoiceField(
        label=_("行业"), choices=[("", _("全部"))] + Industry.choices, required=False
    )
    size = forms.ChoiceField(
        label=_("企业规模"), choices=[("", _("全部"))] + Enterprise.Size.choices, required=False
    )
    contact_unit = UnitChoiceField(
        label=_("联系部门"),
        queryset=Unit.objects.filter(key_enterprises__isnull=False).distinct(),
        required=False,
    )

    def filter(self, enterprises):
        data = self.cleaned_data
        if data["q"]:
            enterprises = enterprises.filter(
                Q(name__icontains=data["q"]) | Q(credit_code__icontains=data["q"])
            )
        if data["industry"]:
            enterprises = enterprises.filter(industry=data["industry"])
        if data["size"]:
            enterprises = enterprises.filter(size=data["size"])
        if data["contact_unit"]:
            enterprises = enterprises.filter(contact_unit=data["contact_unit"])
        return enterprises


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else value


class FigureForm(forms.Form):
    month = forms.DateField(label=_("月份"), input_formats=["%Y-%m"], widget=MonthInput)
    output_value = forms.DecimalField(
        label=_("产值（万元）"), min_value=0, max_digits=14, decimal_places=2
    )
    revenue = forms.DecimalField(
        label=_("营业收入（万元）"), min_value=0, max_digits=14, decimal_places=2
    )
    orders = forms.DecimalField(
        label=_("订单（万元）"), min_value=0, max_digits=14, decimal_places=2
    )
    employment = forms.IntegerField(label=_("用工人数"), min_value=0)


class DifficultyForm(forms.Form):
    title = forms.CharField(label=_("诉求事项"), max_length=200)
    description = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 5}))


class RouteForm(forms.Form):
    unit = UnitChoiceField(
        label=_("责任单位"),
        queryset=Unit.objects.filter(valid_to__isnull=True).order_by("sort_order"),
    )
    due_date = forms.DateField(label=_("答复期限"), required=False, widget=DateInput)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(forms.Form):
    resolution = forms.CharField(label=_("办结情况"), widget=forms.Textarea(attrs={"rows": 3}))


class EscalateForm(forms.Form):
    reason = forms.CharField(label=_("提交协调理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("企业月度运行数据表"),
        help_text=_(
            "Excel 或 CSV：每行一家企业一个月，表头如模板；金额单位可写在表头中，如“产值（亿元）”"
        ),
    )


class BenefitPolicyForm(forms.ModelForm):
    """A 免申即享 policy: its document, what it gives, and the criteria that propose enterprises."""

    issuing_unit = UnitChoiceField(
        label=_("发布单位"),
        queryset=Unit.objects.filter(valid_to__isnull=True).order_by("sort_order", "id"),
    )
    industries = forms.MultipleChoiceField(
        label=_("适用行业"),
        choices=Industry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示不限"),
    )
    sizes = forms.MultipleChoiceField(
        label=_("适用企业规模"),
        choices=Enterprise.Size.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示不限"),
    )

    class Meta:
        model = BenefitPolicy
        fields = list(POLICY_FIELDS)
        widgets = {
            "announced_on": DateInput,
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "amount_rule": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("code")


class IdentifyForm(forms.Form):
    enterprises = forms.ModelMultipleChoiceField(
        label=_("符合条件的企业"),
        queryset=Enterprise.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, proposed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprises"].queryset = proposed


class NotifyForm(forms.Form):
    notified_on = forms.DateField(label=_("告知日期"), widget=DateInput)


class GrantForm(forms.Form):
    amount = forms.DecimalField(
        label=_("兑现金额（万元）"), min_value=0, max_digits=12, decimal_places=4
    )
    granted_on = forms.DateField(label=_("兑现日期"), widget=DateInput)

    def clean_amount(self):
        return to_yuan(self.cleaned_data["amount"], WAN)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("未兑现原因"), widget=forms.Textarea(attrs={"rows": 2}))
