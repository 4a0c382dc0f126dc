"""Pages of the results side: catalogue, region × period table, history of a value, statistics
import, targets, the operation analysis of an indicator in a region, and the figures page
(paste a text or upload a file, see every figure highlighted and listed)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.indicators import access, cascade, exports, forms, selectors, services
from zhenxing.indicators.figures import extract_figures, read_document
from zhenxing.indicators.importing import statistics_upload_import
from zhenxing.indicators.models import Indicator, Target
from zhenxing.lib.workbooks import WorkbookError
from zhenxing.lib.xlsx_export import CONTENT_TYPE as XLSX
from zhenxing.mechanisms.scope import mechanism_in_use
from zhenxing.orgs.access import is_secretariat, require
from zhenxing.orgs.models import Region


def _number(request, name: str, default: int, low: int, high: int) -> int:
    """A whole number from the query string, kept within bounds; the default if it is not one."""
    try:
        return min(high, max(low, int(request.GET.get(name, default))))
    except ValueError:
        return default


def _year(request, default: int) -> int:
    return _number(request, "year", default, 2000, 2100)


@login_required
def indicator_list(request):
    require(access.may_read_indicators(request.user))
    context = {
        "indicators": Indicator.objects.all(),
        "may_edit": access.may_edit_indicators(request.user),
    }
    return render(request, "indicators/indicator_list.html", context)


@login_required
def indicator_detail(request, code):
    indicator, may_edit = access.get_indicator_for_user(request.user, code)
    this_year = datetime.date.today().year
    last_year = _year(request, this_year)
    years = _number(request, "years", 2, 1, 10)
    level = request.GET.get("level", "") if request.GET.get("level") in Region.Level.values else ""
    matrix = selectors.observation_matrix(
        indicator, first_year=last_year - years + 1, last_year=last_year, level=level
    )
    context = {
        "indicator": indicator,
        "may_edit": may_edit,
        "matrix": matrix,
        "year": last_year,
        "years": years,
        "level": level,
        "levels": Region.Level.choices,
        # one link prefix for the table's cells: 1,920 {% url %} lookups cost 100 ms
        "observations_url": reverse("indicators:observation_detail", args=[0]).removesuffix("0/"),
        **_target_tree_context(request, indicator, last_year),
    }
    return render(request, "indicators/indicator_detail.html", context)


def _target_tree_context(request, indicator, year: int) -> dict:
    """The target tree the mechanism in use holds for the year, and which rows it may split."""
    mechanism = mechanism_in_use(request)
    rows = cascade.tree_rows(cascade.target_tree(indicator, year, mechanism))
    splittable = access.splittable_targets(request.user, mechanism, [row.target for row in rows])
    return {"target_rows": rows, "splittable": splittable}


@login_required
def target_tree_export(request, code):
    indicator, _may_edit = access.get_indicator_for_user(request.user, code)
    year = _year(request, datetime.date.today().year)
    nodes = cascade.target_tree(indicator, year, mechanism_in_use(request))
    content = exports.target_tree_xlsx(indicator, year, nodes)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="targets-{indicator.code}-{year}.xlsx"'
    return response


@login_required
def target_split(request, pk):
    target = access.get_target_to_split(request, pk)
    form = forms.TargetSplitForm(
        request.POST or None, target=target, regions=cascade.child_regions(target)
    )
    if request.method == "POST" and form.is_valid():
        shares = form.shares()
        if form.is_valid():
            try:
                cascade.target_split(
                    target=target, shares=shares, allow_gap=form.cleaned_data["allow_gap"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("目标已分解。"))
                url = reverse("indicators:indicator_detail", args=[target.indicator.code])
                return redirect(f"{url}?year={target.year}#target-tree")
    context = {"target": target, "form": form, "indicator": target.indicator}
    status = 400 if form.errors else 200
    return render(request, "indicators/target_split.html", context, status=status)


@login_required
def indicator_edit(request, code=None):
    require(access.may_edit_indicators(request.user))
    indicator = get_object_or_404(Indicator, code=code) if code else None
    form = forms.IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        messages.success(request, _("指标已保存。"))
        return redirect("indicators:indicator_detail", code=indicator.code)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
def observation_new(request):
    require(access.may_edit_indicators(request.user))
    initial = {"indicator": Indicator.objects.filter(code=request.GET.get("indicator")).first()}
    form = forms.ObservationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        recorded = services.observation_record(user=request.user, **form.cleaned_data)
        outcome = {
            "created": _("已录入。"),
            "revised": _("已录入新版本，原数值保留在历史中。"),
            "unchanged": _("与当前值相同，未产生新版本。"),
        }[recorded.outcome]
        messages.success(request, outcome)
        return redirect("indicators:observation_detail", pk=recorded.observation.pk)
    return render(request, "indicators/observation_form.html", {"form": form})


@login_required
def observation_detail(request, pk):
    observation = access.get_observation_for_user(request.user, pk)
    context = {
        "observation": observation,
        "history": selectors.observation_history(observation),
        "may_edit": access.may_edit_indicators(request.user),
    }
    return render(request, "indicators/observation_detail.html", context)


@login_required
def statistics_import(request):
    require(access.may_edit_indicators(request.user))
    form = forms.StatisticsImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = statistics_upload_import(
                upload=data["file"],
                indicator=data["indicator"],
                vintage=data["vintage"],
                all_or_nothing=data["mode"] == "all_or_nothing",
                to_period_values=data["to_period_values"],
                user=request.user,
            )
        except WorkbookError as error:
            form.add_error("file", str(error))
    status = (
        400 if request.method == "POST" and (form.errors or (result and result.errors)) else 200
    )
    context = {"form": form, "result": result}
    return render(request, "indicators/statistics_import.html", context, status=status)


@login_required
def target_list(request):
    require(access.may_read_indicators(request.user))
    year = _year(request, datetime.date.today().year)
    targets = Target.objects.filter(year=year).select_related("indicator", "region", "source_task")
    context = {
        "targets": targets.order_by("status", "indicator__position", "region__code"),
        "year": year,
        "may_edit": access.may_edit_indicators(request.user),
        "propose_form": forms.ProposeTargetsForm(initial={"year": year}),
    }
    return render(request, "indicators/target_list.html", context)


@login_required
def target_new(request):
    require(access.may_edit_indicators(request.user))
    form = forms.TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_set(status=Target.Status.CONFIRMED, **form.cleaned_data)
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("目标已保存。"))
            return redirect(f"{_target_list_url()}?year={target.year}")
    return render(request, "indicators/target_form.html", {"form": form})


def _target_list_url() -> str:
    return reverse("indicators:target_list")


@login_required
@require_POST
def target_confirm(request, pk):
    target, may_edit = access.get_target_for_user(request.user, pk)
    require(may_edit)
    services.target_confirm(target=target)
    messages.success(request, _("目标已确认。"))
    return redirect(f"{_target_list_url()}?year={target.year}")


@login_required
@require_POST
def targets_propose(request):
    require(access.may_edit_indicators(request.user))
    form = forms.ProposeTargetsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择分工方案和年度。"))
        return redirect("indicators:target_list")
    proposals = services.targets_propose_from_plan(**form.cleaned_data)
    messages.success(
        request,
        _("从分工方案中读出 %(created)s 个目标待确认，%(skipped)s 个已有目标未变。")
        % {"created": len(proposals.created), "skipped": len(proposals.skipped)},
    )
    return redirect(f"{_target_list_url()}?year={form.cleaned_data['year']}")


@login_required
def analysis(request, code):
    indicator, may_edit = access.get_indicator_for_user(request.user, code)
    region = Region.objects.filter(code=request.GET.get("region", "")).first()
    year = _year(request, datetime.date.today().year)
    result = selectors.operation_analysis(indicator, region, year)
    note_form = forms.AnalysisNoteForm(
        request.POST or None,
        initial={"text": result.note.text if result.note else result.paragraph},
    )
    if request.method == "POST":
        require(may_edit and result.latest_period is not None)
        if note_form.is_valid():
            services.analysis_note_save(
                indicator=indicator,
                region=region,
                period=result.latest_period,
                text=note_form.cleaned_data["text"],
                user=request.user,
            )
            messages.success(request, _("分析段落已保存，将用于报告。"))
            return redirect(request.get_full_path())
    context = {
        "indicator": indicator,
        "analysis": result,
        "region": region,
        "regions": Region.objects.filter(observations__indicator=indicator).distinct(),
        "year": year,
        "may_edit": may_edit,
        "note_form": note_form,
        "chart": result.chart(),
    }
    return render(request, "indicators/analysis.html", context)


@login_required
def figure_extract(request):
    require(access.may_extract_figures(request.user))
    form = forms.FigureExtractForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "figures": None,
        "may_record": access.may_edit_indicators(request.user),
        "indicators": Indicator.objects.filter(is_active=True),
        # An amount or a project count may also be an expo's announced signing figure: the
        # projects app's hand-off page takes it from there (signing events are the secretariat's).
        "may_announce": is_secretariat(request.user),
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = (
                read_document(upload.name, upload.read()) if upload else form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            figures = extract_figures(
                text, include_off_topic=form.cleaned_data["include_off_topic"]
            )
            context |= {"figures": figures, "segments": highlighted(text, figures)}
    return render(
        request, "indicators/figure_extract.html", context, status=422 if form.errors else 200
    )


@login_required
@require_POST
def figure_record(request):
    """A figure from the figures page recorded as an observation, its sentence as provenance."""
    require(access.may_edit_indicators(request.user))
    form = forms.FigureRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择指标。"))
        return redirect("indicators:figure_extract")
    data = form.cleaned_data
    try:
        recorded = services.observation_from_figure(
            indicator=data["indicator"],
            value=data["value"],
            unit=data["unit"],
            region_name=data["region"],
            period=data["period"],
            sentence=data["sentence"],
            quantity=data["quantity"],
            user=request.user,
        )
    except (ValidationError, ValueError) as error:
        messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
        return redirect("indicators:figure_extract")
    messages.success(request, _("已记为指标数据。"))
    return redirect("indicators:observation_detail", pk=recorded.observation.pk)


def highlighted(text: str, figures) -> list[tuple[str, int | None]]:
    """The text cut into runs: (run, figure number) for a figure, (run, None) between them."""
    segments, position = [], 0
    for number, figure in enumerate(figures, start=1):
        if figure.start < position:
            continue
        segments.append((text[position : figure.start], None))
        segments.append((text[figure.start : figure.end], number))
        position = figure.end
    segments.append((text[position:], None))
    return segments
