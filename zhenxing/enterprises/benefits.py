"""Pages of 免申即享 policies (policies that benefit enterprises without application): the list
with each policy's funnel, record and edit, a policy's page with its funnel, the enterprises
served and those its criteria propose, the actions on each enterprise served, and the export."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from zhenxing.enterprises import access, selectors, services
from zhenxing.enterprises.forms import (
    BenefitPolicyForm,
    DeclineForm,
    GrantForm,
    IdentifyForm,
    NotifyForm,
)
from zhenxing.enterprises.models import BenefitGrant
from zhenxing.lib.actions import run_form_action
from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.xlsx_export import CONTENT_TYPE, SheetTable, tables_to_xlsx
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs.access import require


def _policies(request):
    policies = within_mechanism(
        access.benefit_policies_visible_to(request.user), mechanism_in_use(request)
    )
    return selectors.policies_with_funnel(policies)


@login_required
def benefit_list(request):
    require(access.may_use_enterprises(request.user))
    context = {
        "policies": _policies(request),
        "may_manage": access.may_manage_benefits(request.user),
    }
    return render(request, "enterprises/benefit_list.html", context)


@login_required
def benefit_edit(request, pk=None):
    require(access.may_manage_benefits(request.user))
    mechanism = mechanism_in_use(request)
    require(mechanism is not None)
    policy = access.get_benefit_policy_for_user(request.user, pk)[0] if pk else None
    form = BenefitPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST":
        policy = run_form_action(
            request,
            form,
            lambda **data: services.benefit_policy_save(
                mechanism=mechanism, user=request.user, policy=policy, **data
            ),
            _("政策已保存。"),
        )
        if policy:
            return redirect("enterprises:benefit_detail", policy.pk)
    return render(request, "enterprises/benefit_form.html", {"form": form, "policy": policy})


@login_required
def benefit_detail(request, pk):
    policy, may_manage = access.get_benefit_policy_for_user(request.user, pk)
    policy = selectors.policies_with_funnel(type(policy).objects.filter(pk=policy.pk)).get()
    proposed = selectors.eligible_enterprises(
        policy, access.enterprises_visible_to(request.user)
    ).select_related("region")
    context = {
        "policy": policy,
        "steps": selectors.funnel_steps(policy),
        "grants": access.benefit_grants_visible_to(request.user, policy),
        "may_manage": may_manage,
        "identify_form": IdentifyForm(proposed=proposed) if may_manage else None,
        "today": timezone.localdate(),
    }
    return render(request, "enterprises/benefit_detail.html", context)


@login_required
@require_POST
def benefit_identify(request, pk):
    policy, may_manage = access.get_benefit_policy_for_user(request.user, pk)
    require(may_manage)
    proposed = selectors.eligible_enterprises(policy, access.enterprises_visible_to(request.user))
    run_form_action(
        request,
        IdentifyForm(request.POST, proposed=proposed),
        lambda enterprises: services.benefit_grants_identify(
            policy=policy, enterprises=enterprises
        ),
        _("已列入兑现名单。"),
    )
    return redirect("enterprises:benefit_detail", policy.pk)


GRANT_ACTIONS = {
    "notify": (NotifyForm, services.benefit_grant_notify, gettext_noop("已记录告知。")),
    "grant": (GrantForm, services.benefit_grant_grant, gettext_noop("已记录兑现。")),
    "decline": (DeclineForm, services.benefit_grant_decline, gettext_noop("已记录未兑现原因。")),
}


@login_required
@require_POST
def benefit_grant_action(request, pk, action):
    grant = access.get_benefit_grant_to_change(request.user, pk)
    form_class, service, success = GRANT_ACTIONS[action]
    run_form_action(
        request,
        form_class(request.POST),
        lambda **data: service(grant=grant, **data),
        _(success),
    )
    return redirect("enterprises:benefit_detail", grant.policy_id)


@login_required
def benefits_export(request):
    require(access.may_use_enterprises(request.user))
    policies = list(_policies(request))
    grants = BenefitGrant.objects.filter(
        policy__in=policies, enterprise__in=access.enterprises_visible_to(request.user)
    ).select_related("policy", "enterprise")
    content = _benefits_xlsx(policies, grants)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="benefit-policies.xlsx"'
    return response


@in_chinese
def _benefits_xlsx(policies, grants) -> bytes:
    summary = SheetTable(
        name="免申即享政策",
        title="免申即享政策兑现情况",
        headers=["政策名称", "发布单位", "文号", "发布日期", "惠企方式", "已识别", "已告知"]
        + ["已兑现", "未兑现", "兑现金额（万元）"],
        rows=[
            [
                policy.title,
                policy.issuing_unit.display_name,
                policy.document_number,
                policy.announced_on,
                policy.get_kind_display(),
                policy.identified,
                policy.notified,
                policy.granted,
                policy.declined,
                (policy.money_granted or 0) / 10_000,
            ]
            for policy in policies
        ],
        widths=[40, 24, 20, 12, 12, 8, 8, 8, 8, 16],
        number_format="#,##0.00",
    )
    detail = SheetTable(
        name="兑现明细",
        title="免申即享政策兑现明细",
        headers=["政策名称", "企业名称", "统一社会信用代码", "状态", "告知日期", "兑现日期"]
        + ["兑现金额（万元）", "未兑现原因"],
        rows=[
            [
                grant.policy.title,
                grant.enterprise.name,
                grant.enterprise.credit_code,
                grant.get_status_display(),
                grant.notified_on,
                grant.granted_on,
                grant.amount / 10_000 if grant.amount is not None else None,
                grant.decline_reason,
            ]
            for grant in grants
        ],
        widths=[40, 36, 22, 8, 12, 12, 16, 30],
        number_format="#,##0.00",
    )
    return tables_to_xlsx([summary, detail], title=summary.title)
