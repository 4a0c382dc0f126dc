"""Permission matrix: every rounds page and API route, for every persona.

Columns: anonymous, secretariat, lead_liaison (NDRC), participant_liaison (MOF),
province_liaison and province_leader (Liaoning), outsider (Jilin), reader, inspector, and the
system, security and audit administrators. "L" is a redirect to the login page.

The world (see conftest.shared): task 1 — NDRC (lead) draft, MOF draft, Liaoning submitted;
task 2 — MOF (lead) submitted, NDRC returned; task 3 — Liaoning (lead) accepted; MOF's pending
extension request on task 2.
"""

import pytest

from zhenxing.rounds.models import ExtensionRequest, ReportingRound, Submission
from zhenxing.rounds.tests.conftest import PERSONA_NAMES

COLUMNS = ["anonymous", *PERSONA_NAMES]

PAGES = {
    # name: (url, expected codes in COLUMNS order)
    "round list": ("/rounds/", "L 200 200 200 200 200 200 200 200 403 403 403"),
    "round list export": ("/rounds/?export=rounds", "L 200 200 200 200 200 200 200 200 403 403 403"),
    "open a round": ("/rounds/new/", "L 200 403 403 403 403 403 403 403 403 403 403"),
    "schedules": ("/rounds/schedules/", "L 200 403 403 403 403 403 403 403 403 403 403"),
    "round dashboard": ("/rounds/{round}/", "L 200 200 200 200 200 404 200 200 403 403 403"),
    "round export": ("/rounds/{round}/?export=completion", "L 200 403 403 403 403 404 200 200 403 403 403"),
    "NDRC lead draft": ("/rounds/submissions/{ndrc_1}/", "L 200 200 404 404 404 404 404 404 403 403 403"),
    "MOF participant draft": ("/rounds/submissions/{mof_1}/", "L 200 404 200 404 404 404 404 404 403 403 403"),
    "Liaoning submitted on NDRC's task": ("/rounds/submissions/{liaoning_1}/", "L 200 200 404 200 200 404 200 200 403 403 403"),
    "MOF lead submitted": ("/rounds/submissions/{mof_2}/", "L 200 404 200 404 404 404 200 200 403 403 403"),
    "NDRC participant returned": ("/rounds/submissions/{ndrc_2}/", "L 200 200 404 404 404 404 404 404 403 403 403"),
    "evidence download": ("/rounds/evidence/{evidence}/", "L 200 200 404 200 200 404 200 200 403 403 403"),
    "task 1 record": ("/rounds/tasks/{task_1}/", "L 200 200 200 200 200 404 200 200 403 403 403"),
    "task 3 record": ("/rounds/tasks/{task_3}/", "L 200 404 404 200 200 404 200 200 403 403 403"),
    "extension form task 2": ("/rounds/tasks/{task_2}/extension/", "L 403 403 200 404 404 404 403 403 403 403 403"),
    "extension list": ("/rounds/extensions/", "L 200 200 200 200 200 200 200 200 403 403 403"),
    "extension decision page": ("/rounds/extensions/{extension}/", "L 200 404 200 404 404 404 200 200 403 403 403"),
    "secretariat dashboard": ("/rounds/dashboard/", "L 200 403 403 403 403 403 200 200 403 403 403"),
    "dashboard export": ("/rounds/dashboard/?export=league", "L 200 403 403 403 403 403 200 200 403 403 403"),
    "unit dashboard": ("/rounds/my/", "L 403 200 200 200 200 200 403 403 403 403 403"),
    "unit dashboard export": ("/rounds/my/?export=due", "L 403 200 200 200 200 200 403 403 403 403 403"),
    "leading-group overview": ("/rounds/overview/", "L 200 403 403 403 403 403 200 200 403 403 403"),
}  # fmt: skip

