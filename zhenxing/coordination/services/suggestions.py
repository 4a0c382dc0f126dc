"""Writes for policy suggestions: propose, then study, adopt (into a policy) or decline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.coordination.models import PolicySuggestion
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import PolicyDocument

Status = PolicySuggestion.Status
# Where a suggestion may go from each status.
NEXT_STATUSES = {
    Status.PROPOSED: (Status.UNDER_STUDY, Status.ADOPTED, Status.DECLINED),
    Status.UNDER_STUDY: (Status.ADOPTED, Status.DECLINED),
    Status.ADOPTED: (),
    Status.DECLINED: (Status.UNDER_STUDY,),
}


@transaction.atomic
def suggestion_propose(
    *, user, mechanism: Mechanism, unit: Unit, kind: str, title: str, content: str
) -> PolicySuggestion:
    """A member unit puts forward a policy suggestion or a research topic."""
    suggestion = PolicySuggestion(
        mechanism=mechanism,
        kind=kind,
        title=title.strip()[:200],
        content=content.strip(),
        proposing_unit=unit,
        proposed_by=user,
    )
    suggestion.full_clean()
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_decide(
    *,
    suggestion: PolicySuggestion,
    user,
    status: str,
    reason: str = "",
    adopted_in: PolicyDocument | None = None,
) -> PolicySuggestion:
    """Move a suggestion on: under study, adopted (naming the policy) or declined (with reason)."""
    suggestion = PolicySuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if status not in Status.values:
        raise ValidationError("未知的处理结果。")
    if status not in NEXT_STATUSES[suggestion.status]:
        raise ValidationError(
            f"“{suggestion.get_status_display()}”的建议不能改为“{Status(status).label}”。"
        )
    if status == Status.ADOPTED and adopted_in is None:
        raise ValidationError("已采纳的建议须注明采纳它的政策文件。")
    if status == Status.DECLINED and not reason.strip():
        raise ValidationError("不予采纳须写明理由。")
    suggestion.status = status
    suggestion.decision_reason = reason.strip()
    suggestion.adopted_in = adopted_in if status == Status.ADOPTED else None
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    suggestion.full_clean()
    suggestion.save()
    return suggestion
