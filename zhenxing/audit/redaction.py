"""What the audit administrator may not read in the change log: the text units write.

The audit administrator checks who did what, when, to which record and which fields; the
content of units' drafts, reports and replies is not theirs to read (even the secretariat cannot
read a unit's unsubmitted draft). Those fields show a marker instead of their value, before and
after alike; whether they changed is still shown.
"""

from django.utils.translation import gettext_lazy as _

# (app label, model name) → the fields that hold what a unit wrote.
CONTENT_FIELDS: dict[tuple[str, str], frozenset[str]] = {
    ("rounds", "submission"): frozenset({"progress", "problems", "next_steps", "figures"}),
    ("rounds", "submissionsnapshot"): frozenset({"content"}),
    ("rounds", "coordinationneed"): frozenset({"description"}),
    ("inspections", "rectification"): frozenset({"measures"}),
    ("inspections", "rectificationreport"): frozenset({"text"}),
    ("coordination", "instructionresponse"): frozenset({"response"}),
    ("projects", "projectupdate"): frozenset({"note"}),
    ("reports", "report"): frozenset({"narratives", "snapshot"}),
}
HIDDEN = _("[内容不予显示]")


def content_fields(record) -> frozenset[str]:
    content_type = record.content_type
    if content_type is None:
        return frozenset()
    return CONTENT_FIELDS.get((content_type.app_label, content_type.model), frozenset())


def _redact(snapshot: dict | None, hidden: frozenset[str]) -> dict | None:
    if snapshot is None or not hidden:
        return snapshot
    return {key: str(HIDDEN) if key in hidden else value for key, value in snapshot.items()}


def visible_before(record) -> dict | None:
    """The record's `before`, with the units' text replaced by the marker."""
    return _redact(record.before, content_fields(record))


def visible_after(record) -> dict | None:
    return _redact(record.after, content_fields(record))


def field_rows(record) -> list[dict]:
    """One row per field: its name, value before and after (redacted) and whether it changed."""
    before, after = record.before or {}, record.after or {}
    shown_before, shown_after = visible_before(record) or {}, visible_after(record) or {}
    return [
        {
            "field": key,
            "before": shown_before.get(key),
            "after": shown_after.get(key),
            "changed": before.get(key) != after.get(key),
        }
        for key in sorted(set(before) | set(after))
    ]
