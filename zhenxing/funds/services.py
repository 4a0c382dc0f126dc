"""Writes of central funds: a responsible unit reports disbursement against an allocation.
The change log records every write (the audit receiver); the secretariat keeps programmes,
allocations and funded projects in the admin site."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenxing.funds.models import Allocation, Disbursement


@transaction.atomic
def disbursement_report(
    *, allocation: Allocation, user, as_of: datetime.date, disbursed: Decimal, note: str = ""
) -> Disbursement:
    """Record the cumulative disbursement by `as_of`. Refused: more than the allocation, less
    than an earlier report says, a date outside the allocation's year or after today."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    errors = {}
    if disbursed > allocation.amount:
        errors["disbursed"] = _("累计支出不能超过下达金额。")
    earlier = allocation.disbursements.filter(as_of__lt=as_of).order_by("-as_of").first()
    if earlier and disbursed < earlier.disbursed:
        errors["disbursed"] = _("累计支出不能少于此前报送的数额。")
    if as_of.year < allocation.year:
        errors["as_of"] = _("截至日期不能早于资金年度。")
    elif as_of > timezone.localdate():
        errors["as_of"] = _("截至日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    disbursement = Disbursement(
        allocation=allocation, as_of=as_of, disbursed=disbursed, note=note, reported_by=user
    )
    disbursement.full_clean()
    disbursement.save()
    return disbursement
