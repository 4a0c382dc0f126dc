"""Writes for the project library: projects, their periodic updates, signing events and the
signed projects of the funnel. Imports live in `importing.jobs` and call the same summary
refresh, so the dashboards' summary tables stay equal to the live figures."""

import datetime
import json
from decimal import Decimal
from importlib import resources

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.audit.context import current
from zhenxing.audit.models import ChangeRecord
from zhenxing.audit.receivers import snapshot
from zhenxing.lib.versions import lock_version
from zhenxing.orgs.models import Region
from zhenxing.orgs.services import regions_load_shipped
from zhenxing.projects.codes import CodeError, RegionDirectory, parse_national_code
from zhenxing.projects.models import (
    Project,
    ProjectUpdate,
    SignedProject,
    SigningEvent,
)
from zhenxing.projects.summaries import place_of, summary_refresh

COUNTIES_FILE = "counties.json"
PROJECT_FIELDS = (
    "national_code",
    "name",
    "owner",
    "region",
    "industry",
    "industry_written",
    "stage",
    "total_investment",
    "annual_planned_investment",
    "investment_completed_this_year",
    "investment_completed_total",
    "funding_sources",
    "planned_start",
    "actual_start",
    "planned_completion",
    "actual_completion",
    "responsible_unit",
    "responsible_leader",
    "signing_event",
)


# -- regions ---------------------------------------------------------------------------------
@transaction.atomic
def county_regions_load_shipped() -> int:
    """Create or rename the shipped county-level regions (GB/T 2260) of the Northeast.

    Bulk-created (four hundred rows), with their change records written here.
    """
    data = json.loads(
        resources.files("zhenxing.projects").joinpath("data", COUNTIES_FILE).read_text("utf-8")
    )
    existing = {region.code: region for region in Region.objects.all()}
    created, changed = [], 0
    for row in data["counties"]:
        parent = existing.get(row["parent"])
        if parent is None:
            continue
        region = existing.get(row["code"])
        if region is None:
            created.append(
                Region(code=row["code"], name=row["name"], level=Region.Level.COUNTY, parent=parent)
            )
        elif region.name != row["name"] or region.parent_id != parent.pk:
            region.name, region.parent = row["name"], parent
            region.save()
            changed += 1
    if created:
        Region.objects.bulk_create(created)
        regions = Region.objects.filter(code__in=[region.code for region in created])
        _record_bulk_creation(list(regions), reason="载入县级行政区划（GB/T 2260）")
    return len(created) + changed


def _record_bulk_creation(instances, *, reason: str) -> None:
    context = current()
    content_type = ContentType.objects.get_for_model(Region)
    ChangeRecord.objects.bulk_create(
        [
            ChangeRecord(
                user_id=context.user_id,
                actor_name=context.actor_name,
                request_id=context.request_id,
                action=ChangeRecord.Action.CREATE,
                content_type=content_type,
                object_id=str(instance.pk),
                object_repr=str(instance)[:300],
                after=snapshot(instance),
                reason=reason,
            )
            for instance in instances
        ]
    )


def ensure_regions() -> None:
    """Load the shipped provinces, prefectures and counties if they are missing."""
    if not Region.objects.filter(level=Region.Level.PREFECTURE).exists():
        regions_load_shipped()
    if not Region.objects.filter(level=Region.Level.COUNTY, code__startswith="21").exists():
        county_regions_load_shipped()


def _derive_place(project: Project) -> None:
    code = project.region.code
    project.province_code = code[:2] + "0000"
    project.prefecture_code = "" if code.endswith("0000") else code[:4] + "00"


def _check_code(project: Project) -> None:
    try:
        parse_national_code(project.national_code, directory=RegionDirectory())
    except CodeError as error:
        raise ValidationError({"national_code": str(error)}) from error


# -- projects --------------------------------------------------------------------------------
@transaction.atomic
def project_create(*, tasks=(), **values) -> Project:
    """Create a project from checked values (a form's cleaned data), and its first update."""
    project = Project(**{key: value for key, value in values.items() if key in PROJECT_FIELDS})
    _check_code(project)
    _derive_place(project)
    project.period_label = values.get("period_label") or _this_month()
    project.full_clean()
    project.save()
    if tasks:
        project.tasks.set(tasks)
    _append_update(project, source=ProjectUpdate.Source.FORM, user=values.get("user"))
    summary_refresh({place_of(project)})
    return project


