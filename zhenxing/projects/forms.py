"""Forms of the project library. Money is typed in 万元 (as users write it) and stored in yuan."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenxing.lib.forms import DateInput
from zhenxing.lib.money import WAN, in_unit, to_yuan
from zhenxing.lib.versions import add_version_field
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import Task
from zhenxing.programmes.models import Designation
from zhenxing.projects.codes import CodeError, RegionDirectory, parse_national_code
from zhenxing.projects.importing.columns import MONEY_FIELDS, MONEY_UNIT_CHOICES, field_choices
from zhenxing.projects.models import (
    FundingSource,
    ImportJob,
    Industry,
    Project,
    SignedProject,
    SigningEvent,
    funding_flags,
    funding_sources_from_flags,
)
from zhenxing.projects.selectors import NORTHEAST_PROVINCES, SORTS

MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def region_choices(*, counties: bool = False) -> list:
    """Provinces and prefectures of the Northeast (and counties), grouped by province."""
    regions = Region.objects.filter(code__regex=r"^(15|21|22|23)").order_by("code")
    if not counties:
        regions = regions.exclude(level=Region.Level.COUNTY)
    groups: dict[str, list] = {}
    for region in regions.values("code", "name", "level"):
        province = region["code"][:2] + "0000"
        indent = {"province": "", "prefecture": "　", "county": "　　"}[region["level"]]
        groups.setdefault(province, []).append((region["code"], indent + region["name"]))
    return [("", _("全部地区"))] + [
        option for code in NORTHEAST_PROVINCES for option in groups.get(code, [])
    ]


def this_month() -> str:
    today = timezone.localdate()
    return f"{today.year}-{today.month:02d}"


class MonthField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", _("例：2026-10"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not MONTH.fullmatch(value):
            raise ValidationError(_("报告期应为“年-月”，例：2026-10。"))
        return value


class WanField(forms.DecimalField):
    """An amount typed in 万元, cleaned to yuan."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else to_yuan(amount, WAN)


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("代码或名称"), required=False, max_length=60)
    region = forms.ChoiceField(label=_("地区"), required=False)
    industry = forms.ChoiceField(
        label=_("行业"), required=False, choices=[("", _("全部行业"))] + list(Industry.choices)
    )
    stage = forms.ChoiceField(
        label=_("阶段"), required=False, choices=[("", _("全部阶段"))] + list(Project.Stage.choices)
    )
    region_type = forms.ChoiceField(
        label=_("区域类型"),
        required=False,
        choices=[("", _("全部类型"))] + list(Designation.Kind.choices),
    )
    funding_source = forms.ChoiceField(
        label=_("资金来源"),
        required=False,
        choices=[("", _("全部来源"))] + list(FundingSource.choices),
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("责任单位"), required=False, queryset=Unit.objects.none(), empty_label=_("全部单位")
    )
    signing_event = forms.ModelChoiceField(
        label=_("签约活动"),
        required=False,
        queryset=SigningEvent.objects.all(),
        empty_label=_("全部活动"),
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("-investment", _("总投资从高到低")),
            ("investment", _("总投资从低到高")),
            ("-completed", _("本年完成投资从高到低")),
            ("code", _("项目代码")),
            ("-updated", _("最近更新")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices  # read when drawn or checked
        self.fields["responsible_unit"].queryset = Unit.objects.current().filter(
            kind__in=[
                Unit.Kind.PROVINCIAL_GOVERNMENT,
                Unit.Kind.CITY_GOVERNMENT,
                Unit.Kind.COUNTY_GOVERNMENT,
                Unit.Kind.LOCAL_DEPARTMENT,
            ]
        )

    def clean_sort(self):
        return self.cleaned_data["sort"] if self.cleaned_data["sort"] in SORTS else ""


class ProjectForm(forms.ModelForm):
    """A project's particulars; money in 万元."""

    total_investment_wan = WanField(label=_("总投资（万元）"))
    annual_planned_investment_wan = WanField(label=_("年度计划投资（万元）"), required=False)
    investment_completed_this_year_wan = WanField(label=_("本年完成投资（万元）"), required=False)
    investment_completed_total_wan = WanField(label=_("累计完成投资（万元）"), required=False)
    funding = forms.MultipleChoiceField(
        label=_("资金来源"),
        required=False,
        choices=FundingSource.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    tasks = forms.ModelMultipleChoiceField(
        label=_("关联任务"), required=False, queryset=Task.objects.none()
    )

    class Meta:
        model = Project
        fields = [
            "national_code",
            "name",
            "owner",
            "region",
            "industry",
            "stage",
            "planned_start",
            "actual_start",
            "planned_completion",
            "actual_completion",
            "responsible_unit",
            "responsible_leader",
            "signing_event",
        ]
        widgets = {
            name: DateInput
            for name in ("planned_start", "actual_start", "planned_completion", "actual_completion")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(
            code__regex=r"^(15|21|22|23)"
        ).order_by("code")
        self.fields["responsible_unit"].queryset = Unit.objects.current()
        self.fields["tasks"].queryset = Task.objects.select_related("plan").order_by(
            "plan", "position"
        )
        if self.instance.pk:
            self.fields["national_code"].disabled = True
            for key in MONEY_FIELDS:
                self.initial[f"{key}_wan"] = in_unit(getattr(self.instance, key), WAN, 4)
            self.initial["funding"] = [s.value for s in self.instance.funding_source_list]
            self.initial["tasks"] = list(self.instance.tasks.values_list("pk", flat=True))
        add_version_field(self)
        self.fields["industry"].required = False
        self.fields["industry"].help_text = _("留空时按项目代码的行业代码确定。")

    def clean_national_code(self):
        code = self.cleaned_data["national_code"]
        if self.instance.pk:
            return self.instance.national_code
        try:
            parsed = parse_national_code(code, directory=RegionDirectory())
        except CodeError as error:
            raise ValidationError(str(error)) from error
        if Project.objects.filter(national_code=parsed.text).exists():
            raise ValidationError(_("该项目代码已在项目库中。"))
        return parsed.text

    def clean(self):
        data = super().clean()
        code = data.get("national_code")
        if code and not data.get("industry"):
            data["industry"] = parse_national_code(code).industry.value
        return data

    def values(self) -> dict:
        """Cleaned values as the services take them (yuan, flags)."""
        data = dict(self.cleaned_data)
        for key in MONEY_FIELDS:
            data[key] = data.pop(f"{key}_wan") or Decimal(0)
        data["funding_sources"] = funding_flags(data.pop("funding"))
        if "version" in data:
            data["expected_version"] = data.pop("version")
        return data


class ProjectUpdateForm(forms.Form):
    """A progress report for a period (monthly, or for a reporting round)."""

    period_label = MonthField(label=_("报告期"))
    reporting_round = forms.ModelChoiceField(
        label=_("所属调度"), required=False, queryset=None, empty_label=_("（不属于调度）")
    )
    stage = forms.ChoiceField(label=_("建设阶段"), choices=Project.Stage.choices)
    annual_planned_investment = WanField(label=_("年度计划投资（万元）"))
    investment_completed_this_year = WanField(label=_("本年完成投资（万元）"))
    investment_completed_total = WanField(label=_("累计完成投资（万元）"))
    actual_start = forms.DateField(label=_("实际开工日期"), required=False, widget=DateInput)
    note = forms.CharField(
        label=_("进展说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, project: Project, **kwargs):
        from zhenxing.rounds.models import ReportingRound

        super().__init__(*args, **kwargs)
        self.fields["reporting_round"].queryset = ReportingRound.objects.filter(
            status=ReportingRound.Status.OPEN
        )
        if not self.is_bound:
            self.initial.update(
                {
                    "period_label": this_month(),
                    "stage": project.stage,
                    "annual_planned_investment": in_unit(project.annual_planned_investment, WAN, 4),
                    "investment_completed_this_year": in_unit(
                        project.investment_completed_this_year, WAN, 4
                    ),
                    "investment_completed_total": in_unit(
                        project.investment_completed_total, WAN, 4
                    ),
                    "actual_start": project.actual_start,
                }
            )

    def clean(self):
        data = super().clean()
        this_year, total = (
            data.get("investment_completed_this_year"),
            data.get("investment_completed_total"),
        )
        if this_year is not None and total is not None and this_year > total:
            self.add_error("investment_completed_total", _("累计完成投资不应小于本年完成投资。"))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("项目表"),
        help_text=_("Excel（.xlsx、.xls）或 CSV；表头可在合并的标题行之下。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )


class ImportMappingForm(forms.Form):
    """The detected column mapping, which the user may correct, and the import choices."""

    mode = forms.ChoiceField(
        label=_("导入方式"),
        choices=ImportJob.Mode.choices,
        widget=forms.RadioSelect,
        initial=ImportJob.Mode.ALL_OR_NOTHING,
    )
    period_label = MonthField(label=_("报告期"))

    def __init__(self, *args, job: ImportJob, headings: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headings = headings
        mapping = {int(index): key for index, key in job.column_mapping.items()}
        for index, heading in enumerate(headings):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=heading or f"第{index + 1}列", required=False, choices=field_choices()
            )
            self.initial.setdefault(f"column_{index}", mapping.get(index, ""))
        for key in MONEY_FIELDS:
            self.fields[f"unit_{key}"] = forms.ChoiceField(
                label=key, choices=MONEY_UNIT_CHOICES, required=False
            )
            self.initial.setdefault(f"unit_{key}", job.money_units.get(key, WAN))
        self.initial.setdefault("period_label", job.period_label)
        self.initial.setdefault("mode", job.mode)

    def column_fields(self):
        return [self[f"column_{index}"] for index in range(len(self.headings))]

    def unit_fields(self):
        return [self[f"unit_{key}"] for key in MONEY_FIELDS]

    def columns(self) -> dict[int, str]:
        return {
            index: self.cleaned_data.get(f"column_{index}") or ""
            for index in range(len(self.headings))
        }

    def money_units(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"unit_{key}") or WAN for key in MONEY_FIELDS}


class SigningEventForm(forms.ModelForm):
    announced_amount_wan = WanField(label=_("公布签约金额（万元）"), required=False)

    class Meta:
        model = SigningEvent
        fields = [
            "name",
            "kind",
            "start_date",
            "end_date",
            "place",
            "region",
            "organiser",
            "announced_project_count",
            "source",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.exclude(level=Region.Level.COUNTY)
        if self.instance.pk and self.instance.announced_amount is not None:
            # A figure proposed from a text (the figures page) takes precedence until saved.
            self.initial.setdefault(
                "announced_amount_wan", in_unit(self.instance.announced_amount, WAN, 4)
            )
        add_version_field(self)

    def save(self, commit=True):
        self.instance.announced_amount = self.cleaned_data.get("announced_amount_wan")
        return super().save(commit=commit)


class SignedProjectForm(forms.ModelForm):
    signed_amount_wan = WanField(label=_("签约金额（万元）"))

    class Meta:
        model = SignedProject
        fields = [
            "name",
            "investor",
            "region",
            "industry",
            "signed_on",
            "responsible_unit",
            "project",
        ]
        widgets = {"signed_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(
            code__regex=r"^(15|21|22|23)"
        ).order_by("code")
        self.fields["signed_on"].required = False
        self.fields["project"].queryset = Project.objects.none()
        self.fields["project"].widget = forms.TextInput(
            attrs={"placeholder": "2026-210102-36-03-000123"}
        )
        self.fields["project"].to_field_name = "national_code"
        if self.instance.pk:
            self.initial["signed_amount_wan"] = in_unit(self.instance.signed_amount, WAN, 4)
            if self.instance.project_id:
                self.initial["project"] = self.instance.project.national_code
            self.fields["project"].queryset = Project.objects.all()
        self.fields["project"].queryset = Project.objects.all()
        add_version_field(self)

    def save(self, commit=True):
        self.instance.signed_amount = self.cleaned_data["signed_amount_wan"]
        return super().save(commit=commit)


class SignedProjectAdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("进展到"), choices=SignedProject.Stage.choices[1:])
    on_date = forms.DateField(label=_("日期"), widget=DateInput)
    funds_in_place = WanField(label=_("到位资金（万元）"), required=False)


def funding_labels(flags: int) -> str:
    return "、".join(str(source.label) for source in funding_sources_from_flags(flags))


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
