"""The JSON API and the command-line contract."""

import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from zhenxing.orgs.services import api_token_create
from zhenxing.projects.models import Project
from zhenxing.projects.tests.conftest import row, upload, xlsx_bytes
from zhenxing.testing import client_for

pytestmark = pytest.mark.django_db


def test_api_lists_with_filters_and_scope(personas, sample_projects):
    response = client_for(personas.secretariat).get("/api/v1/projects", {"region": "210000"})
    assert response.status_code == 200
    assert {p["national_code"] for p in response.json()} == {
        "2024-210102-36-03-000001",
        "2025-210202-54-01-000002",
    }
    response = client_for(personas.outsider).get("/api/v1/projects")
    assert [p["region_code"] for p in response.json()] == ["220102"]
    assert client_for(personas.audit_admin).get("/api/v1/projects").status_code == 403
    project = sample_projects["shenyang"]
    assert client_for(personas.outsider).get(f"/api/v1/projects/{project.pk}").status_code == 404
    detail = client_for(personas.reader).get(f"/api/v1/projects/{project.pk}").json()
    assert detail["funding_sources"] == ["central_budget", "special_bonds"]


def test_api_reports_progress_with_a_token(personas, sample_projects):
    _token, raw = api_token_create(user=personas.province_liaison, name="test")
    project = sample_projects["shenyang"]
    payload = {
        "period_label": "2026-10",
        "stage": "completed",
        "annual_planned_investment": "300000000",
        "investment_completed_this_year": "290000000",
        "investment_completed_total": "1190000000",
        "note": "已竣工",
    }
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {raw}"})
    response = client.post(
        f"/api/v1/projects/{project.pk}/updates", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    project.refresh_from_db()
    assert project.stage == "completed"
    updates = client.get(f"/api/v1/projects/{project.pk}/updates").json()
    assert len(updates) == 2
    assert {u["period_label"]: u["source"] for u in updates}["2026-10"] == "api"
    _token, raw = api_token_create(user=personas.reader, name="read")
    reader = Client(headers={"Authorization": f"Bearer {raw}"})
    assert (
        reader.post(
            f"/api/v1/projects/{project.pk}/updates", payload, content_type="application/json"
        ).status_code
        == 403
    )


def test_api_statistics_and_import(personas, sample_projects):
    stats = client_for(personas.secretariat).get("/api/v1/projects/statistics").json()
    assert stats["totals"]["project_count"] == 3
    assert Decimal(stats["totals"]["total_investment"]) == Decimal("6500000000")
    response = client_for(personas.secretariat).post(
        "/api/v1/projects/imports",
        {"file": upload(xlsx_bytes([row(1, "2024-210102-36-03-000009")]))},
    )
    assert response.status_code == 201, response.content
    assert response.json()["imported_count"] == 1
    job_id = response.json()["id"]
    assert (
        client_for(personas.secretariat).get(f"/api/v1/projects/imports/{job_id}").json()["status"]
        == "succeeded"
    )
    assert (
        client_for(personas.reader)
        .post("/api/v1/projects/imports", {"file": upload(b"x")})
        .status_code
        == 403
    )
    funnel = client_for(personas.reader).get("/api/v1/projects/funnel").json()
    assert funnel["overall"]["signed_count"] == 0


def test_command_line_contract(tmp_path, capsys, regions):
    out = tmp_path / "list.xlsx"
    call_command(
        "projects", "generate", "--rows", "120", "--out", str(out), "--invalid-every", "40"
    )
    capsys.readouterr()
    call_command("projects", "import", str(out), "--mode", "valid-rows")
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"imported=117 updated=0 rejected=3 seconds=\d+\.\d\d", line), line
    call_command("projects", "import", str(out), "--mode", "valid-rows")
    assert capsys.readouterr().out.strip().startswith("imported=0 updated=0 rejected=3")
    with pytest.raises(SystemExit):
        call_command("projects", "import", str(out), "--mode", "all-or-nothing")
    assert "imported=0 updated=0 rejected=3" in capsys.readouterr().out
    call_command("projects", "stats", "--json")
    stats = json.loads(capsys.readouterr().out)
    assert stats["project_count"] == 117 == Project.objects.count()
    assert {p["code"] for p in stats["provinces"]} <= {"150000", "210000", "220000", "230000"}
    assert sum(p["project_count"] for p in stats["provinces"]) == 117
    assert all(s["label"] for p in stats["provinces"] for s in p["stages"])


def test_pages_link_together(personas, sample_projects):
    page = client_for(personas.secretariat).get(reverse("projects:project_list")).content.decode()
    assert (
        reverse("projects:project_statistics") in page
        and reverse("projects:project_funnel") in page
    )
