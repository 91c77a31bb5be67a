"""In a real browser: a job's page follows the job by itself (htmx polling of its status partial) from
waiting to running with its progress to done with the result, and shows a failure in plain words."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from xieshang.cases.models import Case
from xieshang.jobs.models import Job

pytestmark = pytest.mark.e2e
TIMEOUT_MS = 30_000  # generous: a busy machine


def _job(owner: Any) -> Job:
    case = Case.objects.create(
        owner=owner,
        name="job-case",
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
    )
    # A job no worker runs here: the test moves it along as a worker would.
    return Job.objects.create(kind="packet", case=case, user=owner)


def test_the_job_page_follows_the_job_to_its_end(page: Any, make_user: Any, login: Any, url: Any) -> None:
    owner = make_user("job-owner")
    job = _job(owner)
    login(page, "job-owner")
    page.goto(url(f"/jobs/{job.pk}/"))
    assert page.locator("#job-status").get_attribute("data-status") == "queued"
    assert "等待" in page.locator("#job-status").inner_text()
    Job.objects.filter(pk=job.pk).update(
        status="running", progress_done=40, progress_total=100, step_zh="正在生成材料包", step_en="Making"
    )
    page.wait_for_selector("#job-status[data-status=running]", timeout=TIMEOUT_MS)
    assert "正在生成材料包" in page.locator("#job-status").inner_text()
    assert page.locator("#job-status progress").get_attribute("value") == "40"
    Job.objects.filter(pk=job.pk).update(
        status="failed",
        finished_at=timezone.now(),
        error_zh="材料包无法生成：案件没有欠款。",
        error_en="The packet cannot be made: the case has no debts.",
    )
    page.wait_for_selector("#job-status[data-status=failed]", timeout=TIMEOUT_MS)
    assert "材料包无法生成：案件没有欠款。" in page.locator("#job-status").inner_text()
    assert page.locator("#job-status progress").count() == 0  # finished: no more polling, no bar
