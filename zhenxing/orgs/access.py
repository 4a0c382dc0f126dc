"""The access vocabulary every app's access module is built on: roles, role tests, and the
unit a person acts for. Each app's `access.py` imports these and keeps only its own rules.

Rules (the brief's "security and data" section):
- a unit's people see and edit their own unit's work; the secretariat sees all;
- leading-group readers and inspectors read;
- a unit person (liaison or leader) acts for the top unit of their unit: a department's
  people work for its ministry (`acting_unit`, `acts_for`);
- the three administrators are separate: the system administrator manages accounts and
  settings, the security administrator grants roles, the audit administrator reads the
  audit log; none of them may do another's part, nor grant themselves business roles.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhenxing.orgs.models import ADMINISTRATOR_ROLES, BUSINESS_ROLES, Role, Unit, User

UNIT_ROLES = frozenset({Role.UNIT_LIAISON, Role.UNIT_LEADER})
READER_ROLES = frozenset({Role.LEADING_GROUP_READER, Role.INSPECTOR})


def is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(user, *roles) -> bool:
    return is_active(user) and user.role in roles


def is_secretariat(user) -> bool:
    return has_role(user, Role.SECRETARIAT_OFFICER)


def is_inspector(user) -> bool:
    return has_role(user, Role.INSPECTOR)


def is_reader(user) -> bool:
    """Leading-group readers and inspectors: they read across units and change no unit's work."""
    return has_role(user, *READER_ROLES)


def is_administrator(user) -> bool:
    """One of the three administrators (system, security, audit): no business pages."""
    return has_role(user, *ADMINISTRATOR_ROLES)


def is_unit_person(user) -> bool:
    """A unit's liaison or leader whose account belongs to a unit."""
    return has_role(user, *UNIT_ROLES) and user.unit_id is not None


def acting_unit(user) -> Unit | None:
    """The unit whose work a unit person does: the top unit of their own (a department's
    people act for its ministry). None for everyone else, the secretariat included."""
    return user.unit.top_unit() if is_unit_person(user) else None


def acts_for(user, unit: Unit | None) -> bool:
    """Whether `user` is a liaison or leader of `unit` (or of the top unit it belongs to)."""
    mine = acting_unit(user)
    return mine is not None and unit is not None and unit.top_unit().pk == mine.pk


def sees_everything(user) -> bool:
    """Secretariat officers, leading-group readers and inspectors read across all units."""
    return has_role(user, Role.SECRETARIAT_OFFICER, *READER_ROLES)


def may_use_business_pages(user) -> bool:
    """Dashboards, directory and mechanism pages: every active account with a role."""
    return is_active(user) and (user.role in BUSINESS_ROLES or user.role in ADMINISTRATOR_ROLES)


def may_edit_unit_work(user, unit: Unit | None) -> bool:
    """A unit's liaison or leader edits the unit's own work; the secretariat edits all."""
    return is_secretariat(user) or acts_for(user, unit)


def may_maintain_reference_data(user) -> bool:
    """Units, aliases, regions and the mechanism's composition."""
    return is_secretariat(user) or (is_active(user) and user.is_superuser)


def may_read_audit_log(user) -> bool:
    return has_role(user, Role.AUDIT_ADMINISTRATOR)


def may_manage_accounts(user) -> bool:
    return has_role(user, Role.SYSTEM_ADMINISTRATOR)


def may_watch_operations(user) -> bool:
    """The system administrator keeps the machines: the job queue's workers and their beats."""
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
