"""Pages of regional programmes: designations by type and province with counts, a region's
designations, and the secretariat's form to record, edit or delete one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.versions import VersionConflict, VersionMissing, form_conflict, parse_version
from zhenxing.orgs.access import require
from zhenxing.programmes import access, selectors, services
from zhenxing.programmes.forms import DesignationFilterForm, DesignationForm


@login_required
def designation_list(request):
    require(access.may_read_designations(request.user))
    form = DesignationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    designations = selectors.designations_filtered(
        kind=filters.get("kind", ""),
        province_code=filters.get("province", ""),
        year=filters.get("year"),
    )
    context = {
        "form": form,
        "designations": designations,
        "counts": selectors.designation_counts(designations),
        "may_edit": access.may_edit_designations(request.user),
    }
    return render(request, "programmes/designation_list.html", context)


@login_required
def region_designations(request, code):
    region, may_edit = access.get_region_for_user(request.user, code)
    context = {
        "region": region,
        "designations": region.designations.all(),
        "may_edit": may_edit,
    }
    return render(request, "programmes/region_designations.html", context)


@login_required
def designation_new(request):
    require(access.may_edit_designations(request.user))
    form = DesignationForm(request.POST or None, initial={"region": request.GET.get("region")})
    if request.method == "POST" and form.is_valid():
        designation = _save(form, lambda: services.designation_create(**form.values()))
        if designation is not None:
            messages.success(request, _("区域类型认定已保存。"))
            return redirect("programmes:region_designations", designation.region.code)
    return render(request, "programmes/designation_form.html", {"form": form})


@login_required
def designation_edit(request, pk):
    """Edit a designation; a save over someone else's newer change answers 409 and shows it."""
    designation, may_edit = access.get_designation_for_user(request.user, pk)
    require(may_edit)
    form = DesignationForm(request.POST or None, instance=designation)
    context = {"form": form, "designation": designation}
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            saved = _save(
                form,
                lambda: services.designation_update(
                    designation=designation,
                    expected_version=form.cleaned_data["version"],
                    **values,
                ),
            )
        except VersionConflict as conflict:
            record = ChangeRecord.objects.latest_for(conflict.current)
            context["conflict"] = form_conflict(form, conflict, record)
            status = 409
        else:
            if saved is not None:
                messages.success(request, _("区域类型认定已保存。"))
                return redirect("programmes:region_designations", saved.region.code)
    return render(request, "programmes/designation_form.html", context, status=status)


@login_required
@require_POST
def designation_delete(request, pk):
    designation, may_edit = access.get_designation_for_user(request.user, pk)
    require(may_edit)
    code = designation.region.code
    try:
        services.designation_delete(
            designation=designation, expected_version=parse_version(request.POST.get("version"))
        )
    except (VersionConflict, VersionMissing) as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("区域类型认定已删除。"))
    return redirect("programmes:region_designations", code)


def _save(form, action):
    """The service's result, or None with its refusal shown on the form (a field's error by
    the field: the form and the service share the model's field names)."""
    try:
        return action()
    except VersionConflict:
        raise
    except ValidationError as error:
        form.add_error(None, error)
        return None
