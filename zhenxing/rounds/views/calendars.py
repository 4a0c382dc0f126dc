"""The reporting calendar: a period's rounds level by level, lower levels due first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.mechanisms.scope import may_work_in, mechanism_in_use
from zhenxing.orgs.access import require, sees_everything
from zhenxing.rounds import access, services
from zhenxing.rounds.selectors.calendars import calendar_periods, calendar_rows
from zhenxing.rounds.views import render_page


@login_required
def calendar(request):
    require(sees_everything(request.user))
    mechanism = mechanism_in_use(request)
    require(mechanism is not None)
    periods = calendar_periods(mechanism)
    period = request.GET.get("period") or (periods[0] if periods else "")
    context = {
        "mechanism": mechanism,
        "periods": periods,
        "period": period,
        "rows": calendar_rows(mechanism=mechanism, period_label=period) if period else [],
    }
    return render_page(request, "rounds/calendar.html", context)


@login_required
@require_POST
def round_children_open(request, pk):
    round_, can_manage = access.get_round_for_user(request.user, pk)
    require(can_manage and round_.mechanism is not None)
    require(may_work_in(request.user, round_.mechanism))
    try:
        opened = services.round_children_open(round_=round_, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已为下级发起 %(count)s 次调度。") % {"count": len(opened)})
    return redirect(f"{reverse('rounds:calendar')}?period={round_.period_label}")
