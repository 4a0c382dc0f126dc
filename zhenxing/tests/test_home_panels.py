"""The home page's panels on the demo data: each role sees the figures of projects,
coordination and inspections that the apps' own dashboards show it, and only for what it may
see; administrators see none of them."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from zhenxing.coordination import access as coordination_access
from zhenxing.coordination import selectors as coordination_selectors
from zhenxing.inspections import access as inspections_access
from zhenxing.inspections import selectors as inspections_selectors
from zhenxing.orgs.models import User
from zhenxing.projects import access as projects_access
from zhenxing.projects.models import Project

pytestmark = pytest.mark.django_db


def home_of(username: str):
    user = User.objects.get(username=username)
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    client = Client()
    client.force_login(user)
    return user, client.get("/")


def test_each_role_sees_its_own_figures_on_the_home_page():
    call_command("demo-data", stdout=io.StringIO())

    user, home = home_of("secretariat")
    assert home.status_code == 200
    panels = home.context
    assert panels["projects"]["project_count"] == Project.objects.count() == 240
    board = coordination_selectors.dashboard(coordination_access.matters_visible_to(user))
    assert panels["coordination"]["open"] == board.open_count > 0
    assert panels["coordination"]["overdue"] == len(board.overdue)
    assert panels["coordination"]["awaiting_decision"] == board.awaiting_decision
    assert panels["coordination"]["to_answer"] is None  # the secretariat answers nobody
    findings = inspections_access.findings_visible_to(user)
    totals = inspections_selectors.totals(inspections_selectors.findings_by_unit(findings))
    assert panels["inspections"] == totals and totals["open"] > 0
    page = home.content.decode()
    for panel in ("rounds-panel", "projects-panel", "coordination-panel", "inspections-panel"):
        assert f'id="{panel}"' in page
    assert f'data-figure="project_count">{Project.objects.count()}<' in page

    user, home = home_of("liaoning.liaison")  # a province: its own region's projects only
    liaoning = projects_access.projects_visible_to(user).count()
    assert 0 < home.context["projects"]["project_count"] == liaoning < 240
    assert home.context["coordination"]["to_answer"] == (
        coordination_access.pending_requests_for(user).count()
    )
    mine = inspections_access.findings_visible_to(user)
    assert home.context["inspections"]["total"] == mine.count() < findings.count()

    user, home = home_of("mof.liaison")  # a ministry: the projects it is responsible for
    assert home.context["projects"]["project_count"] == (
        projects_access.projects_visible_to(user).count()
    )

    _user, home = home_of("reader")
    assert home.context["projects"]["project_count"] == 240
    assert home.context["coordination"]["to_answer"] is None

    _user, home = home_of("sysadmin")  # administrators: the home page, no business figures
    assert home.status_code == 200
    for panel in ("rounds", "projects", "coordination", "inspections"):
        assert home.context[panel] is None, panel
