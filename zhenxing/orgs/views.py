"""Unit directory and the signed-in person's own account (password, API tokens)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.orgs import access
from zhenxing.orgs.forms import ApiTokenForm, UnitFilterForm
from zhenxing.orgs.models import Unit, normalize_name
from zhenxing.orgs.services import api_token_create, api_token_revoke


@login_required
def unit_list(request):
    access.require(access.may_use_business_pages(request.user))
    form = UnitFilterForm(request.GET or None)
    units = Unit.objects.select_related("parent", "region", "succeeded_by")
    if form.is_valid():
        if form.cleaned_data["q"]:
            key = normalize_name(form.cleaned_data["q"])
            units = units.filter(
                Q(aliases__normalized_name__contains=key) | Q(full_name__icontains=key)
            ).distinct()
        if form.cleaned_data["kind"]:
            units = units.filter(kind=form.cleaned_data["kind"])
        if not form.cleaned_data["include_former"]:
            units = units.current()
    else:
        units = units.current()
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/unit_list.html", {"form": form, "page": page})


@login_required
def unit_detail(request, pk):
    unit, can_edit = access.get_unit_for_user(request.user, pk)
    context = {
        "unit": unit,
        "can_edit": can_edit,
        "aliases": unit.aliases.all(),
        "departments": unit.departments.all(),
        "predecessors": unit.predecessors.all(),
        "memberships": unit.memberships.select_related("mechanism"),
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.must_change_password = False
        user.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改。"))
        return redirect("home")
    return render(request, "orgs/password_change.html", {"form": form})


@login_required
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    raw_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw_token = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
        except ValidationError as error:
            form.add_error("scopes", error)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": request.user.api_tokens.all(),
        "raw_token": raw_token,
        "lifetime_days": settings.API_TOKEN_LIFETIME_DAYS,
    }
    return render(request, "orgs/token_list.html", context)


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    api_token_revoke(token=token)
    messages.success(request, _("令牌已撤销。"))
    return redirect("accounts:token_list")
