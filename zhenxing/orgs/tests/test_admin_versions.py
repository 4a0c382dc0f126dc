"""Lost updates in the administration: two people changing the same unit (or the mechanism) in
the admin; the second save is refused with 409, naming what the first changed."""

import pytest

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region, Unit, User
from zhenxing.orgs.tests.test_admin import form_data
from zhenxing.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_of, field, first_value, second_value",
    [
        (lambda: f"/admin/orgs/unit/{Unit.objects.get(code='mof').pk}/change/", "short_name", "财政部（一）", "财政部（二）"),
        (lambda: f"/admin/mechanisms/mechanism/{Mechanism.objects.get().pk}/change/", "secretariat_composition", "第一位写的组成", "第二位写的组成"),
    ],
    ids=["unit", "mechanism"],
)  # fmt: skip
def test_a_stale_admin_save_is_refused_with_the_other_change(
    personas, url_of, field, first_value, second_value
):
    url = url_of()
    first, second = client_for(personas.secretariat), client_for(personas.secretariat)
    first_read, second_read = form_data(first.get(url)), form_data(second.get(url))
    assert "version" in first_read
    saved = first.post(url, first_read | {field: first_value})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    response = second.post(url, second_read | {field: second_value})
    assert response.status_code == 409
    html = response.content.decode()
    assert "已被他人修改" in html and first_value in html and second_value in html
    missing = {key: value for key, value in second_read.items() if key != "version"}
    assert second.post(url, missing | {field: second_value}).status_code == 200  # form error
    again = form_data(second.get(url)) | {field: second_value}
    assert second.post(url, again).status_code == 302


@pytest.mark.parametrize(
    "who, url_of, field, first_value, second_value",
    [
        ("secretariat", lambda: f"/admin/orgs/region/{Region.objects.get(code='210000').pk}/change/", "english_name", "Liaoning (1)", "Liaoning (2)"),
        ("system_admin", lambda: f"/admin/orgs/user/{User.objects.get(username='participant.liaison').pk}/change/", "display_name", "第一位改的姓名", "第二位改的姓名"),
    ],
    ids=["region", "account"],
)  # fmt: skip
def test_regions_and_accounts_are_locked_too(
    personas, who, url_of, field, first_value, second_value
):
    url = url_of()
    person = getattr(personas, who)
    first, second = client_for(person), client_for(person)
    first_read, second_read = form_data(first.get(url)), form_data(second.get(url))
    assert "version" in first_read
    saved = first.post(url, first_read | {field: first_value})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    response = second.post(url, second_read | {field: second_value})
    assert response.status_code == 409
    assert first_value in response.content.decode()
