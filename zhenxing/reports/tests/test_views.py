"""Report pages: the permission matrix, the draft's live figures, narrative edits, finalise, download."""

import hashlib

import pytest

from zhenxing.reports.models import Report
from zhenxing.reports.services import report_create, report_finalise

READERS = [
    "lead_liaison",
    "participant_liaison",
    "province_liaison",
    "province_leader",
    "outsider",
    "reader",
    "inspector",
]
ADMINISTRATORS = ["system_admin", "security_admin", "audit_admin"]


@pytest.fixture
def reports(demo, personas):
    draft = report_create(
        user=personas.secretariat, kind=Report.Kind.PROGRESS, period_label=demo["quarter"]
    )
    final = report_finalise(
        report=report_create(
            user=personas.secretariat, kind=Report.Kind.PROGRESS, period_label=demo["quarter"]
        ),
        user=personas.secretariat,
    )
    return {"draft": draft, "final": final}


def status_of(client, user, method, url, data=None):
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


@pytest.mark.parametrize("persona", ["secretariat", *READERS, *ADMINISTRATORS, None])
def test_permission_matrix(client, personas, reports, persona):
    user = getattr(personas, persona) if persona else None
    draft, final = reports["draft"], reports["final"]
    secretariat = persona == "secretariat"
    administrator = persona in ADMINISTRATORS
    anonymous = persona is None
    expected_read = 302 if anonymous else 403 if administrator else 200
    assert status_of(client, user, "get", "/reports/") == expected_read
    assert status_of(client, user, "get", f"/reports/{final.pk}/") == expected_read
    assert status_of(client, user, "get", f"/reports/{final.pk}/download/docx/") == expected_read
    draft_read = 302 if anonymous else 200 if secretariat else 403 if administrator else 404
    assert status_of(client, user, "get", f"/reports/{draft.pk}/") == draft_read
    write = 302 if anonymous else 403 if administrator else None
    new_status = status_of(
        client, user, "post", "/reports/new/", {"kind": "progress", "period_label": "2026Q1"}
    )
    assert new_status == (write or (302 if secretariat else 403))
    narratives = status_of(
        client,
        user,
        "post",
        f"/reports/{draft.pk}/narratives/",
        {"version": 1, "narrative-overview": "x"},
    )
    assert narratives == (write or (302 if secretariat else 404))
    finalise = status_of(client, user, "post", f"/reports/{final.pk}/finalise/")
    assert finalise == (write or 403)


def test_draft_edit_finalise_and_identical_download(client, personas, reports):
    client.force_login(personas.secretariat)
    draft = reports["draft"]
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    assert f"共跟踪重点任务{22}项" in page and 'name="narrative-overview"' in page
    response = client.post(
        f"/reports/{draft.pk}/narratives/",
        {"version": draft.version, "narrative-overview": "本季度总体进展顺利。"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    stale = client.post(
        f"/reports/{draft.pk}/narratives/",
        {"version": draft.version, "narrative-overview": "旧版本"},
        HTTP_HX_REQUEST="true",
    )
    assert stale.status_code == 409 and "他人修改" in stale.content.decode()
    draft.refresh_from_db()
    assert draft.narratives["overview"] == "本季度总体进展顺利。"
    assert client.post(f"/reports/{draft.pk}/finalise/").status_code == 302
    draft.refresh_from_db()
    assert draft.is_final
    first = client.get(f"/reports/{draft.pk}/download/pdf/")
    second = client.get(f"/reports/{draft.pk}/download/pdf/")
    assert first.content == second.content
    assert (
        hashlib.sha256(first.content).hexdigest() == draft.pdf_sha256 == first["X-Content-SHA256"]
    )
    assert "本季度总体进展顺利。" in client.get(f"/reports/{draft.pk}/").content.decode()
