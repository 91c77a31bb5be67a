"""Job services (web, CLI and API share them).

job_enqueue(*, kind, user=None, case=None, params=None, max_attempts=3) -> Job
job_get_for_user(*, user, job_id) -> Job                 Http404 for anyone who may not see it
jobs_recover(*, stale_seconds=None) -> list[str]         hand on the jobs of workers that died
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from xieshang.cases.access import cases_visible_to
from xieshang.cases.models import Case
from xieshang.jobs.models import Job
from xieshang.jobs.registry import job_kind

__all__ = ["job_enqueue", "job_get_for_user", "jobs_recover"]

WORKER_GONE = (
    "运行此任务的后台进程已 {n} 次中途停止，任务不再重试。已完成的文件保留，未完成的文件没有保留任何内容。",
    "The background worker running this job stopped {n} times; the job is not retried again. Files finished "
    "before stay imported; nothing of an unfinished file was kept.",
)


def _runs_in_process() -> bool:
    """The immediate backend (tests, a single process) runs a task inside `enqueue` itself."""
    backend = settings.TASKS["default"]["BACKEND"]
    return str(backend).endswith("ImmediateBackend")


def _dispatch(job: Job) -> None:
    from xieshang.jobs.runner import run_job

    result = run_job.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def job_enqueue(
    *,
    kind: str,
    user: Any = None,
    case: Case | None = None,
    params: dict[str, Any] | None = None,
    max_attempts: int = 3,
) -> Job:
    """A new job, waiting for a worker. The job row and the engine's task are written in one transaction."""
    if job_kind(kind) is None:
        raise ValueError(f"no handler for jobs of kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            user=user if getattr(user, "pk", None) else None,
            case=case,
            params=dict(params or {}),
            max_attempts=max_attempts,
        )
        if not _runs_in_process():
            _dispatch(job)
    if _runs_in_process():
        _dispatch(job)
    job.refresh_from_db()
    return job


def job_get_for_user(*, user: Any, job_id: Any) -> Job:
    """The job if this user may see it: its case is visible to them, or (no case) they started it."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("job not found")
    job = Job.objects.select_related("case").filter(pk=job_id).first()
    if job is None:
        raise Http404("job not found")
    if job.case_id is not None:
        if not cases_visible_to(user).filter(pk=job.case_id).exists():
            raise Http404("job not found")
    elif job.user_id != user.pk and not user.is_staff:
        raise Http404("job not found")
    return job


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(job: Job, *, cutoff: Any, host: str) -> bool:
    """A running job whose worker is gone: on this host its process has ended; elsewhere it stopped beating."""
    worker_host, _, pid = job.worker.rpartition(":")
    if worker_host == host and pid.isdigit():
        return not _pid_alive(int(pid))
    return job.heartbeat_at is None or job.heartbeat_at < cutoff


def jobs_recover(*, stale_seconds: int | None = None) -> list[str]:
    """Hand the jobs of dead workers on: back to the queue (a new task) until their attempts are spent, then
    failed in plain words. Each job is taken by a conditional update, so two workers never both hand it on.
    Returns the ids of the jobs handed on or ended."""
    stale = int(stale_seconds if stale_seconds is not None else settings.XIESHANG_JOB_STALE_SECONDS)
    cutoff = timezone.now() - timedelta(seconds=stale)
    host = socket.gethostname()
    handled: list[str] = []
    for job in Job.objects.filter(status=Job.Status.RUNNING).order_by("created_at"):
        if not _abandoned(job, cutoff=cutoff, host=host):
            continue
        mine = Job.objects.filter(
            pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts, worker=job.worker
        )
        if job.attempts >= job.max_attempts:
            zh, en = (text.format(n=job.attempts) for text in WORKER_GONE)
            if mine.update(status=Job.Status.FAILED, finished_at=timezone.now(), error_zh=zh, error_en=en):
                _engine_task_lost(job.task_id)
                handled.append(str(job.pk))
            continue
        with transaction.atomic():
            if mine.update(status=Job.Status.QUEUED, worker="", heartbeat_at=None):
                _engine_task_lost(job.task_id)
                _dispatch(job)
                handled.append(str(job.pk))
    return handled


def _engine_task_lost(task_id: str) -> None:
    """The engine's row of a task whose worker died still says 'running': mark it failed (worker lost)."""
    if not task_id or _runs_in_process():
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="xieshang.jobs.WorkerLost",
        traceback="the worker running this task stopped; the job was handed on (xieshang.jobs.services)",
    )
