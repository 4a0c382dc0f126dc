"""Forms of central funds: the list filter and the disbursement report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.funds.models import FundProgramme
from zhenxing.lib.forms import DateInput


class AllocationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("资金类型"),
        required=False,
        choices=[("", _("全部类型"))] + list(FundProgramme.Kind.choices),
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    slow = forms.BooleanField(label=_("仅看支出偏慢"), required=False)


class DisbursementForm(forms.Form):
    as_of = forms.DateField(label=_("截至日期"), widget=DateInput)
    disbursed = forms.DecimalField(
        label=_("累计支出（万元）"), min_value=0, max_digits=12, decimal_places=2
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
