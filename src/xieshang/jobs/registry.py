"""Kinds of job and their handlers (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xieshang.jobs.models import Job
    from xieshang.jobs.runner import JobProgress

Handler = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: Handler
    title_zh: str
    title_en: str
    result_template: str = ""  # a template showing the result on the job page ("" = a generic list)

    def title(self, lang: str) -> str:
        return self.title_en if lang.startswith("en") else self.title_zh


_KINDS: dict[str, JobKind] = {}


def job_handler(
    name: str, *, title_zh: str, title_en: str, result_template: str = ""
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _KINDS[name] = JobKind(name, handler, title_zh, title_en, result_template)
        return handler

    return register


def job_kind(name: str) -> JobKind | None:
    return _KINDS.get(name)


def run_handler(kind: JobKind, *, job: Job, progress: JobProgress) -> dict[str, Any]:
    return kind.handler(job=job, progress=progress)
