"""A key project's 分管领导 (seed 004): set on the edit page, shown on the project page and in
the API."""

import pytest
from django.urls import reverse

from zhenxing.testing import client_for, form_as_posted

pytestmark = pytest.mark.django_db


def test_the_responsible_leader_is_kept_and_shown(personas, sample_projects):
    project = sample_projects["shenyang"]
    client = client_for(personas.secretariat)
    url = reverse("projects:project_edit", args=[project.pk])
    read = form_as_posted(client.get(url).context["form"])
    assert client.post(url, read | {"responsible_leader": "王副市长"}).status_code == 302
    project.refresh_from_db()
    assert project.responsible_leader == "王副市长"
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "分管领导" in page and "王副市长" in page
    assert client.get(f"/api/v1/projects/{project.pk}").json()["responsible_leader"] == "王副市长"
