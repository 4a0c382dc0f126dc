"""Who may do what with the transformation evaluation: every business role reads published
evaluations of the mechanism in use; the secretariat (and the leading group's readers and
inspectors, who see everything) also read drafts; the secretariat opens evaluations, enters
and imports values and publishes. Administrators see no business data."""

from django.shortcuts import get_object_or_404

from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs.access import has_role, is_secretariat, require, sees_everything
from zhenxing.orgs.models import BUSINESS_ROLES
from zhenxing.transformations import selectors
from zhenxing.transformations.models import Evaluation


def may_read_evaluations(user) -> bool:
    return has_role(user, *BUSINESS_ROLES)


def may_manage_evaluations(user) -> bool:
    return is_secretariat(user)


def may_change_evaluation(user, evaluation: Evaluation) -> bool:
    """The secretariat changes an evaluation's values until it is published."""
    return may_manage_evaluations(user) and evaluation.status == Evaluation.Status.DRAFT


def evaluations_visible_to(queryset, user):
    return selectors.visible_evaluations(queryset, drafts=sees_everything(user))


def get_evaluation_for_user(user, pk: int) -> tuple[Evaluation, bool]:
    """An evaluation the user may read in their mechanisms, and whether they may change it
    (enter, import, publish); 403 when evaluations are not read, 404 for a draft or another
    mechanism's."""
    require(may_read_evaluations(user))
    evaluations = within_mechanisms_of(
        evaluations_visible_to(Evaluation.objects.select_related("mechanism__region"), user), user
    )
    evaluation = get_object_or_404(evaluations, pk=pk)
    return evaluation, may_change_evaluation(user, evaluation)
