"""Issue #14, break 3: routing a matter shows the province's wished-for due date pre-filled in
the form a browser's date field takes (ISO), and the form is accepted as it comes."""

import re

import pytest

from zhenxing.coordination.models import CoordinationMatter


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_route_form_prefills_the_due_date_in_iso(client, clock, personas, units, language):
    client.cookies["django_language"] = language
    client.force_login(personas.province_liaison)
    client.post(
        "/coordination/matters/new/",
        {
            "title": "沈阳至白河高铁项目资本金缺口",
            "category": CoordinationMatter.Category.MAJOR_PROJECT,
            "description": "项目资本金缺口约20亿元。",
            "proposed_units": [units["mof"].pk, units["miit"].pk],
            "response_due_date": "2026-10-15",
        },
    )
    matter = CoordinationMatter.objects.get()

    client.force_login(personas.secretariat)
    page = client.get(f"/coordination/matters/{matter.pk}/").content.decode()
    field = re.search(r'<input type="date" name="due_date"[^>]*>', page).group(0)
    assert 'value="2026-10-15"' in field

    # The secretariat sends the form as it was filled in.
    response = client.post(
        f"/coordination/matters/{matter.pk}/route/",
        {"units": [units["mof"].pk, units["miit"].pk], "due_date": "2026-10-15"},
    )
    assert response.status_code == 302
    assert {str(r.due_date) for r in matter.requests.all()} == {"2026-10-15"}
