"""What the indicators app does when other apps announce something (connected in apps.ready)."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import ngettext

from zhenxing.indicators import services
from zhenxing.policies.signals import division_plan_drafted


@receiver(division_plan_drafted)
def propose_targets_of_drafted_plan(sender, plan, **kwargs):
    """A new plan's tasks that state a target (地区生产总值增长6%以上) propose it for confirmation:
    for the year of the plan's document (else this year), nationally — the secretariat sets a
    region on the target list when the plan is a province's."""
    document = plan.document
    if document is not None and document.issued_on is not None:
        year = document.issued_on.year
    else:
        year = timezone.localdate().year
    proposals = services.targets_propose_from_plan(plan=plan, region=None, year=year)
    if not proposals.created:
        return None
    return ngettext(
        "从任务中读出 %(count)d 个指标目标，已列入指标目标待确认。",
        "从任务中读出 %(count)d 个指标目标，已列入指标目标待确认。",
        len(proposals.created),
    ) % {"count": len(proposals.created)}
