"""Transcripts of call recordings: request one, run it, list and read them.

A transcript is derived evidence. The original recording is only read (its stored object is checked
against its hash before and is never written); the transcript's segments become records of kind
`transcript` linked to the recording (searchable; read by the conduct check; cited by letters), written in
one transaction with a ledger entry naming the recording, the model and its hash, the settings, and the
count and digest of the segments (`verify` recomputes the digest). Running again, with another model or
other settings, adds another transcript; none is ever replaced.

The slow part (decoding and the model) runs outside any transaction, in the caller's process: the CLI
(`xieshang transcribe`) or a background worker, never a web request.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xieshang.asr.engine import FasterWhisperTranscriber, Transcriber, engine_version
from xieshang.asr.model import resolve_model
from xieshang.asr.segments import Transcription, format_offset
from xieshang.cases.models import Case
from xieshang.core.errors import InputError, IntegrityError, XieshangError
from xieshang.core.lender_tags import association_key
from xieshang.evidence import store
from xieshang.evidence.digests import records_digest_of
from xieshang.evidence.ledger import ledger_append
from xieshang.evidence.models import EvidenceRecord, LedgerEntry, Transcript
from xieshang.evidence.search import search_entries_insert, searchable_text
from xieshang.evidence.writer import allocate_record_ids

MACHINE_NOTE_ZH = "机器转写，请核对录音"
MACHINE_NOTE_EN = "machine transcript: check against the recording"
IMPORTER_NAME = "transcript"
_PROGRESS_STEP = 0.02  # progress is written to the database at most every 2 %

_cache_lock = threading.Lock()
_cached: dict[tuple[str, str, str], Transcriber] = {}


def transcriber_default() -> Transcriber:
    """The configured engine (XIESHANG_ASR_MODEL / the packaged model), loaded once per process."""
    setting = settings.XIESHANG_ASR_MODEL
    language = settings.XIESHANG_ASR_LANGUAGE.strip() or "zh"
    key = (setting, language, str(settings.XIESHANG_ASR_CACHE))
    with _cache_lock:
        found = _cached.get(key)
        if found is None:
            model = resolve_model(setting, settings.XIESHANG_ASR_CACHE)
            found = FasterWhisperTranscriber(model, language=None if language == "auto" else language)
            _cached.clear()
            _cached[key] = found
        return found


def transcript_request(*, record: EvidenceRecord, user: Any = None) -> Transcript:
    """A queued transcript of a recording (the one already queued or running, if there is one)."""
    if record.kind != EvidenceRecord.Kind.RECORDING:
        raise InputError("只有通话录音可以转写。", "Only call recordings can be transcribed.")
    open_one = (
        Transcript.objects.filter(
            recording=record, status__in=[Transcript.Status.QUEUED, Transcript.Status.RUNNING]
        )
        .order_by("id")
        .first()
    )
    if open_one is not None:
        return open_one
    return Transcript.objects.create(
        case_id=record.case_id,
        recording=record,
        requested_by=user if getattr(user, "pk", None) else None,
        requested_at=timezone.now(),
    )


def transcript_queue(*, record: EvidenceRecord, user: Any = None) -> Transcript:
    """A transcript of the recording run in the background: a new one queued as a job, or the one
    already queued or running (asking twice does not run it twice)."""
    already = Transcript.objects.filter(
        recording=record, status__in=[Transcript.Status.QUEUED, Transcript.Status.RUNNING]
    ).exists()
    transcript = transcript_request(record=record, user=user)
    if not already:
        transcript_enqueue(transcript)
        transcript.refresh_from_db()
    return transcript


def transcript_enqueue(transcript: Transcript) -> Any:
    """Hand a queued transcript to the background worker (`xieshang worker`, jobs app): the job's id.
    The web request returns at once; the job page and the recording page show the progress."""
    from xieshang.evidence.jobs import TRANSCRIBE_JOB
    from xieshang.jobs.services import job_enqueue

    job = job_enqueue(
        kind=TRANSCRIBE_JOB,
        user=transcript.requested_by,
        case=transcript.case,
        params={"transcript": transcript.pk},
        max_attempts=2,
    )
    return job.pk


def recordings_untranscribed(*, cases: Iterable[Case]) -> list[EvidenceRecord]:
    """Recordings of these cases with no finished transcript yet, oldest first."""
    return list(
        EvidenceRecord.objects.filter(case__in=list(cases), kind=EvidenceRecord.Kind.RECORDING)
        .exclude(transcripts__status=Transcript.Status.DONE)
        .select_related("source_file", "case")
        .order_by("case_id", "timestamp", "id")
    )


def _fingerprint(transcript_id: int, index: int, text: str) -> str:
    return hashlib.sha256(f"transcript\x1f{transcript_id}\x1f{index}\x1f{text}".encode()).hexdigest()


def _progress_writer(
    transcript: Transcript, progress: Callable[[float], None] | None
) -> Callable[[float], None]:
    last = [0.0]

    def report(fraction: float) -> None:
        if progress is not None:
            progress(fraction)
        if fraction - last[0] >= _PROGRESS_STEP or fraction >= 1.0:
            last[0] = fraction
            Transcript.objects.filter(pk=transcript.pk).update(progress=round(fraction, 4))

    return report


def _fail(transcript: Transcript, exc: XieshangError) -> Transcript:
    transcript.status = Transcript.Status.FAILED
    transcript.error = f"{exc.message_zh}\n{exc.message_en}"[:4000]
    transcript.finished_at = timezone.now()
    transcript.save(update_fields=["status", "error", "finished_at"])
    return transcript


def transcript_run(
    *,
    transcript: Transcript,
    transcriber: Transcriber | None = None,
    progress: Callable[[float], None] | None = None,
) -> Transcript:
    """Transcribe the recording of a queued (or failed) transcript and write the result.

    A problem the user can act on (no model, an undecodable file, an altered original) leaves the
    transcript FAILED with its message and is raised again; nothing else is written. `progress(fraction)`
    is called as audio is done (and the fraction is kept on the row for the web page)."""
    transcript = Transcript.objects.select_related("recording__source_file", "case").get(pk=transcript.pk)
    if transcript.status == Transcript.Status.DONE:
        return transcript
    recording = transcript.recording
    source = recording.source_file
    transcript.status, transcript.progress, transcript.error = Transcript.Status.RUNNING, 0.0, ""
    transcript.save(update_fields=["status", "progress", "error"])
    try:
        engine = transcriber or transcriber_default()
        problem = store.object_check(source.sha256, source.size)
        if problem:
            raise IntegrityError(
                f"录音 {source.original_name} 的存档副本有问题（{problem}）：请先运行 xieshang verify。",
                f"the stored recording {source.original_name} has a problem ({problem}): run xieshang verify",
            )
        started = time.perf_counter()
        result = engine.transcribe(
            store.object_path(source.sha256), progress=_progress_writer(transcript, progress)
        )
        seconds = time.perf_counter() - started
    except XieshangError as exc:
        _fail(transcript, exc)
        raise
    return _write(transcript, engine, result, seconds)


def _segment_records(transcript: Transcript, result: Transcription, now: Any) -> list[EvidenceRecord]:
    recording = transcript.recording
    rows = []
    ids = allocate_record_ids(len(result.segments))
    for index, (rid, segment) in enumerate(zip(ids, result.segments, strict=True)):
        rows.append(
            EvidenceRecord(
                id=rid,
                case_id=recording.case_id,
                kind=EvidenceRecord.Kind.TRANSCRIPT,
                timestamp=recording.timestamp + timedelta(seconds=segment.start),
                direction=recording.direction,
                counterpart=recording.counterpart,
                counterpart_name=recording.counterpart_name,
                text=segment.text,
                position=f"{format_offset(segment.start)}–{format_offset(segment.end)}",
                external_id=f"{transcript.external_prefix}{index}",
                fingerprint=_fingerprint(transcript.pk, index, segment.text),
                meta={
                    "transcript": transcript.pk,
                    "index": index,
                    **segment.as_json(),
                    "machine": True,
                    "recording": recording.pk,
                },
                source_file_id=recording.source_file_id,
                importer_name=IMPORTER_NAME,
                importer_version=transcript.model_sha256[:20],
                lender=recording.lender,
                debt_id=recording.debt_id,
                linked_record_id=recording.pk,
                imported_at=now,
            )
        )
    return rows


@transaction.atomic
def _write(transcript: Transcript, engine: Transcriber, result: Transcription, seconds: float) -> Transcript:
    now = timezone.now()
    model = engine.model
    version = engine_version() if isinstance(engine, FasterWhisperTranscriber) else ""
    transcript.engine = (f"{engine.name} ({version})" if version else engine.name)[:120]
    transcript.model_name, transcript.model_sha256 = model.name[:200], model.sha256
    transcript.engine_settings = {**engine.settings, "model_source": model.source}
    records = _segment_records(transcript, result, now)
    for record in records:  # what `EvidenceRecord.save` sets; bulk_create does not call it
        record.counterpart_key = association_key(record.counterpart) or ""
    EvidenceRecord.objects.bulk_create(records)
    search_entries_insert(
        transcript.case_id,
        [
            (
                r.pk,
                searchable_text(text=r.text, counterpart=r.counterpart, counterpart_name=r.counterpart_name),
            )
            for r in records
        ],
    )
    recording = transcript.recording
    entry = ledger_append(
        kind=LedgerEntry.Kind.TRANSCRIPT,
        case_name=transcript.case.name,
        now=now,
        data={
            "transcript": transcript.pk,
            "recording": recording.pk,
            "recording_fingerprint": recording.fingerprint,
            "file": recording.source_file.sha256,
            "engine": transcript.engine,
            "model": model.name,
            "model_sha256": model.sha256,
            "model_files": dict(model.hashes),
            "settings": transcript.engine_settings,
            "language": result.language,
            "duration_seconds": result.duration,
            "records": len(records),
            "external_prefix": transcript.external_prefix,
            "records_digest": records_digest_of(transcript.external_prefix),
            "processing_seconds": round(seconds, 3),
            "by": getattr(transcript.requested_by, "username", "") or "",
        },
    )
    transcript.status = Transcript.Status.DONE
    transcript.progress = 1.0
    transcript.language = result.language[:16]
    transcript.language_probability = round(result.language_probability, 4)
    transcript.duration_seconds = result.duration
    transcript.speakers_told_apart = result.speakers_told_apart
    transcript.segment_count = len(records)
    transcript.finished_at = now
    transcript.ledger_entry = entry
    transcript.save()
    return transcript


def transcript_segments(transcript: Transcript) -> list[EvidenceRecord]:
    """The segments of a transcript in order."""
    return list(
        EvidenceRecord.objects.filter(
            case_id=transcript.case_id,
            kind=EvidenceRecord.Kind.TRANSCRIPT,
            external_id__startswith=transcript.external_prefix,
        ).order_by("id")
    )


def segment_offset(record: EvidenceRecord) -> float | None:
    """Seconds into its recording where a transcript segment starts (None for other records)."""
    if record.kind != EvidenceRecord.Kind.TRANSCRIPT or not isinstance(record.meta, dict):
        return None
    start = record.meta.get("start")
    return float(start) if isinstance(start, int | float) else None
