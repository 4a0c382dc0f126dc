"""Writes of the public side: what a mechanism publishes; suggestions received, routed,
answered and published."""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhenxing.mechanisms.models import Mechanism
from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.policies.models import DivisionPlan
from zhenxing.public import selectors
from zhenxing.public.models import Publication, Suggestion


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
    # By id: the model's ordering (…, plan) joins plans outer, and PostgreSQL refuses FOR UPDATE
    # on the nullable side of an outer join.
    for publication in mechanism.publications.order_by("pk").select_for_update():
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


def _receipt_number() -> str:
    """YJ, the date and ten random characters: unguessable, so receipts cannot be enumerated."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    random_part = "".join(secrets.choice(alphabet) for _character in range(10))
    return f"YJ{timezone.localdate():%Y%m%d}{random_part}"


@transaction.atomic
def suggestion_submit(
    *,
    mechanism: Mechanism,
    category: str,
    region,
    text: str,
    contact_name: str,
    contact: str,
    attachment: tuple[str, bytes, str] | None = None,
) -> Suggestion:
    """Receive a suggestion from the public; `attachment` is (safe name, bytes, content type),
    already through `lib.evidence.checked_evidence`. Returns it with its receipt number."""
    suggestion = Suggestion(
        mechanism=mechanism,
        receipt_number=_receipt_number(),
        category=category,
        region=region,
        text=text,
        contact_name=contact_name,
        contact=contact,
    )
    if attachment is not None:
        name, data, content_type = attachment
        suffix = name.rsplit(".", 1)[-1].lower()
        suggestion.attachment.save(
            f"{secrets.token_hex(12)}.{suffix}", ContentFile(data), save=False
        )
        suggestion.attachment_name, suggestion.attachment_type = name, content_type
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_route(*, suggestion: Suggestion, unit, note: str, user) -> Suggestion:
    """Send a suggestion to the unit responsible for answering it (again, to another unit)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status == Suggestion.Status.ANSWERED:
        raise ValidationError("已答复的意见建议不能再转办。")
    suggestion.responsible_unit = unit
    suggestion.routing_note = note
    suggestion.routed_at = timezone.now()
    suggestion.status = Suggestion.Status.ROUTED
    suggestion.save()
    notifications_send_to_units(
        unit_ids=[unit.pk],
        kind=Notification.Kind.ASSIGNMENT,
        title=f"公众意见建议转办：{suggestion.receipt_number}",
        body=note,
        link=reverse("public:suggestion_detail", args=[suggestion.pk]),
    )
    return suggestion


@transaction.atomic
def suggestion_answer(*, suggestion: Suggestion, answer: str, user) -> Suggestion:
    """The responsible unit's answer (it may correct it until the secretariat publishes it)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status == Suggestion.Status.RECEIVED:
        raise ValidationError("尚未转办的意见建议不能答复。")
    if suggestion.answer_published:
        raise ValidationError("答复已公开，不能再修改。")
    suggestion.answer = answer
    suggestion.answered_by = user
    suggestion.answered_at = timezone.now()
    suggestion.status = Suggestion.Status.ANSWERED
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_publish(
    *, suggestion: Suggestion, answer_published: bool, listed_publicly: bool, user
) -> Suggestion:
    """Show the answer on the status page and, if chosen, in the public list (or withdraw)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if answer_published and suggestion.status != Suggestion.Status.ANSWERED:
        raise ValidationError("尚未答复，不能公开。")
    suggestion.answer_published = answer_published
    suggestion.listed_publicly = listed_publicly and answer_published
    suggestion.save()
    return suggestion
