"""API: figures read from a pasted text or an uploaded file (POST /api/v1/figures/extract), and
the indicator catalogue, observations, targets, statistics imports and analyses
(/api/v1/indicators), with the same access module and services as the pages."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile

from zhenxing.indicators import access, cascade, selectors, services
from zhenxing.indicators.access import may_extract_figures
from zhenxing.indicators.figures import extract_figures, read_document
from zhenxing.indicators.importing import statistics_upload_import
from zhenxing.indicators.models import Indicator, Observation, Target
from zhenxing.lib.workbooks import WorkbookError
from zhenxing.mechanisms.scope import mechanism_for_api, mechanism_in_use
from zhenxing.orgs.access import require
from zhenxing.orgs.models import Region

router = Router(tags=["figures"])


class FigureOut(Schema):
    quantity: str
    value: int | float
    unit: str | None
    region: str | None
    period: str | None
    sentence: str
    start: int
    end: int
    approximate: bool
    province: str | None
    off_topic: bool


class ErrorOut(Schema):
    detail: str


@router.post("/extract", response={200: list[FigureOut], 400: ErrorOut})
def extract(
    request,
    text: Form[str] = "",
    include_off_topic: Form[bool] = False,
    file: File[UploadedFile] = None,
):
    """Figures of `text` or of an uploaded .txt/.docx/.pdf/.html file; offsets index that text."""
    require(may_extract_figures(request.user))
    try:
        if file is not None:
            text = read_document(file.name, file.read())
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    if not text.strip():
        return Status(400, {"detail": "请粘贴文本或上传文件。"})
    figures = extract_figures(text, include_off_topic=include_off_topic)
    return [figure.as_dict() for figure in figures]


# --- indicators, observations, targets, analysis (/api/v1/indicators) ---------------------

indicators_router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    name: str
    english_name: str
    unit: str
    measure: str
    frequency: str
    direction: str
    definition: str
    source: str
    is_active: bool


class ObservationOut(Schema):
    id: int
    indicator: str
    region_code: str | None
    region: str
    period: str
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal
    vintage: str
    is_current: bool
    source_kind: str
    source_reference: str
    source_url: str
    source_sentence: str
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_indicator(observation):
        return observation.indicator.code

    @staticmethod
    def resolve_region_code(observation):
        return observation.region.code if observation.region_id else None

    @staticmethod
    def resolve_region(observation):
        return observation.region_name


class ObservationIn(Schema):
    region_code: str | None = None
    period: str
    value: Decimal
    vintage: str = Observation.Vintage.PRELIMINARY
    source_kind: str = Observation.SourceKind.MANUAL
    source_reference: str = ""
    source_url: str = ""
    source_sentence: str = ""
    note: str = ""


class RecordedOut(Schema):
    outcome: str
    observation: ObservationOut


class TargetOut(Schema):
    id: int
    indicator: str
    region_code: str | None
    year: int
    value: Decimal
    comparison: str
    status: str
    source_text: str
    milestones: dict[str, Decimal]

    @staticmethod
    def resolve_indicator(target):
        return target.indicator.code

    @staticmethod
    def resolve_region_code(target):
        return target.region.code if target.region_id else None

    @staticmethod
    def resolve_milestones(target):
        return {milestone.period: milestone.value for milestone in target.milestones.all()}


class TargetIn(Schema):
    region_code: str | None = None
    year: int
    value: Decimal
    comparison: str = Target.Comparison.AT_LEAST
    milestones: dict[str, Decimal] = {}
    source_text: str = ""


class WarningOut(Schema):
    colour: str
    rule: str
    message: str


class AnalysisOut(Schema):
    indicator: str
    region_code: str | None
    year: int
    colour: str
    rows: list[dict]
    ranking: list[dict]
    rank: int | None
    warnings: list[WarningOut]
    paragraph: str
    edited_paragraph: str | None


class ImportOut(Schema):
    created: int
    revised: int
    unchanged: int
    rejected: int
    errors: list[dict]


def _region(code: str | None) -> Region | None:
    """The region with that code, None for the country (no code); 404 for an unknown code."""
    if not code:
        return None
    return get_object_or_404(Region, code=code)


def _indicator(request, code: str) -> tuple[Indicator, bool]:
    return access.get_indicator_for_user(request.user, code)


@indicators_router.get("", response=list[IndicatorOut])
def list_indicators(request):
    require(access.may_read_indicators(request.user))
    return list(Indicator.objects.all())


@indicators_router.get("/{code}", response=IndicatorOut)
def get_indicator(request, code: str):
    return _indicator(request, code)[0]


@indicators_router.get("/{code}/observations", response=list[ObservationOut])
def list_observations(
    request,
    code: str,
    region_code: str | None = None,
    year: int | None = Query(None, ge=2000, le=2100),
    period: str | None = None,
    history: bool = False,
):
    """Current values (with `history=true`, every vintage) of the indicator."""
    indicator, _may_edit = _indicator(request, code)
    observations = Observation.objects.filter(indicator=indicator).select_related(
        "indicator", "region"
    )
    if not history:
        observations = observations.filter(is_current=True)
    if region_code is not None:
        observations = observations.filter(region=_region(region_code))
    if year:
        observations = observations.filter(period_end__year=year)
    if period:
        observations = observations.filter(period=period)
    return list(observations.order_by("region__code", "period_end", "-recorded_at")[:5000])


@indicators_router.post(
    "/{code}/observations", response={201: RecordedOut, 400: ErrorOut, 403: ErrorOut}
)
def record_observation(request, code: str, payload: ObservationIn):
    indicator, may_edit = _indicator(request, code)
    require(may_edit)
    values = payload.dict()
    region = _region(values.pop("region_code"))
    try:
        recorded = services.observation_record(
            indicator=indicator, region=region, user=request.user, **values
        )
    except (ValueError, ValidationError) as error:
        return Status(400, {"detail": _message(error)})
    return Status(201, {"outcome": recorded.outcome, "observation": recorded.observation})


@indicators_router.get("/{code}/targets", response=list[TargetOut])
def list_targets(request, code: str, year: int | None = Query(None, ge=2000, le=2100)):
    indicator, _may_edit = _indicator(request, code)
    targets = Target.objects.filter(indicator=indicator).select_related("indicator", "region")
    if year:
        targets = targets.filter(year=year)
    return list(targets.prefetch_related("milestones"))


@indicators_router.post("/{code}/targets", response={201: TargetOut, 400: ErrorOut, 403: ErrorOut})
def set_target(request, code: str, payload: TargetIn):
    indicator, may_edit = _indicator(request, code)
    require(may_edit)
    values = payload.dict()
    region = _region(values.pop("region_code"))
    if not 2000 <= values["year"] <= 2100:
        return Status(400, {"detail": "年度应在 2000 至 2100 之间。"})
    try:
        target = services.target_set(indicator=indicator, region=region, **values)
    except (ValueError, ValidationError) as error:
        return Status(400, {"detail": _message(error)})
    return Status(201, target)


@indicators_router.post("/targets/{int:target_id}/confirm", response=TargetOut)
def confirm_target(request, target_id: int):
    target, may_edit = access.get_target_for_user(request.user, target_id)
    require(may_edit)
    return services.target_confirm(target=target)


@indicators_router.get("/{code}/analysis", response=AnalysisOut)
def get_analysis(
    request, code: str, region_code: str | None = None, year: int = Query(..., ge=2000, le=2100)
):
    indicator, _may_edit = _indicator(request, code)
    region = _region(region_code)
    result = selectors.operation_analysis(indicator, region, year)
    return {
        "indicator": indicator.code,
        "region_code": region.code if region else None,
        "year": year,
        "colour": result.colour,
        "rows": result.rows(),
        "ranking": [
            {"region_code": code, "region": name, "value": value}
            for code, name, value in result.ranking
        ],
        "rank": result.rank,
        "warnings": result.warnings,
        "paragraph": result.paragraph,
        "edited_paragraph": result.note.text if result.note else None,
    }


@indicators_router.post("/{code}/imports", response={200: ImportOut, 400: ImportOut | ErrorOut})
def import_statistics(
    request,
    code: str,
    file: File[UploadedFile],
    vintage: Form[str] = Observation.Vintage.PRELIMINARY,
    all_or_nothing: Form[bool] = True,
    to_period_values: Form[bool] = False,
):
    """A statistics table (.xlsx/.xls/.csv: regions as rows, periods as columns)."""
    indicator, may_edit = _indicator(request, code)
    require(may_edit)
    if vintage not in Observation.Vintage.values:
        return Status(400, {"detail": f"未知的数据版本“{vintage}”。"})
    try:
        result = statistics_upload_import(
            upload=file,
            indicator=indicator,
            vintage=vintage,
            all_or_nothing=all_or_nothing,
            to_period_values=to_period_values,
            user=request.user,
        )
    except WorkbookError as error:
        return Status(400, {"detail": str(error)})
    body = {
        "created": result.created,
        "revised": result.revised,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "errors": [{"row": error.row, "message": error.message} for error in result.errors],
    }
    return Status(400 if result.errors and not result.written else 200, body)


class ProvenanceOut(Schema):
    region: str
    value: Decimal | None
    period: str


class TargetNodeOut(Schema):
    id: int
    region_code: str | None
    region: str
    mechanism: str | None
    value: Decimal
    weight: Decimal | None
    allocated: Decimal | None
    allocation_gap: Decimal | None
    actual: Decimal | None
    actual_period: str | None
    actual_rolled_up: bool
    actual_partial: bool
    provenance: list[ProvenanceOut]
    expected: Decimal | None
    achievement_gap: Decimal | None
    colour: str
    children: list["TargetNodeOut"]


class TargetTreeOut(Schema):
    indicator: str
    year: int
    aggregation: str
    mechanism: str | None
    targets: list[TargetNodeOut]


class ShareIn(Schema):
    region_code: str
    value: Decimal
    weight: Decimal | None = None


class SplitIn(Schema):
    shares: list[ShareIn]
    allow_gap: bool = False


class ErrorsOut(Schema):
    detail: str
    errors: list[str]


def _tree(indicator: Indicator, year: int, mechanism) -> dict:
    nodes = cascade.target_tree(indicator, year, mechanism)
    return {
        "indicator": indicator.code,
        "year": year,
        "aggregation": indicator.aggregation,
        "mechanism": mechanism.code if mechanism else None,
        "targets": [node.as_dict() for node in nodes],
    }


@indicators_router.get("/{code}/target-tree", response=TargetTreeOut)
def get_target_tree(
    request, code: str, year: int = Query(..., ge=2000, le=2100), mechanism: str | None = None
):
    """The targets the mechanism (`mechanism`, default the one in use) holds for the year, each
    with its shares below, allocation and achievement gaps, actual, provenance and light."""
    indicator, _may_edit = _indicator(request, code)
    return _tree(indicator, year, mechanism_for_api(request, mechanism))


@indicators_router.post(
    "/targets/{int:target_id}/split", response={200: TargetTreeOut, 400: ErrorsOut}
)
def split_target(request, target_id: int, payload: SplitIn):
    """Split a target among the regions below it (the same service as the split page); all or
    nothing: a 400 lists every row that is wrong."""
    target = access.get_target_to_split(request, target_id)
    codes = [share.region_code for share in payload.shares]
    regions = Region.objects.in_bulk(codes, field_name="code")
    unknown = [code for code in codes if code not in regions]
    if unknown:
        errors = [f"未知的行政区划代码“{code}”。" for code in unknown]
        return Status(400, {"detail": errors[0], "errors": errors})
    shares = [
        cascade.Share(region=regions[share.region_code], value=share.value, weight=share.weight)
        for share in payload.shares
    ]
    try:
        cascade.target_split(target=target, shares=shares, allow_gap=payload.allow_gap)
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0], "errors": error.messages})
    return _tree(target.indicator, target.year, mechanism_in_use(request))


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)
