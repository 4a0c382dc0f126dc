"""Reads for mechanisms: the list of every mechanism with its level and parent."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from zhenxing.mechanisms.models import Mechanism


def mechanisms_with_member_counts(on_date: datetime.date | None = None):
    """Every mechanism, top level first, with its parent, units and current member count."""
    on_date = on_date or timezone.localdate()
    current = (
        Q(memberships__valid_from__isnull=True) | Q(memberships__valid_from__lte=on_date)
    ) & (Q(memberships__valid_to__isnull=True) | Q(memberships__valid_to__gt=on_date))
    return Mechanism.objects.select_related(
        "parent", "lead_unit", "secretariat_unit", "region"
    ).annotate(member_count=Count("memberships", filter=current))


def mechanism_list_rows(on_date: datetime.date | None = None) -> list[dict]:
    """The `mechanism list --json` contract: one row per mechanism, parent by name."""
    return [
        {
            "code": mechanism.code,
            "name": mechanism.name,
            "short_name": mechanism.short_name,
            "level": mechanism.level,
            "parent": mechanism.parent.name if mechanism.parent else None,
            "region": mechanism.region.name if mechanism.region else None,
            "lead_unit": mechanism.lead_unit.full_name,
            "secretariat_unit": mechanism.secretariat_unit.full_name,
            "members": mechanism.member_count,
        }
        for mechanism in mechanisms_with_member_counts(on_date)
    ]
