"""Who may see and change projects, imports and the funnel. Used by pages, the API and exports.

- Secretariat officers see and edit every project, import any list, keep signing events.
- A unit's liaison or leader (province or city government) sees and edits the projects it is
  responsible for (its unit or one of its departments is the responsible unit) and those in its
  region, and imports its own lists (rows outside that scope are refused).
- Leading-group readers and inspectors read everything.
- The three administrators have no business with projects (403).
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zhenxing.orgs import access
from zhenxing.orgs.models import Role, Unit
from zhenxing.projects.models import ImportJob, Project, SignedProject, SigningEvent

READING_ROLES = (Role.SECRETARIAT_OFFICER, *access.READER_ROLES, *access.UNIT_ROLES)


def may_read_projects(user) -> bool:
    return access.has_role(user, *READING_ROLES)


def may_import_projects(user) -> bool:
    return access.is_secretariat(user) or access.is_unit_person(user)


def may_manage_events(user) -> bool:
    return access.is_secretariat(user)


def region_code_of_user(user) -> str:
    """The region a unit user answers for ("" for the secretariat, readers, central units)."""
    top = access.acting_unit(user)
    if top is None:
        return ""
    return top.region.code if top.region_id else ""


def unit_and_departments(unit: Unit) -> Q:
    """Projects whose responsible unit is `unit` or one of its departments, as a list of ids:
    the partial index on the responsible unit answers it (a join on the parent would scan
    the whole library, 0.9 s at a million projects)."""
    ids = [unit.pk, *Unit.objects.filter(parent=unit).values_list("pk", flat=True)]
    return Q(responsible_unit_id__in=ids)


def _unit_scope(user) -> Q:
    top = access.acting_unit(user)
    scope = unit_and_departments(top)
    region_code = top.region.code if top.region_id else ""
    if region_code.endswith("0000"):
        scope |= Q(province_code=region_code)
    elif region_code.endswith("00"):
        scope |= Q(prefecture_code=region_code)
    elif region_code:
        scope |= Q(region__code=region_code)
    return scope


def projects_visible_to(user) -> QuerySet[Project]:
    if not may_read_projects(user):
        return Project.objects.none()
    projects = Project.objects.all()
    if access.sees_everything(user):
        return projects
    return projects.filter(_unit_scope(user))


def may_edit_project(user, project: Project) -> bool:
    if access.is_secretariat(user):
        return True
    if not access.is_unit_person(user):
        return False
    return projects_visible_to(user).filter(pk=project.pk).exists()


def may_create_projects(user) -> bool:
    return may_import_projects(user)


def region_allows(user, region, responsible_unit=None) -> bool:
    """Whether a unit user may put a project in `region` (or under `responsible_unit`)."""
    if access.is_secretariat(user):
        return True
    top = access.acting_unit(user)
    if top is None:
        return False
    if responsible_unit is not None and responsible_unit.top_unit().pk == top.pk:
        return True
    code = top.region.code if top.region_id else ""
    if not code or region is None:
        return False
    prefix = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
    return region.code.startswith(prefix)


def get_project_for_user(user, pk) -> tuple[Project, bool]:
    """The project and whether the user may edit it; 403 for roles without project pages,
    404 for a project outside the user's scope."""
    access.require(may_read_projects(user))
    project = get_object_or_404(
        projects_visible_to(user).select_related(
            "region__parent__parent", "responsible_unit", "signing_event"
        ),
        pk=pk,
    )
    return project, may_edit_project(user, project)


def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    if access.is_secretariat(user):
        return ImportJob.objects.all()
    if not may_import_projects(user):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(uploaded_by=user)


def get_import_job_for_user(user, pk) -> ImportJob:
    access.require(may_import_projects(user))
    return get_object_or_404(import_jobs_visible_to(user), pk=pk)


def events_visible_to(user) -> QuerySet[SigningEvent]:
    if not may_read_projects(user):
        return SigningEvent.objects.none()
    return SigningEvent.objects.all()


def signed_projects_visible_to(user) -> QuerySet[SignedProject]:
    if not may_read_projects(user):
        return SignedProject.objects.none()
    signed = SignedProject.objects.all()
    if access.sees_everything(user):
        return signed
    top = access.acting_unit(user)
    scope = unit_and_departments(top)
    region_code = top.region.code if top.region_id else ""
    if region_code.endswith("0000"):
        scope |= Q(province_code=region_code)
    elif region_code:
        scope |= Q(region__code__startswith=region_code[:4])
    return signed.filter(scope)


def may_edit_signed_project(user, signed: SignedProject) -> bool:
    if access.is_secretariat(user):
        return True
    return (
        access.is_unit_person(user)
        and signed_projects_visible_to(user).filter(pk=signed.pk).exists()
    )


def get_event_for_user(user, pk) -> tuple[SigningEvent, bool]:
    access.require(may_read_projects(user))
    event = get_object_or_404(events_visible_to(user).select_related("region"), pk=pk)
    return event, may_manage_events(user)


def get_signed_project_for_user(user, pk) -> tuple[SignedProject, bool]:
    access.require(may_read_projects(user))
    signed = get_object_or_404(
        signed_projects_visible_to(user).select_related("event", "region", "project"), pk=pk
    )
    return signed, may_edit_signed_project(user, signed)