FORM = {"version": "{version}", "progress_status": "on_track", "progress": "POSTED"}
ACTIONS = {
    # name: (url, data, htmx, expected); the refused personas go first, then those allowed.
    "autosave MOF draft": ("/rounds/submissions/{mof_1}/save/", FORM, True, "L 403 404 200 404 404 404 404 404 403 403 403"),
    "submit MOF draft": ("/rounds/submissions/{mof_1}/submit/", FORM, False, "L 403 404 302 404 404 404 404 404 403 403 403"),
    "upload evidence to MOF draft": ("/rounds/submissions/{mof_1}/evidence/", {}, True, "L 403 404 200 404 404 404 404 404 403 403 403"),
    "remove submitted evidence": ("/rounds/evidence/{evidence}/remove/", {}, False, "L 403 403 404 403 403 404 403 403 403 403 403"),
    "return Liaoning": ("/rounds/submissions/{liaoning_1}/return/", {"note": "补充"}, False, "L 302 403 404 403 403 404 403 403 403 403 403"),
    "accept Liaoning": ("/rounds/submissions/{liaoning_1}/accept/", {}, False, "L 302 403 404 403 403 404 403 403 403 403 403"),
    "close out task 3": ("/rounds/submissions/{liaoning_3}/close-out/", {}, False, "L 302 404 404 403 403 404 403 403 403 403 403"),
    "close the round": ("/rounds/{round}/close/", {}, False, "L 302 403 403 403 403 404 403 403 403 403 403"),
    "bulk accept": ("/rounds/submissions/accept/", {"submission": "{liaoning_1}"}, False, "L 302 403 403 403 403 403 403 403 403 403 403"),
    "chase units": ("/rounds/{round}/chase/", {"unit": "{mof}"}, False, "L 302 403 403 403 403 404 403 403 403 403 403"),
    "rate task 1": ("/rounds/tasks/{task_1}/rate/", {"rating": "yellow"}, False, "L 302 403 403 403 403 404 403 403 403 403 403"),
    "request extension task 1": ("/rounds/tasks/{task_1}/extension/", {"requested_due_date": "2027-03-31", "reason": "理由"}, False, "L 403 302 403 403 403 404 403 403 403 403 403"),
    "decide extension": ("/rounds/extensions/{extension}/", {"decision": "approve"}, False, "L 302 404 403 404 404 404 403 403 403 403 403"),
    "open a round": ("/rounds/new/", {"plan": "{plan}", "period_kind": "quarter", "period_label": "2026Q4", "due_date": "2027-01-15", "scope": "plan"}, False, "L 302 403 403 403 403 403 403 403 403 403 403"),
    "add a schedule": ("/rounds/schedules/", {"plan": "{plan}", "period_kind": "quarter", "days_after_period_end": "10", "is_active": "on"}, False, "L 302 403 403 403 403 403 403 403 403 403 403"),
}  # fmt: skip

