"""Who may see and act on inspections, findings, rectification and circulars. Used by pages and API.

- Inspectors run inspections: create campaigns, record findings and rectification items,
  verify reported rectification (close out or reopen), write and issue the circular.
- A unit's liaisons and leaders see the findings issued to their unit or whose rectification
  their unit is responsible for, and report rectification on them; they see the campaigns
  concerning them and every issued circular.
- The secretariat and leading-group readers read everything.
- The three administrators have no access.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from zhenxing.inspections.models import Circular, Finding, Inspection, Rectification
from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.operations.list_cache import kept_answer, tables_of
from zhenxing.orgs import access
from zhenxing.orgs.models import BUSINESS_ROLES


def may_use_inspections(user) -> bool:
    return access.has_role(user, *BUSINESS_ROLES)


def may_run_inspections(user) -> bool:
    return access.is_inspector(user)


def findings_visible_to(user) -> QuerySet[Finding]:
    findings = within_mechanisms_of(
        Finding.objects.select_related("inspection", "unit"), user, "inspection__mechanism"
    )
    if not may_use_inspections(user):
        return findings.none()
    if access.sees_everything(user):
        return findings
    unit = access.acting_unit(user)
    return findings.concerning(unit) if unit else findings.none()


def inspections_visible_to(user) -> QuerySet[Inspection]:
    inspections = within_mechanisms_of(Inspection.objects.select_related("team_leader"), user)
    if not may_use_inspections(user):
        return inspections.none()
    if access.sees_everything(user):
        return inspections
    unit = access.acting_unit(user)
    if unit is None:
        return inspections.none()
    # A correlated EXISTS reads one campaign's findings through its (inspection, position)
    # index; `pk IN (…)` listed the unit's findings of every campaign first.
    concerning = Exists(findings_visible_to(user).filter(inspection=OuterRef("pk")))
    return inspections.filter(
        concerning | Q(scope_units=unit) | Q(circular__status=Circular.Status.ISSUED)
    ).distinct()


def get_inspection_for_user(user, pk) -> tuple[Inspection, bool]:
    """The campaign and whether the user may run it (findings, circular); 403 if not visible."""
    access.require(may_use_inspections(user))
    inspection = get_object_or_404(Inspection, pk=pk)
    # Kept until an inspection table, a unit or a mechanism is written (the liaison's check
    # cost more than the kept findings list it guards).
    visible = kept_answer(
        user,
        f"inspection-visible:{inspection.pk}",
        tables_of("inspections"),
        lambda: inspections_visible_to(user).filter(pk=inspection.pk).exists(),
    )
    access.require(visible)
    return inspection, may_run_inspections(user)


def get_inspection_for_inspector(user, pk) -> Inspection:
    access.require(may_run_inspections(user))
    return get_object_or_404(Inspection, pk=pk)


def get_finding_for_user(user, pk) -> tuple[Finding, bool]:
    """The finding and whether the user may verify and add rectification items."""
    access.require(may_use_inspections(user))
    finding = get_object_or_404(
        Finding.objects.select_related(
            "inspection", "unit", "task", "project", "policy_document", "region"
        ),
        pk=pk,
    )
    access.require(findings_visible_to(user).filter(pk=finding.pk).exists())
    return finding, may_run_inspections(user)


def may_report(user, rectification: Rectification) -> bool:
    """The responsible unit (or the unit the finding was issued to) reports rectification."""
    return access.acts_for(user, rectification.responsible_unit) or access.acts_for(
        user, rectification.finding.unit
    )


def get_rectification_for_reporter(user, pk) -> Rectification:
    access.require(may_use_inspections(user))
    rectification = get_object_or_404(
        Rectification.objects.select_related("finding__unit", "responsible_unit"), pk=pk
    )
    access.require(may_report(user, rectification))
    return rectification


def get_rectification_for_inspector(user, pk) -> Rectification:
    access.require(may_run_inspections(user))
    return get_object_or_404(Rectification.objects.select_related("finding"), pk=pk)


def may_read_circular(user, inspection: Inspection) -> bool:
    """Issued circulars go to all units; drafts are the inspectors' (and readers') own."""
    if not may_use_inspections(user):
        return False
    if access.sees_everything(user):
        return True
    circular = getattr(inspection, "circular", None)
    return circular is not None and circular.is_issued


def get_circular_inspection_for_user(user, pk) -> tuple[Inspection, bool]:
    """The campaign whose circular the user reads, and whether the user may edit and issue it."""
    access.require(may_use_inspections(user))
    inspection = get_object_or_404(Inspection.objects.select_related("circular"), pk=pk)
    access.require(may_read_circular(user, inspection))
    return inspection, may_run_inspections(user)
