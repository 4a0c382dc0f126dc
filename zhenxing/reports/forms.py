from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.policies.models import DivisionPlan
from zhenxing.reports.models import Report
from zhenxing.rounds.models import ReportingRound


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Report.Kind.choices)
    period_label = forms.CharField(
        label=_("期间"),
        required=False,
        max_length=20,
        help_text=_("例：2026Q3（季度）、2026H1（半年）、2026（年度）"),
    )
    plan = forms.ModelChoiceField(
        label=_("分工方案"),
        required=False,
        queryset=DivisionPlan.objects.filter(status=DivisionPlan.Status.PUBLISHED),
        empty_label=_("全部已发布方案"),
    )
    round = forms.ModelChoiceField(
        label=_("调度（通报用）"),
        required=False,
        queryset=ReportingRound.objects.all(),
        empty_label=_("—"),
    )
    unaccepted = forms.ChoiceField(
        label=_("无已采用报告的任务"),
        choices=Report.Unaccepted.choices,
        initial=Report.Unaccepted.NOTE,
        required=False,
        help_text=_("进展情况报告中，本期尚无已采用进展报告的任务如何写。"),
    )