FILE = "multipart file"  # a body of one uploaded file, field `file`
API = {
    # name: (method, url, json body, expected); 401 is "not logged in".
    "list rounds": ("get", "/api/v1/rounds", None, "401 200 200 200 200 200 200 200 200 403 403 403"),
    "a round": ("get", "/api/v1/rounds/{round}", None, "401 200 200 200 200 200 404 200 200 403 403 403"),
    "round completion": ("get", "/api/v1/rounds/{round}/completion", None, "401 200 403 403 403 403 404 200 200 403 403 403"),
    "list submissions": ("get", "/api/v1/rounds/submissions", None, "401 200 200 200 200 200 200 200 200 403 403 403"),
    "MOF draft": ("get", "/api/v1/rounds/submissions/{mof_1}", None, "401 200 404 200 404 404 404 404 404 403 403 403"),
    "Liaoning submitted": ("get", "/api/v1/rounds/submissions/{liaoning_1}", None, "401 200 200 404 200 200 404 200 200 403 403 403"),
    "list extensions": ("get", "/api/v1/rounds/extensions", None, "401 200 200 200 200 200 200 200 200 403 403 403"),
    "colours": ("get", "/api/v1/rounds/dashboards/colours", None, "401 200 200 200 200 200 200 200 200 403 403 403"),
    "league": ("get", "/api/v1/rounds/dashboards/league", None, "401 200 403 403 403 403 403 200 200 403 403 403"),
    "save MOF draft": ("put", "/api/v1/rounds/submissions/{mof_1}/draft", {"version": "{version}", "progress": "API"}, "401 403 404 200 404 404 404 404 404 403 403 403"),
    "submit MOF draft": ("post", "/api/v1/rounds/submissions/{mof_1}/submit", {"version": "{version}"}, "401 403 404 200 404 404 404 404 404 403 403 403"),
    "return Liaoning": ("post", "/api/v1/rounds/submissions/{liaoning_1}/return", {"note": "补充"}, "401 200 403 404 403 403 404 403 403 403 403 403"),
    "accept Liaoning": ("post", "/api/v1/rounds/submissions/{liaoning_1}/accept", {}, "401 200 403 404 403 403 404 403 403 403 403 403"),
    "close the round": ("post", "/api/v1/rounds/{round}/close", {}, "401 200 403 403 403 403 404 403 403 403 403 403"),
    "open a round": ("post", "/api/v1/rounds", {"plan_id": "{plan}", "period_kind": "quarter", "period_label": "2026Q4", "due_date": "2027-01-15"}, "401 201 403 403 403 403 403 403 403 403 403 403"),
    "request extension": ("post", "/api/v1/rounds/extensions", {"task_id": "{task_1}", "requested_due_date": "2027-03-31", "reason": "理由"}, "401 403 201 403 403 403 404 403 403 403 403 403"),
    "decide extension": ("post", "/api/v1/rounds/extensions/{extension}/decide", {"approve": True}, "401 200 404 403 404 404 404 403 403 403 403 403"),
    # The page's actions without an API before issue #21 (the same codes as the pages; a
    # refused service answers 400 where the page redirects with a message).
    "upload evidence to MOF draft": ("post", "/api/v1/rounds/submissions/{mof_1}/evidence", FILE, "401 403 404 201 404 404 404 404 404 403 403 403"),
    "download evidence": ("get", "/api/v1/rounds/evidence/{evidence}", None, "401 200 200 404 200 200 404 200 200 403 403 403"),
    "remove submitted evidence": ("delete", "/api/v1/rounds/evidence/{evidence}", None, "401 403 403 404 403 403 404 403 403 403 403 403"),
    "close out task 3": ("post", "/api/v1/rounds/submissions/{liaoning_3}/close-out", {}, "401 400 404 404 403 403 404 403 403 403 403 403"),
    "bulk accept": ("post", "/api/v1/rounds/submissions/accept", {"submission_ids": ["{liaoning_1}"]}, "401 200 403 403 403 403 403 403 403 403 403 403"),
    "chase units": ("post", "/api/v1/rounds/{round}/chase", {"unit_ids": ["{mof}"]}, "401 200 403 403 403 403 404 403 403 403 403 403"),
    "rate task 1": ("post", "/api/v1/rounds/tasks/{task_1}/assessments", {"rating": "yellow"}, "401 201 403 403 403 403 404 403 403 403 403 403"),
}  # fmt: skip

SUCCESS = {"200", "201", "302"}


def expectations(codes: str) -> list[tuple[str, str]]:
    """(persona, code) pairs, refusals first: an allowed write must not change later answers."""
    pairs = list(zip(COLUMNS, codes.split(), strict=True))
    return sorted(pairs, key=lambda pair: pair[1] in SUCCESS)


def fill(template, shared):
    if isinstance(template, dict):
        return {key: fill(value, shared) for key, value in template.items()}
    if isinstance(template, list):
        return [fill(value, shared) for value in template]
    if not isinstance(template, str):
        return template
    values = {**shared.ids, "plan": shared.world.plan.pk, "mof": shared.units["mof"].pk}
    values["version"] = Submission.objects.get(pk=shared.ids["mof_1"]).version
    filled = template.format(**values)
    return int(filled) if template.startswith("{") and filled.isdigit() else filled


def log_in(client, shared, persona: str):
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(shared.personas, persona))


def check(response, expected: str, persona: str, name: str) -> None:
    if expected == "L":
        assert response.status_code == 302, (name, persona, response.status_code)
        assert response["Location"].startswith("/accounts/login/"), (name, persona)
        return
    assert str(response.status_code) == expected, (name, persona, response.status_code)
    if expected == "302":
        assert not response["Location"].startswith("/accounts/login/"), (name, persona)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_permissions(client, shared, name):
    url, codes = PAGES[name]
    for persona, expected in expectations(codes):
        log_in(client, shared, persona)
        response = client.get(fill(url, shared))
        check(response, expected, persona, name)
        if expected == "200" and "export=" in url:
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACTIONS)
def test_action_permissions(client, shared, name):
    url, data, htmx, codes = ACTIONS[name]
    headers = {"HX-Request": "true"} if htmx else {}
    for persona, expected in expectations(codes):
        log_in(client, shared, persona)
        payload = fill(data, shared)
        if "evidence/" in url and url.endswith("/evidence/"):
            payload = {"file": _upload()}
        response = client.post(fill(url, shared), payload, headers=headers)
        check(response, expected, persona, name)


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("说明.txt", "说明".encode(), content_type="text/plain")


