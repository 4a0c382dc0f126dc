"""docs/api.md's Python example runs, as written, against a live server (issue #21, item 3): it
lists the tasks, writes a draft report (meeting a 409 on the way), attaches evidence and
submits. If the API or the page drifts apart, this test fails rather than the reader's script."""

import os
import re
import subprocess
import sys
from pathlib import Path

from zhenxing.orgs.models import ApiScope
from zhenxing.orgs.services import api_token_create
from zhenxing.rounds import services
from zhenxing.rounds.models import Submission
from zhenxing.tests.test_browser_rounds import round_world  # noqa: F401

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def code_block(heading: str, language: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1]
    found = re.search(rf"```{language}\n(.*?)```", section, re.DOTALL)
    assert found, f"no {language} block under {heading}"
    return found.group(1)


def test_the_doc_names_every_error_status_and_leaves_room_for_coordination():
    text = DOC.read_text(encoding="utf-8")
    for status in ("400", "401", "403", "404", "409", "422", "429"):
        assert f"| {status} |" in text
    assert "## Coordination and inspections" in text
    assert "/api/v1/openapi.json" in text


def test_the_python_example_runs_against_the_live_server(
    live_server,
    personas,
    round_world,  # noqa: F811
    monkeypatch,
):
    world, units = round_world
    draft = world.submission(1, units["ndrc"])  # NDRC's own report on the task it leads
    _token, raw = api_token_create(
        user=personas.lead_liaison, name="docs", scopes=[ApiScope.ROUNDS]
    )
    # Someone else saves the draft just before the script's first save: it meets a 409, reads
    # the current report and saves again with its version, as the example shows.
    real_save = services.submission_save_draft
    interfered = []

    def save_after_someone_else(**arguments):
        if not interfered:
            interfered.append(True)
            current = Submission.objects.get(pk=arguments["submission"].pk)
            real_save(
                submission=current,
                user=personas.lead_liaison,
                fields={"progress": "同事先保存的内容。"},
                expected_version=current.version,
            )
        return real_save(**arguments)

    monkeypatch.setattr(services, "submission_save_draft", save_after_someone_else)
    environment = os.environ | {"ZHENXING_URL": live_server.url, "ZHENXING_TOKEN": raw}
    finished = subprocess.run(
        [sys.executable, "-c", code_block("Example: Python", "python")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "changed meanwhile by someone else; their text: 同事先保存的内容。" in finished.stdout
    draft.refresh_from_db()
    assert draft.status == Submission.Status.SUBMITTED
    assert draft.progress == "已完成项目前期工作，正在组织招标。"
    assert [item.filename for item in draft.evidence.all()] == ["进展说明.txt"]
    assert f"submitted report {draft.pk} submitted" in finished.stdout
    assert re.search(r"^\d+ tasks$", finished.stdout, re.MULTILINE)
