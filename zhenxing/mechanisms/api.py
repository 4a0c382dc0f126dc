"""API: mechanisms with their current members and duties."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.selectors import mechanism_list_rows
from zhenxing.mechanisms.services import mechanism_as_dict
from zhenxing.orgs import access

router = Router(tags=["mechanisms"])


@router.get("", response=list[dict])
def list_mechanisms(request):
    access.require(access.may_use_business_pages(request.user))
    return mechanism_list_rows()


@router.get("/{code}", response=dict)
def get_mechanism(request, code: str, on_date: datetime.date | None = None):
    access.require(access.may_use_business_pages(request.user))
    mechanism = get_object_or_404(
        Mechanism.objects.select_related(
            "leading_group", "lead_unit", "convener_unit", "secretariat_unit__parent"
        ),
        code=code,
    )
    return mechanism_as_dict(mechanism, on_date)
