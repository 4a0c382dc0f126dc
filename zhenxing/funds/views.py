"""Pages of central funds: the allocations of the mechanism in use (filters, totals by kind,
slow-disbursement warnings, Excel export) and an allocation's page with its funded projects,
its disbursement history and the responsible unit's report form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenxing.funds import access, selectors, services
from zhenxing.funds.exports import allocations_xlsx
from zhenxing.funds.forms import AllocationFilterForm, DisbursementForm
from zhenxing.funds.models import Allocation
from zhenxing.lib.money import WAN, to_yuan
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.projects.views import wants_xlsx, xlsx_response


@login_required
def allocation_list(request):
    require(access.may_read_funds(request.user))
    allocations = within_mechanism(Allocation.objects.all(), mechanism_in_use(request))
    years = selectors.years(allocations)
    form = AllocationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("kind"):
        allocations = allocations.filter(programme__kind=filters["kind"])
    year = filters.get("year") or (years[0] if years else None)
    if year:
        allocations = allocations.filter(year=year)
    states = selectors.allocation_states(allocations, timezone.localdate())
    if filters.get("slow"):
        states = [state for state in states if state.slow]
    if wants_xlsx(request):
        return xlsx_response(allocations_xlsx(states), f"中央资金{year or ''}.xlsx")
    context = {
        "form": form,
        "year": year,
        "years": years,
        "states": states,
        "totals": selectors.totals_by_kind(states),
        "slow_count": sum(state.slow for state in states),
    }
    return render(request, "funds/allocation_list.html", context)


@login_required
def allocation_detail(request, pk):
    allocation, may_report = access.get_allocation_for_user(request.user, pk)
    form = DisbursementForm(initial={"as_of": timezone.localdate()})
    if request.method == "POST":
        require(may_report)
        form = DisbursementForm(request.POST)
        if form.is_valid():
            try:
                services.disbursement_report(
                    allocation=allocation,
                    user=request.user,
                    as_of=form.cleaned_data["as_of"],
                    disbursed=to_yuan(form.cleaned_data["disbursed"], WAN),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("支出情况已报送。"))
                return redirect("funds:allocation_detail", allocation.pk)
    state = selectors.allocation_states(
        Allocation.objects.filter(pk=allocation.pk), timezone.localdate()
    )[0]
    context = {
        "allocation": allocation,
        "state": state,
        "funded": allocation.funded.select_related("project__region"),
        "disbursements": allocation.disbursements.select_related("reported_by"),
        "form": form,
        "may_report": may_report,
    }
    return render(request, "funds/allocation_detail.html", context)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
