"""Writes of special plans: the secretariat records and edits a plan and its parts (relocation
sites, compensation agreements, disasters, reconstruction projects); the responsible unit
reports the figures (a site's year, an agreement's yearly payment, a project's progress).
The pages, the API and the demo call these; the change log records every write (the audit
receiver)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenxing.specialplans.models import (
    CompensationAgreement,
    CompensationPayment,
    Disaster,
    ReconstructionProject,
    RelocationFigure,
    RelocationSite,
    SpecialPlan,
)

LINKS = ("regions", "projects", "allocations", "indicators")


def _set_links(plan: SpecialPlan, values: dict) -> None:
    """Set the plan's links; its reconstruction projects stay among its projects."""
    for name in LINKS:
        if name in values:
            getattr(plan, name).set(values[name])
    if "projects" in values:
        plan.projects.add(*[row.project for row in plan.reconstruction_projects.all()])


@transaction.atomic
def specialplan_create(**values) -> SpecialPlan:
    """Record a plan with its links (regions, projects, allocations, indicators); a plan
    names at least one region."""
    if not values.get("regions"):
        raise ValidationError({"regions": _("请选择涉及地区。")})
    plan = SpecialPlan(**{key: value for key, value in values.items() if key not in LINKS})
    plan.full_clean()
    plan.save()
    _set_links(plan, values)
    return plan


@transaction.atomic
def specialplan_update(*, plan: SpecialPlan, **values) -> SpecialPlan:
    """Change a plan; its kind stays once it has parts of that kind."""
    plan = SpecialPlan.objects.select_for_update().get(pk=plan.pk)
    if "kind" in values and values["kind"] != plan.kind and _has_parts(plan):
        raise ValidationError({"kind": _("规划已有分项内容，不能更改类型。")})
    if "regions" in values and not values["regions"]:
        raise ValidationError({"regions": _("请选择涉及地区。")})
    for key, value in values.items():
        if key not in LINKS:
            setattr(plan, key, value)
    plan.full_clean()
    plan.save()
    _set_links(plan, values)
    return plan


def _has_parts(plan: SpecialPlan) -> bool:
    return (
        plan.sites.exists()
        or plan.agreements.exists()
        or plan.disasters.exists()
        or plan.reconstruction_projects.exists()
    )


def _require_kind(plan: SpecialPlan, kind: str) -> None:
    if plan.kind != kind:
        raise ValidationError(
            _("该规划的类型是“%(kind)s”，不能添加此项内容。") % {"kind": plan.get_kind_display()}
        )


def _require_year(year: int, first_year: int, last_year: int) -> None:
    if not first_year <= year <= last_year:
        raise ValidationError(
            {
                "year": _("年度应在%(first)d—%(last)d年之间。")
                % {"first": first_year, "last": last_year}
            }
        )
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("不能报送未来年度的情况。")})


@transaction.atomic
def relocation_site_create(*, plan: SpecialPlan, **values) -> RelocationSite:
    _require_kind(plan, SpecialPlan.Kind.RELOCATION)
    site = RelocationSite(plan=plan, **values)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def relocation_figure_report(
    *, site: RelocationSite, user, year: int, note: str = "", **figures
) -> RelocationFigure:
    """Record (or correct) a site's figures for a year. Refused: a year outside the plan or in
    the future, more people moved than planned, more people employed than moved in all years so
    far, more money spent than planned."""
    site = RelocationSite.objects.select_for_update().select_related("plan").get(pk=site.pk)
    _require_year(year, site.plan.first_year, site.plan.last_year)
    others = site.figures.exclude(year=year).aggregate(
        people=Sum("people_moved"), funds=Sum("funds_spent")
    )
    people = (others["people"] or 0) + figures["people_moved"]
    errors = {}
    if figures["people_moved"] < figures["households_moved"]:
        errors["people_moved"] = _("搬迁人数不能少于户数。")
    elif people > site.people_planned:
        errors["people_moved"] = _("累计搬迁人数不能超过计划人数。")
    if figures["people_employed"] > people:
        errors["people_employed"] = _("实现就业人数不能超过累计搬迁人数。")
    if (others["funds"] or Decimal(0)) + figures["funds_spent"] > site.funds_planned:
        errors["funds_spent"] = _("累计完成投资不能超过计划投资。")
    if errors:
        raise ValidationError(errors)
    figure = site.figures.filter(year=year).first() or RelocationFigure(site=site, year=year)
    for key, value in figures.items():
        setattr(figure, key, value)
    figure.note, figure.reported_by = note, user
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def compensation_agreement_create(*, plan: SpecialPlan, **values) -> CompensationAgreement:
    _require_kind(plan, SpecialPlan.Kind.ECOLOGICAL_COMPENSATION)
    agreement = CompensationAgreement(plan=plan, **values)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def compensation_payment_report(
    *, agreement: CompensationAgreement, user, year: int, amount: Decimal, note: str = ""
) -> CompensationPayment:
    """Record (or correct) what was paid under an agreement for a year of its period."""
    agreement = CompensationAgreement.objects.select_for_update().get(pk=agreement.pk)
    _require_year(year, agreement.first_year, agreement.last_year)
    payment = agreement.payments.filter(year=year).first() or CompensationPayment(
        agreement=agreement, year=year
    )
    payment.amount, payment.note, payment.reported_by = amount, note, user
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def disaster_create(*, plan: SpecialPlan, affected_regions, **values) -> Disaster:
    _require_kind(plan, SpecialPlan.Kind.RECONSTRUCTION)
    if not affected_regions:
        raise ValidationError({"affected_regions": _("请选择受灾地区。")})
    disaster = Disaster(plan=plan, **values)
    disaster.full_clean()
    disaster.save()
    disaster.affected_regions.set(affected_regions)
    return disaster


@transaction.atomic
def reconstruction_project_add(
    *, plan: SpecialPlan, project, funds: Decimal
) -> ReconstructionProject:
    """List a library project in a reconstruction plan (and among the plan's projects)."""
    _require_kind(plan, SpecialPlan.Kind.RECONSTRUCTION)
    reconstruction = ReconstructionProject(plan=plan, project=project, funds=funds)
    reconstruction.full_clean()
    reconstruction.save()
    plan.projects.add(project)
    return reconstruction


@transaction.atomic
def reconstruction_progress_report(
    *,
    reconstruction: ReconstructionProject,
    user,
    share_complete: Decimal,
    as_of: datetime.date,
    note: str = "",
) -> ReconstructionProject:
    """The responsible unit's progress of a reconstruction project. Refused: a date in the
    future or before the last report, a share lower than the last report's."""
    reconstruction = ReconstructionProject.objects.select_for_update().get(pk=reconstruction.pk)
    errors = {}
    if as_of > timezone.localdate():
        errors["as_of"] = _("截至日期不能晚于今天。")
    elif reconstruction.as_of and as_of < reconstruction.as_of:
        errors["as_of"] = _("截至日期不能早于上次报送的日期。")
    if reconstruction.share_complete is not None and share_complete < reconstruction.share_complete:
        errors["share_complete"] = _("完成进度不能低于上次报送的进度。")
    if errors:
        raise ValidationError(errors)
    reconstruction.share_complete, reconstruction.as_of = share_complete, as_of
    reconstruction.note, reconstruction.reported_by = note, user
    reconstruction.full_clean()
    reconstruction.save()
    return reconstruction
