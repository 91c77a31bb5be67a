"""Running one job: claim it, run its handler with a progress reporter, keep a heartbeat, record the end.

A job is claimed by a conditional update (queued -> running): a task delivered twice runs the job once. While
it runs, a heartbeat thread of the worker writes the progress and `heartbeat_at` through its own database
connection about once a second (a handler's own transaction never holds them back; on SQLite they wait for a
file's write transaction to end, see docs/decisions.md). A handler's XieshangError ends the job as failed with
its message in both languages; any other exception ends it with a plain message and is re-raised, so that the
engine keeps the traceback in its table (never in the logs: they carry no personal data).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone

# Django 6 has the task API itself (django.tasks); on 5.2 the backport provides it. Switch when moving to 6.
from django_tasks import task

from xieshang.core.errors import XieshangError
from xieshang.jobs.models import Job
from xieshang.jobs.registry import job_kind, run_handler

logger = logging.getLogger("xieshang.jobs")

HEARTBEAT_SECONDS = 1.0
INTERNAL_ERROR = (
    "内部错误，任务已停止；正在读取的文件没有保留任何内容。请重试；若仍失败，请联系管理员（服务器日志中有任务编号）。",
    "An internal error stopped this job; nothing of the file being read was kept. Please try again; if it "
    "fails again, tell the administrator (the server log has the job's id).",
)
_STATE = threading.local()


def worker_label() -> str:
    """`host:pid` of this process: how a worker on the same host tells whether a job's worker is alive."""
    return f"{socket.gethostname()}:{os.getpid()}"


class JobProgress:
    """What a handler reports: `update(done=…, total=…, step_zh=…, step_en=…)`; cheap to call often."""

    def __init__(self, job_id: Any, *, direct: bool) -> None:
        self.job_id = job_id
        self.direct = direct  # no heartbeat thread: write from the handler's thread (immediate backend)
        self._lock = threading.Lock()
        self._values: dict[str, Any] = {}
        self._dirty = False
        self._last = 0.0

    def update(
        self,
        *,
        done: int | None = None,
        total: int | None = None,
        step_zh: str | None = None,
        step_en: str | None = None,
    ) -> None:
        with self._lock:
            for name, value in (
                ("progress_done", done),
                ("progress_total", total),
                ("step_zh", step_zh),
                ("step_en", step_en),
            ):
                if value is not None:
                    self._values[name] = value[:200] if isinstance(value, str) else value
            self._dirty = True
        if self.direct and time.monotonic() - self._last >= HEARTBEAT_SECONDS:
            self.flush()

    def flush(self, *, beat: bool = False) -> None:
        with self._lock:
            if not self._dirty and not beat:
                return
            values = dict(self._values)
            self._dirty = False
        self._last = time.monotonic()
        Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(
            heartbeat_at=timezone.now(), **values
        )


class _Heartbeat(threading.Thread):
    def __init__(self, progress: JobProgress) -> None:
        super().__init__(name=f"job-heartbeat-{progress.job_id}", daemon=True)
        self.progress = progress
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(HEARTBEAT_SECONDS):
                try:
                    self.progress.flush(beat=True)
                except DatabaseError:  # SQLite busy past its timeout: the next beat tries again
                    continue
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)


def in_worker(value: bool | None = None) -> bool:
    """Whether this thread runs jobs for `xieshang worker` (a heartbeat thread) rather than in-process."""
    if value is not None:
        _STATE.in_worker = value
    return bool(getattr(_STATE, "in_worker", False))


def job_run(*, job_id: str) -> str:
    """Run one job if it is still waiting; returns its end status (or 'skipped')."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        worker=worker_label(),
    )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    kind = job_kind(job.kind)
    progress = JobProgress(job.pk, direct=not in_worker())
    heartbeat = None if progress.direct else _Heartbeat(progress)
    if heartbeat is not None:
        heartbeat.start()
    try:
        if kind is None:
            raise XieshangError(f"未知的任务类型：{job.kind}", f"Unknown kind of job: {job.kind}")
        result = run_handler(kind, job=job, progress=progress)
    except XieshangError as exc:
        _finish(job, Job.Status.FAILED, error=(exc.message_zh, exc.message_en))
        return Job.Status.FAILED
    except Exception as exc:
        logger.error("job %s (%s) failed: %s", job.pk, job.kind, type(exc).__name__)
        _finish(job, Job.Status.FAILED, error=INTERNAL_ERROR)
        raise
    finally:
        if heartbeat is not None:
            heartbeat.stop()
    _finish(job, Job.Status.DONE, result=result)
    return Job.Status.DONE


def _finish(
    job: Job, status: str, *, result: dict[str, Any] | None = None, error: tuple[str, str] = ("", "")
) -> None:
    values: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "error_zh": error[0],
        "error_en": error[1],
    }
    if status == Job.Status.DONE:
        values["result"] = result or {}
    # Only if it is still this attempt's (a worker taken for dead whose job was handed on leaves it alone).
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker).update(**values)


@task()
def run_job(job_id: str) -> str:
    """The one task the engine knows: run a Job by its id."""
    return job_run(job_id=job_id)
