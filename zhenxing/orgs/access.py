"""The access module: may this user see or edit this object? One place, used by pages and API.

Rules (the brief's "security and data" section):
- a unit's people see and edit their own unit's work; the secretariat sees all;
- leading-group readers and inspectors read;
- the three administrators are separate: the system administrator manages accounts and
  settings, the security administrator grants roles, the audit administrator reads the
  audit log; none of them may do another's part, nor grant themselves business roles.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhenxing.orgs.models import ADMINISTRATOR_ROLES, BUSINESS_ROLES, Role, Unit, User

READER_ROLES = frozenset({Role.LEADING_GROUP_READER, Role.INSPECTOR})


def is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(user, *roles) -> bool:
    return is_active(user) and user.role in roles


def is_secretariat(user) -> bool:
    return has_role(user, Role.SECRETARIAT_OFFICER)


def sees_everything(user) -> bool:
    """Secretariat officers, leading-group readers and inspectors read across all units."""
    return has_role(user, Role.SECRETARIAT_OFFICER, *READER_ROLES)


def may_use_business_pages(user) -> bool:
    """Dashboards, directory and mechanism pages: every active account with a role."""
    return is_active(user) and (user.role in BUSINESS_ROLES or user.role in ADMINISTRATOR_ROLES)


def may_edit_unit_work(user, unit: Unit | None) -> bool:
    """A unit's liaison or leader edits the unit's own work; the secretariat edits all."""
    if is_secretariat(user):
        return True
    if unit is None or not has_role(user, Role.UNIT_LIAISON, Role.UNIT_LEADER):
        return False
    return user.unit_id is not None and user.unit.top_unit().pk == unit.top_unit().pk


def may_maintain_reference_data(user) -> bool:
    """Units, aliases, regions and the mechanism's composition."""
    return is_secretariat(user) or (is_active(user) and user.is_superuser)


def may_read_audit_log(user) -> bool:
    return has_role(user, Role.AUDIT_ADMINISTRATOR)


def may_manage_accounts(user) -> bool:
    return has_role(user, Role.SYSTEM_ADMINISTRATOR)


def may_grant_roles(user) -> bool:
    return has_role(user, Role.SECURITY_ADMINISTRATOR)


def may_use_admin_site(user) -> bool:
    return is_active(user) and (
        user.is_superuser or user.role in ADMINISTRATOR_ROLES or may_maintain_reference_data(user)
    )


def may_set_role(actor, target: User, new_role: str) -> bool:
    """Only the security administrator grants roles, never to their own account."""
    if not may_grant_roles(actor):
        return False
    if target.pk is not None and target.pk == actor.pk:
        return False
    return new_role in set(Role) or new_role == ""


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_unit_for_user(user, pk) -> tuple[Unit, bool]:
    """The unit and whether `user` may edit its work; 403 when it may not be seen."""
    require(may_use_business_pages(user))
    unit = get_object_or_404(Unit.objects.select_related("parent", "region", "succeeded_by"), pk=pk)
    return unit, may_edit_unit_work(user, unit)
