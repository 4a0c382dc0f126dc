"""Submissions and tasks through the API by cursor: every row once, in order, scope kept."""

import pytest

from zhenxing.lib import pagination
from zhenxing.policies.models import Task
from zhenxing.rounds.models import Submission
from zhenxing.testing import assert_query_baseline, client_for, links, queries_of, walk_cursor

pytestmark = pytest.mark.django_db


def test_submissions_by_cursor_keep_each_units_scope(personas, world):
    everything = list(Submission.objects.order_by("pk").values_list("pk", flat=True))
    assert len(everything) == 6
    client = client_for(personas.secretariat)
    assert walk_cursor(client, "/api/v1/rounds/submissions", {"limit": 2}) == everything
    first = client.get("/api/v1/rounds/submissions", {"limit": 2, "round_id": world.round.pk})
    assert f"round_id={world.round.pk}" in links(first)["next"]
    for name in ("lead_liaison", "participant_liaison", "province_liaison"):
        user = client_for(getattr(personas, name))
        whole = [row["id"] for row in user.get("/api/v1/rounds/submissions").json()]
        assert walk_cursor(user, "/api/v1/rounds/submissions", {"limit": 1}) == whole
        assert set(whole) < set(everything)  # a unit sees its own, not the secretariat's all
        # The secretariat's cursor opens no more to a unit than its own first page does.
        rest = walk_cursor(user, links(first)["next"])
        assert set(rest) <= set(whole)
    offset = client.get("/api/v1/rounds/submissions", {"limit": 2, "offset": 2}).json()
    assert [row["id"] for row in offset] == everything[2:4]  # the old way still answers


def test_tasks_by_cursor(personas, world, monkeypatch):
    monkeypatch.setattr(pagination, "API_PAGE_SIZE", 2)
    expected = list(Task.objects.order_by("plan", "position", "id").values_list("pk", flat=True))
    client = client_for(personas.secretariat)
    assert walk_cursor(client, "/api/v1/policies/tasks") == expected
    assert client.get("/api/v1/policies/tasks", {"cursor": "e30"}).status_code == 400


def test_submission_and_task_api_queries(personas, world, monkeypatch):
    monkeypatch.setattr(pagination, "API_PAGE_SIZE", 2)
    secretariat, liaison = client_for(personas.secretariat), client_for(personas.province_liaison)
    submissions, tasks = "/api/v1/rounds/submissions", "/api/v1/policies/tasks"
    counts = {
        "submissions.api": {
            "first": queries_of(secretariat, submissions, {"limit": 2}),
            "deep": queries_of(
                secretariat, links(secretariat.get(submissions, {"limit": 2}))["next"]
            ),
            "scoped": queries_of(liaison, submissions, {"limit": 1}),
        },
        "tasks.api": {
            "first": queries_of(secretariat, tasks),
            "deep": queries_of(secretariat, links(secretariat.get(tasks))["next"]),
            "scoped": queries_of(liaison, tasks),
        },
    }
    for name, figures in counts.items():
        assert_query_baseline(name, figures)
