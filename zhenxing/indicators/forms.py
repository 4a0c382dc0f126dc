"""Forms of the results side; each checks what a person typed and says what is wrong."""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.indicators.cascade import Share
from zhenxing.indicators.models import AnalysisNote, Indicator, Observation, Target
from zhenxing.indicators.periods import observation_period
from zhenxing.indicators.selectors import plain
from zhenxing.orgs.models import Region
from zhenxing.policies.models import DivisionPlan


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return region.name


def region_field(**options) -> RegionChoiceField:
    return RegionChoiceField(
        queryset=Region.objects.order_by("code"),
        required=False,
        empty_label=_("全国"),
        label=_("地区"),
        **options,
    )


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "english_name",
            "unit",
            "measure",
            "frequency",
            "direction",
            "definition",
            "source",
            "keywords",
            "position",
            "is_active",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}


class PeriodField(forms.CharField):
    """A period label: 2026、2026Q3、2026H1、2026-09 or 2026-01/2026-09."""

    def clean(self, value):
        value = super().clean(value)
        try:
            label, _start, _end = observation_period(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return label


class ObservationForm(forms.Form):
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.filter(is_active=True), label=_("指标")
    )
    region = region_field()
    period = PeriodField(
        label=_("期间"),
        max_length=20,
        help_text=_("如 2026、2026Q3、2026-09、2026-01/2026-09（1—9月累计）"),
    )
    value = forms.DecimalField(label=_("数值"), max_digits=20, decimal_places=4)
    vintage = forms.ChoiceField(choices=Observation.Vintage.choices, label=_("数据版本"))
    source_kind = forms.ChoiceField(
        choices=Observation.SourceKind.choices,
        label=_("来源类型"),
        initial=Observation.SourceKind.MANUAL,
    )
    source_reference = forms.CharField(label=_("来源"), max_length=300, required=False)
    source_url = forms.URLField(
        label=_("来源链接"), max_length=500, required=False, assume_scheme="https"
    )
    source_sentence = forms.CharField(
        label=_("原文语句"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class StatisticsImportForm(forms.Form):
    MODES = [
        ("all_or_nothing", _("全部正确才导入（有错误行则整表不导入）")),
        ("valid_rows", _("导入正确的行，列出错误行")),
    ]
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.filter(is_active=True), label=_("指标")
    )
    file = forms.FileField(
        label=_("统计表"),
        help_text=_("Excel 或 CSV：地区为行、期间为列，可带标题行、单位行和注释行"),
    )
    vintage = forms.ChoiceField(choices=Observation.Vintage.choices, label=_("数据版本"))
    mode = forms.ChoiceField(
        choices=MODES, initial="all_or_nothing", label=_("导入方式"), widget=forms.RadioSelect
    )
    to_period_values = forms.BooleanField(
        required=False,
        label=_("将年内累计值换算为当期值"),
        help_text=_("仅用于总量、数量类指标：如 1—3月、1—6月 累计值换算为一季度、二季度当季值"),
    )


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.filter(is_active=True), label=_("指标")
    )
    region = region_field()
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("目标值"), max_digits=20, decimal_places=4)
    comparison = forms.ChoiceField(choices=Target.Comparison.choices, label=_("表述"))
    milestones = forms.CharField(
        label=_("目标进度"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "每行一个期间和进度值，如 2026-01/2026-06 = 5.5；留空则增速类目标各期按年度目标衡量"
        ),
    )
    source_text = forms.CharField(label=_("依据"), max_length=500, required=False)

    def clean_milestones(self):
        milestones = {}
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            period, separator, value = line.replace("＝", "=").partition("=")
            try:
                if not separator:
                    raise ValueError(_("应写作“期间 = 数值”"))
                label, _start, _end = observation_period(period)
                milestones[label] = Decimal(value.strip())
            except (ValueError, InvalidOperation) as error:
                raise forms.ValidationError(
                    _("第 %(number)s 行：%(error)s")
                    % {"number": number, "error": error or _("数值无效")}
                ) from None
        return milestones

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        for label in cleaned.get("milestones") or {}:
            if year and observation_period(label)[1].year != year:
                self.add_error(
                    "milestones", _("进度期间 %(period)s 不在目标年度内。") % {"period": label}
                )
        return cleaned


class ProposeTargetsForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=DivisionPlan.objects.all(), label=_("分工方案"))
    region = region_field()
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, initial=lambda: datetime.date.today().year
    )


class AnalysisNoteForm(forms.ModelForm):
    class Meta:
        model = AnalysisNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class FigureExtractForm(forms.Form):
    """Pasted text or an uploaded file to read figures from; nothing is stored."""

    text = forms.CharField(
        label=_("粘贴正文"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(
        label=_("或上传文件"),
        required=False,
        error_messages={"empty": _("上传的文件是空的。")},
        help_text=_("支持 .txt、.docx、文字版 .pdf 和 .html，不超过 20 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf,.html,.htm"}),
    )
    include_off_topic = forms.BooleanField(
        label=_("同时列出页面中无关文章的数据（标为“无关”）"), required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("请粘贴正文或上传文件。"))
        return data


class FigureRecordForm(forms.Form):
    """One extracted figure, as the figures page lists it, to record against an indicator."""

    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.filter(is_active=True), label=_("指标")
    )
    value = forms.DecimalField(max_digits=30, decimal_places=6)
    unit = forms.CharField(max_length=40)
    region = forms.CharField(max_length=60, required=False)
    period = forms.CharField(max_length=30, required=False)
    sentence = forms.CharField(max_length=2000)
    quantity = forms.CharField(max_length=100)


class TargetSplitForm(forms.Form):
    """A target's split: one value (and, for rates, one weight) per region below it; a region
    left blank gets no share. The service checks the whole split and says what is wrong."""

    allow_gap = forms.BooleanField(
        label=_("允许差额"),
        required=False,
        help_text=_("分解合计与目标不一致时仍保存，差额在目标分解表中显示"),
    )

    def __init__(self, *args, target: Target, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        existing = {child.region_id: child for child in target.children.all()}
        # the regions already given a share first, then the others by code
        self.regions = sorted(regions, key=lambda region: (region.pk not in existing, region.code))
        for region in self.regions:
            share = existing.get(region.pk)
            self.fields[f"value_{region.code}"] = forms.DecimalField(
                label=region.name,
                required=False,
                max_digits=20,
                decimal_places=4,
                initial=plain(share.value) if share else None,
            )
            self.fields[f"weight_{region.code}"] = forms.DecimalField(
                label=_("%(region)s的权数") % {"region": region.name},
                required=False,
                max_digits=20,
                decimal_places=4,
                initial=plain(share.weight) if share and share.weight is not None else None,
            )

    def rows(self):
        """(region, value field, weight field) for the page's table."""
        return [
            (region, self[f"value_{region.code}"], self[f"weight_{region.code}"])
            for region in self.regions
        ]

    def shares(self):
        shares = []
        for region in self.regions:
            value = self.cleaned_data.get(f"value_{region.code}")
            weight = self.cleaned_data.get(f"weight_{region.code}")
            if value is None:
                if weight is not None:
                    self.add_error(f"value_{region.code}", _("填写了权数，请同时填写分解值。"))
                continue
            shares.append(Share(region=region, value=value, weight=weight))
        return shares
