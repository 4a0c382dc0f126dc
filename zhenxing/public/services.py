"""Writes of the open-data site: the secretariat's choice of what a mechanism publishes."""

from django.db import transaction

from zhenxing.mechanisms.models import Mechanism
from zhenxing.policies.models import DivisionPlan
from zhenxing.public import selectors
from zhenxing.public.models import Publication


@transaction.atomic
def publications_set(*, mechanism: Mechanism, datasets, plans, user) -> None:
    """Publish exactly `datasets` (Publication.Dataset values other than "plan") and `plans`
    (published plans of the mechanism); withdraw the rest. Each row added or removed is in the
    change log; the cached datasets are dropped."""
    datasets = {str(dataset) for dataset in datasets} - {Publication.Dataset.PLAN}
    plans = {plan.pk: plan for plan in plans}
    for plan in plans.values():
        if plan.mechanism_id != mechanism.pk or plan.status != DivisionPlan.Status.PUBLISHED:
            raise ValueError(f"plan {plan.pk} is not a published plan of {mechanism.code}")
    for publication in mechanism.publications.select_for_update():
        keep = (
            publication.plan_id in plans if publication.plan_id else publication.dataset in datasets
        )
        if keep:
            datasets.discard(publication.dataset)
            plans.pop(publication.plan_id, None)
        else:
            publication.delete()
    for dataset in sorted(datasets):
        Publication.objects.create(mechanism=mechanism, dataset=dataset, published_by=user)
    for plan in plans.values():
        Publication.objects.create(
            mechanism=mechanism,
            dataset=Publication.Dataset.PLAN,
            plan=plan,
            published_by=user,
        )
    # Dropped at once (this transaction's own later reads) and again once committed: a reader
    # between the two would otherwise cache the withdrawn rows under the new generation.
    selectors.invalidate()
    transaction.on_commit(selectors.invalidate)
