"""Evidence jobs: the import of staged uploads (xieshang.evidence.uploads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import IntegrityError as DatabaseIntegrityError
from django.db import transaction
from django.db.models import Count

from xieshang.core.errors import InputError, IntegrityError, XieshangError
from xieshang.evidence import store
from xieshang.evidence.intake import FileReport, ImportReport, check
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.evidence.staging import IMPORT_JOB, staging_fetch, staging_folder, staging_remove
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
    """A file this job committed in an attempt whose worker then died (the job's `committed` list, written in
    the file's own transaction): reported as imported, from the database — the retry found it in the case."""
    if one.sha256 not in job.params.get("committed", []):
        return one
    source = EvidenceFile.objects.filter(case=job.case, sha256=one.sha256).first()
    if source is None:
        return one
    counts = dict(
        EvidenceRecord.objects.filter(source_file=source)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return FileReport(one.path, one.sha256, one.format, records=sum(counts.values()), counts=counts)


def _import_file(job: Job, path: Path, progress: _FileProgress) -> FileReport:
    """One staged file, all-or-nothing; the job notes it as committed in the same transaction. The same file
    imported at the same moment by another job (a second server) loses the race on the unique (case, file)
    index: it is then simply found in the case."""
    from xieshang.evidence.services import evidence_import

    assert job.case is not None
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                one = evidence_import(case=job.case, paths=[path], user=job.user, progress=progress).files[0]
                if not one.duplicate_file:
                    committed = [*job.params.get("committed", []), one.sha256]
                    Job.objects.filter(pk=job.pk).update(params={**job.params, "committed": committed})
                    job.params["committed"] = committed
                return one
        except DatabaseIntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@job_handler(
    IMPORT_JOB,
    title_zh="导入证据",
    title_en="Import evidence",
    result_template="evidence/job_import_result.html",
)
def import_staged(*, job: Job, progress: JobProgress) -> dict[str, Any]:
    from xieshang.evidence.services import _add

    assert job.case is not None
    token = str(job.params["staging"])
    files = list(job.params["files"])
    folder = staging_folder(token)
    paths = [folder / str(f["path"]) for f in files]
    finished = False
    try:
        # Each file is its own all-or-nothing import: a bad one is refused (and says why) while the good ones
        # beside it are kept. Only when every file is refused does the job fail, naming each one.
        staging_fetch(token, files)  # from the bucket, when the uploads wait there
        reporter = _FileProgress(progress, sum(int(f["size"]) for f in files))
        report = ImportReport(case=job.case.name)
        refused: list[str] = []
        for index, (entry, path) in enumerate(zip(files, paths, strict=True), start=1):
            reporter.start(index=index, count=len(files), name=str(entry["name"]))
            try:
                check(path)
                if store.file_sha256(path) != entry["sha256"]:
                    raise IntegrityError(
                        f"上传的文件在等待导入时被改动：{entry['name']}",
                        f"the uploaded file changed while it waited to be imported: {entry['name']}",
                    )
                one = _import_file(job, path, reporter)
            except XieshangError as exc:
                report.files.append(
                    FileReport(
                        str(entry["name"]),
                        str(entry["sha256"]),
                        "",
                        refused_zh=exc.message("zh"),
                        refused_en=exc.message("en"),
                    )
                )
                refused.append(exc.message("zh"))
                reporter.finished(int(entry["size"]))
                continue
            one.path = str(entry["name"])
            _add(report, _earlier_attempt(job, one) if one.duplicate_file else one)
            reporter.finished(int(entry["size"]))
        if len(refused) == len(files):
            zh = "；".join(refused)
            en = "; ".join(f.refused_en for f in report.files)
            raise InputError(zh, en)
        finished = True
        result = report.as_json()
        result["total"] = sum(report.imported.values())
        result["refused"] = len(refused)
        result["all_there_already"] = all(f.status == "already_there" for f in report.files)
        return result
    except Exception:
        finished = True  # a failure is final: the staged copies go
        raise
    finally:
        if finished:
            staging_remove(token, files)


TRANSCRIBE_JOB = "transcribe"
_PROGRESS_SCALE = 1000


@job_handler(TRANSCRIBE_JOB, title_zh="转写录音", title_en="Transcribe a call recording")
def transcribe(*, job: Job, progress: JobProgress) -> dict[str, Any]:
    """Run one queued transcript (evidence.transcripts). Idempotent: a transcript a killed worker left
    RUNNING is run again from the start (nothing of it was written); a DONE one is only reported."""
    from xieshang.evidence.models import Transcript
    from xieshang.evidence.transcripts import transcript_run

    transcript = Transcript.objects.select_related("recording__source_file").get(pk=job.params["transcript"])
    name = transcript.recording.source_file.original_name
    progress.update(done=0, total=_PROGRESS_SCALE, step_zh=f"正在转写 {name}", step_en=f"Transcribing {name}")

    def report(fraction: float) -> None:
        progress.update(done=int(fraction * _PROGRESS_SCALE))

    done = transcript_run(transcript=transcript, progress=report)
    progress.update(done=_PROGRESS_SCALE)
    progress.flush()  # the last fraction, even within the reporter's one-second throttle
    return {
        "transcript": done.pk,
        "recording": done.recording_id,
        "segments": done.segment_count,
        "duration_seconds": done.duration_seconds,
        "model": done.model_name,
        "model_sha256": done.model_sha256,
        "language": done.language,
        "speakers_told_apart": done.speakers_told_apart,
    }
