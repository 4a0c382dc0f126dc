"""Bad requests to the projects API get a 4xx with a message, never a 500 (issue #13, item 8)."""

from zhenxing.testing import client_for

BEYOND_64_BITS = 2**63


def test_unknown_funding_source_filter_is_refused_with_the_choices(personas):
    response = client_for(personas.secretariat).get("/api/v1/projects?funding_source=gold")
    assert response.status_code == 422
    assert "central_budget" in response.content.decode()
    good = client_for(personas.secretariat).get("/api/v1/projects?funding_source=central_budget")
    assert good.status_code == 200


def test_page_numbers_and_ids_beyond_range_are_client_errors(personas):
    client = client_for(personas.secretariat)
    assert client.get(f"/api/v1/projects?page={BEYOND_64_BITS}").status_code == 422
    assert client.get("/api/v1/projects?page=0").status_code == 422
    for path in (
        f"/api/v1/projects/{BEYOND_64_BITS}",
        f"/api/v1/projects/imports/{BEYOND_64_BITS}",
    ):
        response = client.get(path)
        assert response.status_code in (400, 404), path  # SQLite: 400; PostgreSQL: no such row
        assert response.json()["detail"]
