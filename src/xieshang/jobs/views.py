"""The page of one job, the partial it polls (htmx) while the job runs, and its JSON (the upload's XHR)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from xieshang.jobs.models import Job
from xieshang.jobs.registry import job_kind
from xieshang.jobs.services import job_get_for_user
from xieshang.language import current_lang

POLL_SECONDS = 1


def job_json(job: Job, lang: str) -> dict[str, Any]:
    kind = job_kind(job.kind)
    return {
        "ok": job.status != Job.Status.FAILED,
        "job": str(job.pk),
        "kind": job.kind,
        "title": kind.title(lang) if kind else job.kind,
        "status": job.status,
        "finished": job.finished,
        "percent": job.percent,
        "step": job.step(lang),
        "error": job.error(lang),
        "result": job.result if job.status == Job.Status.DONE else None,
        "attempts": job.attempts,
        "page_url": reverse("job", kwargs={"job_id": job.pk}),
        "status_url": reverse("job-status", kwargs={"job_id": job.pk}),
        "download_url": reverse("job-download", kwargs={"job_id": job.pk})
        if job.status == Job.Status.DONE and (job.result or {}).get("file")
        else None,
    }


def _context(job: Job) -> dict[str, Any]:
    lang = current_lang()
    kind = job_kind(job.kind)
    return {
        "job": job,
        "case": job.case,
        "title": kind.title(lang) if kind else job.kind,
        "result_template": kind.result_template if kind else "",
        "step": job.step(lang),
        "error": job.error(lang),
        "poll_seconds": POLL_SECONDS,
    }


def _tab(kind: str) -> str:
    """The case tab a job belongs under (the evidence tab for imports and transcription)."""
    return "documents" if kind.startswith(("dossier", "packet", "document")) else "evidence"


@login_required
def job_page(request: HttpRequest, job_id: str) -> HttpResponse:
    job = job_get_for_user(user=request.user, job_id=job_id)
    if job.case is None:
        return render(request, "jobs/job_alone.html", _context(job))
    from xieshang.cases.views_common import case_context

    context = _context(job)
    del context["case"]
    return render(request, "jobs/job.html", case_context(job.case, _tab(job.kind), **context))


@login_required
def job_download(request: HttpRequest, job_id: str) -> FileResponse:
    """The file a finished job made (result["file"]), to whoever may see the job."""
    from xieshang.jobs.files import job_file_path

    job = job_get_for_user(user=request.user, job_id=job_id)
    result = job.result or {}
    if job.status != Job.Status.DONE or not result.get("file"):
        raise Http404("no file")
    path = job_file_path(job.pk, str(result["file"]))
    if not path.is_file():
        raise Http404("no file")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=str(result.get("filename") or result["file"]),
        content_type=str(result.get("content_type") or "application/octet-stream"),
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def job_status(request: HttpRequest, job_id: str) -> HttpResponse:
    job = job_get_for_user(user=request.user, job_id=job_id)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(job_json(job, current_lang()))
    return render(request, "jobs/_status.html", _context(job))
