"""Evidence jobs: the import of staged uploads (xieshang.evidence.uploads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Count

from xieshang.core.errors import IntegrityError
from xieshang.evidence import store
from xieshang.evidence.intake import FileReport, ImportReport, check
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.evidence.staging import IMPORT_JOB, staging_folder, staging_remove
from xieshang.jobs.models import Job
from xieshang.jobs.registry import job_handler
from xieshang.jobs.runner import JobProgress

PASSES = 3  # evidence_import reads a file three times: hashing, copying into the store, parsing


class _FileProgress:
    """evidence_import's progress(path, bytes, size) -> the job's progress over all files and passes."""

    def __init__(self, progress: JobProgress, total: int) -> None:
        self.progress = progress
        self.total = max(1, total * PASSES)
        self.before = 0  # bytes (x PASSES) of the files already done
        self.passes = 0
        self.last = 0

    def start(self, *, index: int, count: int, name: str) -> None:
        self.passes = self.last = 0
        self.progress.update(
            done=self.before,
            total=self.total,
            step_zh=f"正在导入 {name}（第 {index} 个，共 {count} 个）",
            step_en=f"Importing {name} ({index} of {count})",
        )

    def __call__(self, path: Path, done: int, size: int) -> None:
        if done < self.last:
            self.passes = min(PASSES - 1, self.passes + 1)
        self.last = done
        self.progress.update(done=self.before + self.passes * size + min(done, size))

    def finished(self, size: int) -> None:
        self.before += size * PASSES
        self.progress.update(done=self.before)


def _earlier_attempt(job: Job, one: FileReport) -> FileReport:
    """A file this job imported in an attempt whose worker then died: reported as imported, from the
    database (the retry found it in the case and skipped it)."""
    source = EvidenceFile.objects.filter(case=job.case, sha256=one.sha256).first()
    if source is None or source.imported_at < job.created_at:
        return one
    counts = dict(
        EvidenceRecord.objects.filter(source_file=source)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return FileReport(one.path, one.sha256, one.format, records=sum(counts.values()), counts=counts)


@job_handler(
    IMPORT_JOB,
    title_zh="导入证据",
    title_en="Import evidence",
    result_template="evidence/job_import_result.html",
)
def import_staged(*, job: Job, progress: JobProgress) -> dict[str, Any]:
    from xieshang.evidence.services import _add, evidence_import

    assert job.case is not None
    token = str(job.params["staging"])
    files = list(job.params["files"])
    folder = staging_folder(token)
    paths = [folder / str(f["path"]) for f in files]
    finished = False
    try:
        for path in paths:
            check(path)  # a bad file stops the run before anything is written, as in the CLI
        reporter = _FileProgress(progress, sum(int(f["size"]) for f in files))
        report = ImportReport(case=job.case.name)
        for index, (entry, path) in enumerate(zip(files, paths, strict=True), start=1):
            reporter.start(index=index, count=len(files), name=str(entry["name"]))
            if store.file_sha256(path) != entry["sha256"]:
                raise IntegrityError(
                    f"上传的文件在等待导入时被改动：{entry['name']}",
                    f"the uploaded file changed while it waited to be imported: {entry['name']}",
                )
            one = evidence_import(case=job.case, paths=[path], user=job.user, progress=reporter).files[0]
            one.path = str(entry["name"])
            _add(report, _earlier_attempt(job, one) if one.duplicate_file else one)
            reporter.finished(int(entry["size"]))
        finished = True
        result = report.as_json()
        result["total"] = sum(report.imported.values())
        return result
    except Exception:
        finished = True  # a failure is final: the staged copies go
        raise
    finally:
        if finished:
            staging_remove(token)
