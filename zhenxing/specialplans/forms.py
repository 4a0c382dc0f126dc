"""Forms of special plans: the list filter, the plan form of the secretariat, a form per part
(site, agreement, disaster, reconstruction project) and per figure (a site's year, a yearly
payment, a project's progress). Money is typed in 万元 and cleaned to yuan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.funds.models import Allocation
from zhenxing.indicators.models import Indicator
from zhenxing.lib.forms import DateInput
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs.forms import UnitChoiceField
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import DivisionPlan
from zhenxing.programmes.models import Designation
from zhenxing.projects.forms import ProjectCodesField, WanField, region_choices
from zhenxing.specialplans.models import Disaster, SpecialPlan

NORTHEAST = r"^(15|21|22|23)"


def northeast_regions():
    return Region.objects.filter(code__regex=NORTHEAST).exclude(level=Region.Level.COUNTY)


class RegionsField(forms.ModelMultipleChoiceField):
    """Northeast provinces and prefectures, several at once."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(queryset=northeast_regions().order_by("code"), **kwargs)


class PlanFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", _("全部类型"))] + list(SpecialPlan.Kind.choices),
    )
    region = forms.ChoiceField(label=_("地区"), required=False)
    region_kind = forms.ChoiceField(
        label=_("区域类型"),
        required=False,
        choices=[("", _("全部区域类型"))] + list(Designation.Kind.choices),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态"))] + list(SpecialPlan.Status.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()


class SpecialPlanForm(forms.ModelForm):
    responsible_unit = UnitChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    regions = RegionsField(label=_("涉及地区"))
    project_codes = ProjectCodesField(label=_("项目"))

    class Meta:
        model = SpecialPlan
        fields = [
            "title",
            "kind",
            "status",
            "document_title",
            "document_number",
            "approved_on",
            "first_year",
            "last_year",
            "responsible_unit",
            "regions",
            "summary",
            "division_plan",
            "allocations",
            "indicators",
        ]
        widgets = {"approved_on": DateInput, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, mechanism=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.current().order_by("code")
        self.fields["division_plan"].queryset = within_mechanism(
            DivisionPlan.objects.all(), mechanism
        ).order_by("-pk")
        self.fields["allocations"].queryset = within_mechanism(
            Allocation.objects.select_related("programme", "region"), mechanism
        )
        self.fields["allocations"].required = False
        self.fields["indicators"].queryset = Indicator.objects.order_by("code")
        self.fields["indicators"].required = False
        if self.instance.pk:
            self.initial["project_codes"] = " ".join(
                self.instance.projects.values_list("national_code", flat=True)
            )

    def values(self) -> dict:
        """The cleaned values for the service: the projects by their codes."""
        values = dict(self.cleaned_data)
        values["projects"] = values.pop("project_codes")
        return values


class RelocationSiteForm(forms.Form):
    name = forms.CharField(label=_("安置点"), max_length=120)
    region = forms.ModelChoiceField(label=_("所在地区"), queryset=Region.objects.none())
    households_planned = forms.IntegerField(label=_("计划搬迁户数"), min_value=0)
    people_planned = forms.IntegerField(label=_("计划搬迁人数"), min_value=0)
    funds_planned = WanField(label=_("计划投资（万元）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(code__regex=NORTHEAST).order_by(
            "code"
        )


class CompensationAgreementForm(forms.Form):
    name = forms.CharField(label=_("协议名称"), max_length=200)
    payer_region = forms.ModelChoiceField(label=_("补偿方"), queryset=Region.objects.none())
    receiver_region = forms.ModelChoiceField(label=_("受偿方"), queryset=Region.objects.none())
    basis = forms.CharField(label=_("补偿依据"), widget=forms.Textarea(attrs={"rows": 3}))
    annual_amount = WanField(label=_("年度补偿金额（万元）"))
    first_year = forms.IntegerField(label=_("起始年份"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("截止年份"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("payer_region", "receiver_region"):
            self.fields[name].queryset = northeast_regions().order_by("code")


class DisasterForm(forms.Form):
    name = forms.CharField(label=_("灾害名称"), max_length=200)
    kind = forms.ChoiceField(label=_("灾害类型"), choices=Disaster.Kind.choices)
    began_on = forms.DateField(label=_("发生日期"), widget=DateInput)
    affected_regions = RegionsField(label=_("受灾地区"))
    direct_loss = WanField(label=_("直接经济损失（万元）"), required=False)


class ReconstructionProjectForm(forms.Form):
    project = ProjectCodesField(label=_("项目代码"), many=False, required=True)
    funds = WanField(label=_("重建资金（万元）"))


class RelocationFigureForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    households_moved = forms.IntegerField(label=_("搬迁户数"), min_value=0)
    people_moved = forms.IntegerField(label=_("搬迁人数"), min_value=0)
    homes_built = forms.IntegerField(label=_("建成安置住房（套）"), min_value=0)
    people_employed = forms.IntegerField(label=_("实现就业人数"), min_value=0)
    funds_spent = WanField(label=_("完成投资（万元）"))
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompensationPaymentForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    amount = WanField(label=_("拨付金额（万元）"))
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReconstructionProgressForm(forms.Form):
    share_complete = forms.DecimalField(
        label=_("完成进度（%）"), min_value=0, max_value=100, max_digits=4, decimal_places=1
    )
    as_of = forms.DateField(label=_("截至日期"), widget=DateInput)
    note = forms.CharField(
        label=_("进展说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
