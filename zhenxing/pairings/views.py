"""Pages of pairing cooperation: the dashboard of all pairs (with its chart and Excel export)
and a pair's page with its projects, parks, exchanges and evaluations."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhenxing.lib.money import WAN, in_unit
from zhenxing.orgs.access import require
from zhenxing.pairings import access, selectors
from zhenxing.pairings.exports import dashboard_xlsx
from zhenxing.projects.views import wants_xlsx, xlsx_response


@login_required
def dashboard(request):
    require(access.may_read_pairings(request.user))
    rows = selectors.dashboard_rows()
    totals = selectors.dashboard_totals(rows)
    if wants_xlsx(request):
        return xlsx_response(dashboard_xlsx(rows, totals), "对口合作.xlsx")
    chart = [
        {
            "name": str(row["pairing"]),
            "partner_investment": float(in_unit(row["partner_investment"], WAN)),
            "park_investment": float(in_unit(row["park_investment"], WAN)),
        }
        for row in rows
    ]
    context = {
        "rows": rows,
        "totals": totals,
        "chart": chart,
        "may_edit": access.may_edit_pairings(request.user),
    }
    return render(request, "pairings/dashboard.html", context)


@login_required
def pairing_detail(request, pk):
    pairing, may_edit = access.get_pairing_for_user(request.user, pk)
    context = {
        "pairing": pairing,
        "row": selectors.dashboard_rows(type(pairing).objects.filter(pk=pairing.pk))[0],
        "projects": pairing.projects.select_related("project__region"),
        "parks": pairing.parks.all(),
        "exchanges": pairing.exchanges.all(),
        "evaluations": pairing.evaluations.all(),
        "may_edit": may_edit,
    }
    return render(request, "pairings/pairing_detail.html", context)
