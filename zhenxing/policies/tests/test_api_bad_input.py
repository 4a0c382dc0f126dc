"""Bad requests to the policies API get a 4xx with a message, never a 500 (issue #13, item 8)."""

import json

API = "/api/v1/policies"
BEYOND_64_BITS = 2**63


def test_ids_beyond_64_bits_are_a_client_error(client, personas, world):
    client.force_login(personas.secretariat)
    for path in (f"{API}/documents/{BEYOND_64_BITS}", f"{API}/tasks/{BEYOND_64_BITS}"):
        response = client.get(path)
        assert response.status_code in (400, 404), path  # SQLite: 400; PostgreSQL: no such row
        assert response.json()["detail"]


def test_split_with_a_unit_id_beyond_64_bits_is_a_client_error(client, personas, world):
    client.force_login(personas.province_liaison)
    response = client.post(
        f"{API}/tasks/{world.province_task.pk}/split",
        json.dumps({"parts": [{"title": "大连试点", "lead_unit_id": BEYOND_64_BITS}]}),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"]


def test_multipart_body_without_a_boundary_is_a_client_error(client, personas):
    client.force_login(personas.secretariat)
    response = client.generic(
        "POST", f"{API}/documents", b"--x\r\n\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "multipart" in response.json()["detail"]