@transaction.atomic
def project_update(
    *, project: Project, expected_version: int | None, tasks=None, **values
) -> Project:
    """Change a project's particulars; stage or investment changes also append an update.

    `expected_version` is the version the editor read: a stale or missing one is refused
    (`VersionConflict`, `VersionMissing`) rather than overwriting someone else's change."""
    before = lock_version(Project.objects.all(), pk=project.pk, expected_version=expected_version)
    for key, value in values.items():
        if key in PROJECT_FIELDS and key != "national_code":
            setattr(project, key, value)
    _derive_place(project)
    project.version = before.version + 1
    project.full_clean()
    project.save()
    if tasks is not None:
        project.tasks.set(tasks)
    if _figures(before) != _figures(project):
        _append_update(project, source=ProjectUpdate.Source.FORM, user=values.get("user"))
    summary_refresh({place_of(before), place_of(project)})
    return project


@transaction.atomic
def project_update_record(
    *,
    project: Project,
    user,
    period_label: str,
    stage: str,
    annual_planned_investment: Decimal,
    investment_completed_this_year: Decimal,
    investment_completed_total: Decimal,
    note: str = "",
    reporting_round=None,
    actual_start: datetime.date | None = None,
    source: str = ProjectUpdate.Source.FORM,
) -> ProjectUpdate:
    """Report a project's progress for a period (monthly or through a reporting round).

    The update is appended to the time series (earlier reports are kept as they were) and the
    project's current figures become the reported ones.
    """
    if reporting_round is not None and source == ProjectUpdate.Source.FORM:
        source = ProjectUpdate.Source.ROUND
    project.stage = stage
    project.annual_planned_investment = annual_planned_investment
    project.investment_completed_this_year = investment_completed_this_year
    project.investment_completed_total = investment_completed_total
    project.period_label = period_label
    if actual_start and not project.actual_start:
        project.actual_start = actual_start
    # An appended report changes the current figures: an edit form opened before is now stale.
    project.version = Project.objects.select_for_update().get(pk=project.pk).version + 1
    project.full_clean()
    project.save()
    update = _append_update(
        project, source=source, user=user, note=note, reporting_round=reporting_round
    )
    summary_refresh({place_of(project)})
    return update


def _figures(project: Project) -> tuple:
    return (
        project.stage,
        project.annual_planned_investment,
        project.investment_completed_this_year,
        project.investment_completed_total,
    )


def _append_update(project, *, source, user=None, note="", reporting_round=None) -> ProjectUpdate:
    update = ProjectUpdate(
        project=project,
        period_label=project.period_label or _this_month(),
        reporting_round=reporting_round,
        stage=project.stage,
        annual_planned_investment=project.annual_planned_investment,
        investment_completed_this_year=project.investment_completed_this_year,
        investment_completed_total=project.investment_completed_total,
        note=note,
        source=source,
        reported_at=timezone.now(),
        reported_by=user if user is not None and user.is_authenticated else None,
    )
    update.full_clean()
    update.save()
    return update


def _this_month() -> str:
    today = timezone.localdate()
    return f"{today.year}-{today.month:02d}"


# -- the funnel ------------------------------------------------------------------------------
def _next_version(instance, expected_version: int | None) -> None:
    """An existing row: lock it, refuse a stale or missing version, move the version on."""
    if instance.pk is not None:
        queryset = type(instance).objects.all()
        locked = lock_version(queryset, pk=instance.pk, expected_version=expected_version)
        instance.version = locked.version + 1


@transaction.atomic
def signing_event_save(*, event: SigningEvent, expected_version: int | None = None) -> SigningEvent:
    """Create or change a signing event (expo, fair); a change carries the version read."""
    _next_version(event, expected_version)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def signed_project_save(
    *, signed: SignedProject, expected_version: int | None = None
) -> SignedProject:
    """Create or change a signed project; the province follows its region; a change carries the
    version read."""
    _next_version(signed, expected_version)
    signed.province_code = signed.region.code[:2] + "0000"
    if not signed.signed_on:
        signed.signed_on = signed.event.start_date
    signed.full_clean()
    signed.save()
    return signed


@transaction.atomic
def signed_project_advance(
    *, signed: SignedProject, stage: str, on_date: datetime.date, funds_in_place=None
) -> SignedProject:
    """Move a signed project along the funnel (履约 → 落地 → 开工 → 资金到位 → 投产).

    Steps passed on the way are dated too, so the rates never count a project as started
    without also counting it as landed.
    """
    order = list(SignedProject.Stage)
    target = SignedProject.Stage(stage)
    if order.index(target) < order.index(SignedProject.Stage(signed.stage)):
        raise ValidationError({"stage": "进展阶段不能倒退；如需更正，请修改签约项目。"})
    # Moving along the funnel changes the row: an edit form opened before is now stale.
    signed.version = SignedProject.objects.select_for_update().get(pk=signed.pk).version + 1
    for step in SignedProject.stages_reached_by(target)[1:]:
        field = SignedProject.STAGE_DATE_FIELDS[step]
        if getattr(signed, field) is None:
            setattr(signed, field, on_date)
    signed.stage = target
    if funds_in_place is not None:
        signed.funds_in_place = funds_in_place
    signed.full_clean()
    signed.save()
    return signed
