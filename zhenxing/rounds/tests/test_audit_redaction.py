"""The audit administrator sees that a unit's report changed, who changed it and when, but not
what the unit wrote (audit/redaction.py): not in the pages, the API or the admin."""

from django.contrib.contenttypes.models import ContentType

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.audit.redaction import CONTENT_FIELDS
from zhenxing.rounds import services
from zhenxing.rounds.models import Submission
from zhenxing.testing import client_for

DRAFT_TEXT = "草稿：尚未报送的内部进展说明"
MARKER = "[内容不予显示]"


def save_draft(world, units, personas) -> ChangeRecord:
    submission = world.submission(1, units["ndrc"])
    with acting_as(user=personas.lead_liaison, request_id="draft-redaction"):
        services.submission_save_draft(
            submission=submission,
            user=personas.lead_liaison,
            fields={"progress": DRAFT_TEXT, "problems": "草稿问题", "progress_status": "at_risk"},
            expected_version=submission.version,
        )
    return ChangeRecord.objects.get(
        request_id="draft-redaction",
        content_type=ContentType.objects.get_for_model(Submission),
    )


def test_audit_page_shows_who_and_which_fields_but_not_the_draft(world, units, personas):
    record = save_draft(world, units, personas)
    assert record.after["progress"] == DRAFT_TEXT  # the log itself keeps the text
    response = client_for(personas.audit_admin).get(f"/audit/{record.pk}/")
    page = response.content.decode()
    assert DRAFT_TEXT not in page and "草稿问题" not in page
    assert MARKER in page
    rows = {row["field"]: row for row in response.context["rows"]}
    assert rows["progress"] == {
        "field": "progress",
        "before": MARKER,
        "after": MARKER,
        "changed": True,
    }
    assert rows["progress_status"]["after"] == "at_risk"  # not content: shown
    assert not rows["next_steps"]["changed"]
    assert "lead.liaison" in page


def test_audit_api_and_admin_do_not_show_the_draft(world, units, personas):
    record = save_draft(world, units, personas)
    client = client_for(personas.audit_admin)
    rows = client.get(
        "/api/v1/audit/changes", {"object_type": "rounds.Submission", "object_id": record.object_id}
    ).json()
    assert rows and DRAFT_TEXT not in str(rows)
    assert rows[0]["after"]["progress"] == MARKER
    admin_page = client.get(f"/admin/audit/changerecord/{record.pk}/change/").content.decode()
    assert DRAFT_TEXT not in admin_page and MARKER in admin_page


def test_every_redacted_field_exists(db):
    for (app_label, model), fields in CONTENT_FIELDS.items():
        model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
        names = {field.attname for field in model_class._meta.concrete_fields}
        assert fields <= names, (app_label, model, fields - names)
