"""`{% status_badge %}`: every badge of every page is drawn by the one tag, in one markup."""

from pathlib import Path

from django.template import Context, Template
from django.utils import translation

from zhenxing.coordination.models import MatterRequest
from zhenxing.policies.models import DivisionPlan
from zhenxing.rounds.models import Submission

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def render(source: str, **context) -> str:
    return Template("{% load zhenxing %}" + source).render(Context(context))


def test_a_models_status_takes_the_models_colour_and_label():
    plan = DivisionPlan(status=DivisionPlan.Status.PUBLISHED)
    assert render('{% status_badge plan "status" id="plan-status" %}', plan=plan) == (
        '<span class="badge green" id="plan-status">已发布</span>'
    )
    request = MatterRequest(status=MatterRequest.Status.PENDING)
    assert render('{% status_badge r "status" %}', r=request) == (
        '<span class="badge blue">待答复</span>'
    )


def test_another_colour_map_and_a_value_without_colour():
    submission = Submission(progress_status="delayed", status="no-such-status")
    source = '{% status_badge s "progress_status" colours=colours %}|{% status_badge s "status" %}'
    html = render(source, s=submission, colours=Submission.PROGRESS_COLOURS)
    delayed = Submission.PROGRESS_COLOURS["delayed"]
    assert (
        html
        == f'<span class="badge {delayed}">滞后</span>|<span class="badge grey">no-such-status</span>'
    )


def test_a_light_colour_is_labelled_in_the_pages_language():
    assert render("{% status_badge light %}", light="red") == '<span class="badge red">红灯</span>'
    with translation.override("en"):
        assert render("{% status_badge light %}", light="yellow") == (
            '<span class="badge yellow">Yellow</span>'
        )


def test_a_fixed_colour_and_label_are_escaped_and_attributes_spelled_with_hyphens():
    html = render(
        '{% status_badge "green" label data_role="rectification-status" %}{% status_badge "" _("约数") %}',
        label="<b>已采用</b>",
    )
    assert html == (
        '<span class="badge green" data-role="rectification-status">&lt;b&gt;已采用&lt;/b&gt;</span>'
        '<span class="badge">约数</span>'
    )


def test_no_template_draws_a_badge_by_hand():
    by_hand = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if 'class="badge' in line
    ]
    assert by_hand == []
