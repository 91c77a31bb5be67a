"""Jobs in-process (the immediate backend of the tests): claim once, failures in plain words, the hand-on of
a dead worker's job, access to a job's page."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.fixtures.formats import write_sms_backup
from xieshang.cases.models import Case
from xieshang.evidence.staging import evidence_uploads_enqueue, staging_folder
from xieshang.jobs.models import Job
from xieshang.jobs.runner import job_run
from xieshang.jobs.services import job_get_for_user, jobs_recover

pytestmark = pytest.mark.django_db


def _upload(tmp_path: Path) -> SimpleUploadedFile:
    path = write_sms_backup(tmp_path / "sms-20240305.xml")
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/xml")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_an_upload_job_imports_and_reports(owner: Any, e1_case: Case, tmp_path: Path) -> None:
    job = evidence_uploads_enqueue(case=e1_case, user=owner, uploads=[_upload(tmp_path)])
    assert job.status == Job.Status.DONE and job.attempts == 1 and job.percent == 100
    assert job.result is not None and job.result["imported"]["sms"] == 3
    assert e1_case.evidence_records.filter(kind="sms").count() == 3
    assert not staging_folder(job.params["staging"]).exists()  # the staged copy goes once imported


def test_a_task_delivered_twice_runs_the_job_once(owner: Any, e1_case: Case, tmp_path: Path) -> None:
    job = evidence_uploads_enqueue(case=e1_case, user=owner, uploads=[_upload(tmp_path)])
    assert job_run(job_id=str(job.pk)) == "skipped"
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_a_dead_workers_job_is_run_again_and_imports_once(owner: Any, e1_case: Case, tmp_path: Path) -> None:
    job = evidence_uploads_enqueue(case=e1_case, user=owner, uploads=[_upload(tmp_path)])
    # As if a worker on this host had taken it and died after the file's transaction committed.
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, worker=f"{socket.gethostname()}:{_dead_pid()}", result=None
    )
    staging_folder(job.params["staging"]).mkdir(parents=True)
    (staging_folder(job.params["staging"]) / "0").mkdir()
    path = write_sms_backup(staging_folder(job.params["staging"]) / "0" / "sms-20240305.xml")
    assert path.name == job.params["files"][0]["path"].split("/")[1]
    assert jobs_recover() == [str(job.pk)]
    again = Job.objects.get(pk=job.pk)
    assert again.status == Job.Status.DONE and again.attempts == 2
    assert e1_case.evidence_records.filter(kind="sms").count() == 3  # not 6
    # The retry found the file in the case and reports it as this job's import, not as a duplicate.
    assert again.result is not None and again.result["imported"]["sms"] == 3
    assert again.result["duplicates_skipped"] == 0


def test_a_live_workers_job_is_left_alone(owner: Any, e1_case: Case, tmp_path: Path) -> None:
    job = evidence_uploads_enqueue(case=e1_case, user=owner, uploads=[_upload(tmp_path)])
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, worker=f"{socket.gethostname()}:1")
    assert jobs_recover() == []  # pid 1 is alive
    # On another host only the heartbeat tells: fresh is alive, stale is dead.
    Job.objects.filter(pk=job.pk).update(worker="elsewhere:1", heartbeat_at=timezone.now())
    assert jobs_recover(stale_seconds=300) == []
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=301), attempts=3)
    assert jobs_recover(stale_seconds=300) == [str(job.pk)]
    ended = Job.objects.get(pk=job.pk)
    assert ended.status == Job.Status.FAILED and "3 次" in ended.error_zh and "3 times" in ended.error_en


def test_a_failure_is_shown_in_plain_words(owner_client: Client, owner: Any, e1_case: Case) -> None:
    odd = SimpleUploadedFile("empty.xml", b"")
    job = evidence_uploads_enqueue(case=e1_case, user=owner, uploads=[odd])
    assert job.status == Job.Status.FAILED and "empty.xml" in job.error_en
    page = owner_client.get(f"/jobs/{job.pk}/").content.decode()
    assert job.error_zh in page and "Traceback" not in page


def test_only_who_may_see_the_case_sees_its_jobs(
    owner: Any, other: Any, other_client: Client, owner_client: Client, e1_case: Case, tmp_path: Path
) -> None:
    job = evidence_uploads_enqueue(case=e1_case, user=owner, uploads=[_upload(tmp_path)])
    assert job_get_for_user(user=owner, job_id=job.pk) == job
    assert other_client.get(f"/jobs/{job.pk}/").status_code == 404
    assert other_client.get(f"/jobs/{job.pk}/status/", HTTP_ACCEPT="application/json").status_code == 404
    assert owner_client.get(f"/jobs/{job.pk}/status/").status_code == 200
    assert Client().get(f"/jobs/{job.pk}/").status_code == 302  # to the login
