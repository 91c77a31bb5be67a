"""Document jobs: the evidence dossier (ZIP) and the hardship packet (PDF), made by a worker and kept as the
job's file (xieshang.jobs.files) for the job page's download link. Running one again rewrites the same file
(the dossier is deterministic), so a retry after a killed worker is harmless."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from xieshang.jobs.files import job_file_path, job_file_write
from xieshang.jobs.models import Job
from xieshang.jobs.registry import job_handler
from xieshang.jobs.runner import JobProgress

DOSSIER_JOB = "dossier"
PACKET_JOB = "packet"
RESULT_TEMPLATE = "documents/job_file_result.html"


def _result(job: Job, name: str, filename: str, content_type: str) -> dict[str, Any]:
    return {
        "file": name,
        "filename": filename,
        "content_type": content_type,
        "size": job_file_path(job.pk, name).stat().st_size,
    }


@job_handler(
    DOSSIER_JOB, title_zh="生成证据包", title_en="Make the evidence dossier", result_template=RESULT_TEMPLATE
)
def make_dossier(*, job: Job, progress: JobProgress) -> dict[str, Any]:
    from xieshang.documents.stored import write_case_dossier

    assert job.case is not None
    progress.update(done=0, total=1, step_zh="正在生成证据包", step_en="Making the dossier")
    with job_file_write(job.pk, "dossier.zip") as out:
        write_case_dossier(job.case, out, today=timezone.localdate(), user=job.user)
    return _result(job, "dossier.zip", f"{job.case.name}-dossier.zip", "application/zip")


@job_handler(
    PACKET_JOB,
    title_zh="生成困难材料包",
    title_en="Make the hardship packet",
    result_template=RESULT_TEMPLATE,
)
def make_packet(*, job: Job, progress: JobProgress) -> dict[str, Any]:
    from xieshang.documents.packet import hardship_packet
    from xieshang.documents.render_pdf import render_pdf
    from xieshang.documents.stored import stored_case_facts

    assert job.case is not None
    progress.update(done=0, total=1, step_zh="正在生成材料包", step_en="Making the packet")
    today = timezone.localdate()
    facts = stored_case_facts(job.case, on=None, today=today)
    data = render_pdf(hardship_packet(facts, today=today))
    with job_file_write(job.pk, "packet.pdf") as out:
        out.write(data)
    return _result(job, "packet.pdf", f"{job.case.name}-packet.pdf", "application/pdf")
