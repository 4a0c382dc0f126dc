"""Files on S3-compatible object storage (ZHENXING_STORAGE=s3), against moto's S3 server on a
loopback port: an upload, an import read back from the bucket, a download, the health probe."""

import socket

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from zhenxing.projects.models import ImportJob, Project
from zhenxing.projects.tests.conftest import row, upload, xlsx_bytes
from zhenxing.testing import client_for

BUCKET = "zhenxing-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_endpoint, settings, monkeypatch):
    import boto3

    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "access_key": "testing",
        "secret_key": "testing",
        "region_name": "us-east-1",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_upload_import_and_download_through_the_bucket(personas, s3_storage, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # nothing may land here
    assert type(storages["default"]).__name__ == "S3Storage"
    client = client_for(personas.secretariat)
    rows = [row(1, "2024-210102-36-03-000001"), row(2, "not-a-code")]
    response = client.post(
        reverse("projects:project_import_list"), {"file": upload(xlsx_bytes(rows))}
    )
    job = ImportJob.objects.get()
    assert job.file.name in keys(s3_storage)  # the upload is in the bucket
    page = client.get(response.url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"mode": "valid-rows", "period_label": "2026-10"}
    client.post(response.url, data)
    job.refresh_from_db()
    assert (job.status, job.imported_count, job.rejected_count) == ("succeeded", 1, 1)
    assert Project.objects.get().national_code == "2024-210102-36-03-000001"
    assert job.error_file.name in keys(s3_storage)  # written to the bucket
    download = client.get(reverse("projects:project_import_errors", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")  # the .xlsx, from the bucket
    assert not any(path.is_file() for path in tmp_path.rglob("*.xlsx"))


def test_ready_probes_the_bucket(client, s3_storage):
    response = client.get("/health/ready")
    assert response.json()["checks"]["storage"] == "ok"
    assert keys(s3_storage) == []  # the probe is removed


@pytest.mark.django_db
def test_ready_names_a_missing_bucket(client, s3_storage, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "absent"},
        },
    }
    response = client.get("/health/ready")
    assert response.status_code == 503 and "NoSuchBucket" in response.json()["checks"]["storage"]
