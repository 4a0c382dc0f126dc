"""Who may see and write reports: the secretariat drafts and finalises; finals are read by all."""

from django.shortcuts import get_object_or_404

from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs import access
from zhenxing.reports.models import Report


def may_write_reports(user) -> bool:
    return access.is_secretariat(user)


def visible_reports(user):
    access.require(access.may_use_business_pages(user) and not access.is_administrator(user))
    reports = within_mechanisms_of(
        Report.objects.select_related("created_by", "finalised_by", "round", "plan"), user
    )
    return reports if may_write_reports(user) else reports.filter(status=Report.Status.FINAL)


def get_report_for_user(user, pk) -> tuple[Report, bool]:
    """The report and whether `user` may edit it (drafts are the secretariat's alone)."""
    report = get_object_or_404(visible_reports(user), pk=pk)
    return report, may_write_reports(user) and not report.is_final
