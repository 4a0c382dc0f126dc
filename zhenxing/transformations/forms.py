"""Forms of the transformation evaluation: open a year, upload values, a city's values."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.transformations.models import EvaluationIndicator


class EvaluationCreateForm(forms.Form):
    year = forms.IntegerField(label=_("评价年度"), min_value=2000, max_value=2100)


class ValuesImportForm(forms.Form):
    file = forms.FileField(
        label=_("数值表（.xlsx、.xls 或 .csv）"),
        help_text=_("第一行为指标名称或代码，第一列为城市名称或行政区划代码。"),
    )


class CityValuesForm(forms.Form):
    """One field per indicator of the set, named by its code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in EvaluationIndicator.objects.all():
            self.fields[indicator.code] = forms.DecimalField(
                label=f"{indicator.name}（{indicator.unit}）" if indicator.unit else indicator.name,
                required=False,
                max_digits=16,
                decimal_places=4,
            )
