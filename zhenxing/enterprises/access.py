"""Who may see and act on key enterprises, their figures and their difficulties. Used by pages
and API alike.

- The secretariat registers and edits every enterprise of its mechanisms, routes, closes and
  escalates difficulties, and reads everything.
- A contact department (联系部门: its liaisons and leaders) sees and edits its own enterprises,
  reports their monthly figures and takes in their difficulties; a unit a difficulty is routed
  to sees that difficulty and answers it.
- Leading-group readers and inspectors read everything and change nothing.
- 免申即享 policies: every business role reads them (a unit sees the grants to its own
  enterprises); the secretariat records them and follows each enterprise served.
- The three administrators have no access (separation of duties).
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zhenxing.enterprises.models import (
    BenefitGrant,
    BenefitPolicy,
    Difficulty,
    Enterprise,
    EnterpriseImport,
)
from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs import access
from zhenxing.orgs.models import BUSINESS_ROLES


def may_use_enterprises(user) -> bool:
    return access.has_role(user, *BUSINESS_ROLES)


def may_register(user) -> bool:
    """Register an enterprise: the secretariat, or a unit person for their own unit."""
    return access.is_secretariat(user) or access.is_unit_person(user)


def may_manage(user) -> bool:
    """Route, close and escalate difficulties."""
    return access.is_secretariat(user)


def may_edit(user, enterprise: Enterprise) -> bool:
    """Edit the enterprise, report its figures and take in its difficulties."""
    return access.may_edit_unit_work(user, enterprise.contact_unit)


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    enterprises = within_mechanisms_of(
        Enterprise.objects.select_related("contact_unit", "region", "mechanism"), user
    )
    if not may_use_enterprises(user):
        return enterprises.none()
    if access.sees_everything(user):
        return enterprises
    unit = access.acting_unit(user)
    return enterprises.contacted_by(unit) if unit else enterprises.none()


def difficulties_visible_to(user) -> QuerySet[Difficulty]:
    difficulties = within_mechanisms_of(
        Difficulty.objects.select_related("enterprise", "responsible_unit"),
        user,
        "enterprise__mechanism",
    )
    if not may_use_enterprises(user):
        return difficulties.none()
    if access.sees_everything(user):
        return difficulties
    unit = access.acting_unit(user)
    if unit is None:
        return difficulties.none()
    return difficulties.filter(
        Q(enterprise__contact_unit=unit)
        | Q(enterprise__contact_unit__parent=unit)
        | Q(responsible_unit=unit)
        | Q(responsible_unit__parent=unit)
    )


def get_enterprise_for_user(user, pk: int) -> tuple[Enterprise, bool]:
    """The enterprise and whether the user may edit it (its figures and difficulties too)."""
    access.require(may_use_enterprises(user))
    enterprise = get_object_or_404(enterprises_visible_to(user), pk=pk)
    return enterprise, may_edit(user, enterprise)


def get_difficulty_for_user(user, pk: int) -> Difficulty:
    access.require(may_use_enterprises(user))
    return get_object_or_404(difficulties_visible_to(user), pk=pk)


def may_answer(user, difficulty: Difficulty) -> bool:
    return (
        difficulty.status == Difficulty.Status.ROUTED
        and access.is_unit_person(user)
        and access.acts_for(user, difficulty.responsible_unit)
    )


# --- 免申即享 policies: every business role reads, the secretariat records and follows them ----


def may_manage_benefits(user) -> bool:
    return access.is_secretariat(user)


def benefit_policies_visible_to(user) -> QuerySet[BenefitPolicy]:
    if not may_use_enterprises(user):
        return BenefitPolicy.objects.none()
    return within_mechanisms_of(BenefitPolicy.objects.all(), user)


def benefit_grants_visible_to(user, policy: BenefitPolicy) -> QuerySet[BenefitGrant]:
    """A policy's grants to the enterprises the user sees (a unit: those it is contact for)."""
    return policy.grants.filter(enterprise__in=enterprises_visible_to(user)).select_related(
        "enterprise__contact_unit"
    )


def get_benefit_policy_for_user(user, pk: int) -> tuple[BenefitPolicy, bool]:
    """The policy and whether the user may change it and its grants."""
    access.require(may_use_enterprises(user))
    policy = get_object_or_404(benefit_policies_visible_to(user), pk=pk)
    return policy, may_manage_benefits(user)


def get_benefit_grant_to_change(user, pk: int) -> BenefitGrant:
    access.require(may_manage_benefits(user))
    policies = benefit_policies_visible_to(user)
    return get_object_or_404(
        BenefitGrant.objects.filter(policy__in=policies).select_related("policy", "enterprise"),
        pk=pk,
    )


def get_enterprise_import_for_user(user, pk: int) -> EnterpriseImport:
    """A queued import: its uploader's, and the secretariat's of its mechanism."""
    access.require(may_register(user))
    imports = within_mechanisms_of(EnterpriseImport.objects.all(), user)
    if not access.is_secretariat(user):
        imports = imports.filter(uploaded_by=user)
    return get_object_or_404(imports, pk=pk)
