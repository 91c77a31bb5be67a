"""The dossier and the packet made by jobs: the job page's download is the same dossier as the direct
download (it is deterministic), the packet is a PDF, and nobody else can fetch them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xieshang.cases.models import Case
from xieshang.jobs.models import Job

pytestmark = pytest.mark.django_db


def _prepare(client: Client, case: Case, kind: str) -> Job:
    response = client.post(f"/cases/{case.name}/documents/prepare/{kind}/")
    assert response.status_code == 302
    job = Job.objects.get(kind=kind, case=case)
    assert response["Location"] == f"/jobs/{job.pk}/"
    return job


def test_the_dossier_job_gives_the_same_zip_as_the_download(owner_client: Client, e1_case: Case) -> None:
    job = _prepare(owner_client, e1_case, "dossier")
    assert job.status == Job.Status.DONE, job.error_en
    page = owner_client.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/jobs/{job.pk}/download/" in page and "e1-dossier.zip" in page
    made = owner_client.get(f"/jobs/{job.pk}/download/")
    assert made.status_code == 200 and made["Content-Type"] == "application/zip"
    direct = owner_client.get(f"/cases/{e1_case.name}/documents/dossier.zip")
    assert b"".join(made.streaming_content) == direct.content  # type: ignore[attr-defined]


def test_the_packet_job_makes_a_pdf_for_the_owner_only(
    owner_client: Client, other_client: Client, e1_case: Case, other: Any
) -> None:
    job = _prepare(owner_client, e1_case, "packet")
    assert job.status == Job.Status.DONE, job.error_en
    made = owner_client.get(f"/jobs/{job.pk}/download/")
    assert b"".join(made.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert other_client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert other_client.post(f"/cases/{e1_case.name}/documents/prepare/packet/").status_code == 404
    assert owner_client.post(f"/cases/{e1_case.name}/documents/prepare/letters/").status_code == 404