@pytest.mark.django_db
@pytest.mark.parametrize("name", API)
def test_api_permissions(client, shared, name):
    method, url, body, codes = API[name]
    for persona, expected in expectations(codes):
        log_in(client, shared, persona)
        call = getattr(client, method)
        if body is None:
            response = call(fill(url, shared))
        elif body == FILE:
            response = call(fill(url, shared), {"file": _upload()})
        else:
            response = call(fill(url, shared), fill(body, shared), content_type="application/json")
        assert str(response.status_code) == expected, (name, persona, response.content[:200])


@pytest.mark.django_db
def test_a_unit_never_sees_another_units_drafts(client, shared):
    """Not on any page, not in any list, not through the API — only its own and, for the lead,
    its participants' reports once they are submitted."""
    drafts = {"NDRC-DRAFT": "lead_liaison", "MOF-DRAFT": "participant_liaison"}
    pages = ["/rounds/my/", "/rounds/{round}/", "/rounds/submissions/{ndrc_1}/", "/rounds/dashboard/",
             "/rounds/overview/", "/rounds/tasks/{task_1}/", "/api/v1/rounds/submissions",
             "/api/v1/rounds/submissions?round_id={round}"]  # fmt: skip
    for persona in PERSONA_NAMES[:8]:
        log_in(client, shared, persona)
        for page in pages:
            content = client.get(fill(page, shared)).content.decode()
            for draft, owner in drafts.items():
                if persona not in (owner, "secretariat"):
                    assert draft not in content, (persona, page, draft)
    # The lead unit does see its participant's submitted report beside its own draft.
    log_in(client, shared, "lead_liaison")
    page = client.get(fill("/rounds/submissions/{ndrc_1}/", shared)).content.decode()
    assert "LIAONING-SUBMITTED" in page and "MOF-DRAFT" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["reader", "inspector"])
def test_a_leading_group_reader_cannot_edit_anything(client, shared, reader):
    """Every write, page or API, is refused, and nothing in the database changes."""
    log_in(client, shared, reader)
    before = (
        list(Submission.objects.order_by("pk").values_list("status", "version", "progress")),
        list(ReportingRound.objects.values_list("status", flat=True)),
        list(ExtensionRequest.objects.values_list("status", flat=True)),
    )
    for url, data, htmx, _codes in ACTIONS.values():
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.post(fill(url, shared), fill(data, shared), headers=headers)
        assert response.status_code in (403, 404), (url, response.status_code)
    for method, url, body, _codes in API.values():
        if method == "get":
            continue
        if body == FILE:
            response = client.post(fill(url, shared), {"file": _upload()})
        else:
            response = getattr(client, method)(
                fill(url, shared), fill(body, shared), content_type="application/json"
            )
        assert response.status_code in (403, 404), (url, response.status_code)
    after = (
        list(Submission.objects.order_by("pk").values_list("status", "version", "progress")),
        list(ReportingRound.objects.values_list("status", flat=True)),
        list(ExtensionRequest.objects.values_list("status", flat=True)),
    )
    assert before == after
    page = client.get(fill("/rounds/submissions/{liaoning_1}/", shared)).content.decode()
    assert "<form" not in page.split('<main class="content">')[1].split("</main>")[0]


@pytest.mark.django_db
def test_a_stale_draft_gets_409_from_the_api(client, shared):
    log_in(client, shared, "participant_liaison")
    url = fill("/api/v1/rounds/submissions/{mof_1}/draft", shared)
    version = Submission.objects.get(pk=shared.ids["mof_1"]).version
    first = client.put(url, {"version": version, "progress": "甲"}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = client.put(url, {"version": version, "progress": "乙"}, content_type="application/json")
    assert stale.status_code == 409
    assert "已被他人修改" in stale.json()["detail"]
    assert Submission.objects.get(pk=shared.ids["mof_1"]).progress == "甲"


@pytest.mark.django_db
def test_the_supervision_overview_tab_is_shown_to_whoever_may_open_it(client, shared):
    """督办总览 (/rounds/dashboard/) is a tab for every persona the page lets in."""
    for persona in PERSONA_NAMES[:8]:
        log_in(client, shared, persona)
        allowed = client.get("/rounds/dashboard/").status_code == 200
        tabs = client.get("/rounds/").content.decode()
        if client.get("/rounds/").status_code == 302:
            tabs = client.get(client.get("/rounds/")["Location"]).content.decode()
        assert ('href="/rounds/dashboard/"' in tabs) is allowed, persona
