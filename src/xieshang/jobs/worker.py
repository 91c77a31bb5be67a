"""`xieshang worker`: the engine's database worker (django-tasks-db) plus the hand-on of dead workers' jobs.

Each worker process claims one task at a time (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED; SQLite: an
exclusive transaction) and runs it; a thread looks every RECOVER_SECONDS for running jobs whose worker died
(xieshang.jobs.services.jobs_recover) and queues them again.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.utils.crypto import get_random_string

from xieshang.jobs.runner import in_worker, worker_label

logger = logging.getLogger("xieshang.jobs")
RECOVER_SECONDS = 10.0


class _Recovery(threading.Thread):
    def __init__(self, every: float) -> None:
        super().__init__(name="job-recovery", daemon=True)
        self.every = every
        self.stopping = threading.Event()

    def run(self) -> None:
        from xieshang.jobs.services import jobs_recover

        parent = os.environ.get("XIESHANG_WORKER_PARENT", "")
        try:
            while True:
                if parent.isdigit() and os.getppid() != int(parent):  # the server it ran beside is gone
                    os.kill(os.getpid(), signal.SIGTERM)  # stop like any worker: after the current job
                    return
                try:
                    handed_on = jobs_recover()
                    if handed_on:
                        logger.warning("handed on %d job(s) of stopped workers", len(handed_on))
                except DatabaseError:  # busy (SQLite) or the server away for a moment: next round
                    pass
                if self.stopping.wait(self.every):
                    return
        finally:
            connection.close()


def run_worker(
    *,
    interval: float = 1.0,
    batch: bool = False,
    max_tasks: int | None = None,
    recover_every: float = RECOVER_SECONDS,
    say: Callable[[str], None] = print,
) -> None:
    """Run one worker in this process until stopped (SIGINT/SIGTERM end it after the current job)."""
    from django_tasks_db.management.commands.db_worker import Worker

    in_worker(True)
    recovery = _Recovery(recover_every)
    recovery.start()
    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    say(f"worker {worker_label()} ready")
    worker.configure_signals()
    try:
        worker.run()
    finally:
        recovery.stopping.set()
        in_worker(False)


def run_workers(*, processes: int, argv: list[str]) -> int:
    """Several worker processes: each is `python -m xieshang worker` (one process each); waits for all."""
    children = [
        subprocess.Popen([sys.executable, "-m", "xieshang", "worker", *argv]) for _ in range(processes)
    ]
    status = 0
    try:
        for child in children:
            status = max(status, child.wait())
    except KeyboardInterrupt:
        for child in children:
            child.terminate()
        for child in children:
            child.wait()
    return status
