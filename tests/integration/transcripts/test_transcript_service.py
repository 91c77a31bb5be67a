"""A transcript is derived evidence: the original stays bit-identical, the segments are searchable records
linked to it with their offsets, a ledger entry names the model and its hash, `verify` checks them, and a
second run adds a second transcript."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from tests.fixtures.asr import need_asr
from xieshang.asr.errors import ModelMissingError
from xieshang.evidence import store
from xieshang.evidence.integrity import evidence_verify
from xieshang.evidence.models import EvidenceRecord, LedgerEntry, Transcript
from xieshang.evidence.services import evidence_search
from xieshang.evidence.transcripts import (
    recordings_untranscribed,
    transcript_request,
    transcript_run,
    transcript_segments,
)

from .conftest import SAID, FakeTranscriber

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _object_sha(record: EvidenceRecord) -> str:
    return hashlib.sha256(store.object_path(record.source_file.sha256).read_bytes()).hexdigest()


def test_transcript_is_derived_searchable_and_in_the_ledger(recording_case: Any) -> None:
    case, recording = recording_case
    before = _object_sha(recording)
    recording_row = EvidenceRecord.objects.filter(pk=recording.pk).values().get()
    engine = FakeTranscriber(SAID)
    seen: list[float] = []
    transcript = transcript_run(
        transcript=transcript_request(record=recording), transcriber=engine, progress=seen.append
    )

    assert transcript.status == Transcript.Status.DONE and transcript.segment_count == 2
    assert seen == [0.5, 1.0]
    assert _object_sha(recording) == before == recording.source_file.sha256  # the original is untouched
    assert EvidenceRecord.objects.filter(pk=recording.pk).values().get() == recording_row  # and its record
    segments = transcript_segments(transcript)
    assert [s.position for s in segments] == ["00:00–00:03", "02:13–02:18"]
    assert all(s.linked_record_id == recording.pk and s.kind == "transcript" for s in segments)
    assert segments[1].meta["start"] == 133.2 and segments[1].meta["machine"] is True
    assert (segments[1].timestamp - recording.timestamp).total_seconds() == pytest.approx(133.2)
    assert segments[1].counterpart == recording.counterpart == "13912345678"

    hits = evidence_search(user=case.owner, query="爆你通讯录", case=case)
    assert [h.record.pk for h in hits.hits] == [segments[1].pk]
    assert hits.hits[0].offset_label == "02:13"

    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.TRANSCRIPT)
    data = json.loads(entry.payload)["data"]
    assert data["model_sha256"] == "f" * 64 and data["model"] == "fake-model"
    assert data["recording"] == recording.pk and data["file"] == recording.source_file.sha256
    assert data["records"] == 2 and data["settings"]["beam_size"] == 1
    assert transcript.ledger_entry_id == entry.pk

    report = evidence_verify()
    assert report.ok, report.problems
    assert report.transcripts_checked == 1


def test_another_model_adds_a_transcript(recording_case: Any) -> None:
    _, recording = recording_case
    first = transcript_run(transcript=transcript_request(record=recording), transcriber=FakeTranscriber(SAID))
    second = transcript_run(
        transcript=transcript_request(record=recording),
        transcriber=FakeTranscriber(SAID[:1], sha="e" * 64, name="better-model"),
    )
    assert first.pk != second.pk
    assert [t.model_name for t in Transcript.objects.filter(recording=recording)] == [
        "fake-model",
        "better-model",
    ]
    assert len(transcript_segments(first)) == 2 and len(transcript_segments(second)) == 1
    assert evidence_verify().ok
    assert recordings_untranscribed(cases=[recording.case]) == []


def test_verify_finds_an_edited_or_removed_segment(recording_case: Any) -> None:
    _, recording = recording_case
    transcript = transcript_run(
        transcript=transcript_request(record=recording), transcriber=FakeTranscriber(SAID)
    )
    segment = transcript_segments(transcript)[1]
    EvidenceRecord.objects.filter(pk=segment.pk).update(text="今天还钱就好。")
    problems = evidence_verify().problems
    assert [p.item for p in problems] == [
        f"calls/transcript:{transcript.pk} (ledger #{transcript.ledger_entry.seq})"
    ]
    assert "segments of this transcript were changed" in problems[0].detail

    EvidenceRecord.objects.filter(pk=segment.pk).delete()
    problems = evidence_verify().problems
    assert any("records were removed or added" in p.detail for p in problems)


def test_a_finished_transcript_without_its_ledger_entry_is_found(recording_case: Any) -> None:
    case, recording = recording_case
    Transcript.objects.create(
        case=case, recording=recording, status="done", requested_at=recording.imported_at
    )
    problems = evidence_verify().problems
    assert any("a finished transcript the ledger never recorded" in p.detail for p in problems)


def test_a_missing_model_fails_clearly_and_nothing_else_changes(
    recording_case: Any, settings: Any, monkeypatch: Any, tmp_path: Any
) -> None:
    from xieshang.asr import model as asr_model
    from xieshang.evidence import transcripts

    case, recording = recording_case
    settings.XIESHANG_ASR_MODEL = ""
    settings.XIESHANG_ASR_CACHE = tmp_path / "models"
    monkeypatch.setattr(asr_model, "packaged_installed", lambda: False)
    monkeypatch.setattr(transcripts, "_cached", {})
    records = EvidenceRecord.objects.count()
    transcript = transcript_request(record=recording)
    with pytest.raises(ModelMissingError):
        transcript_run(transcript=transcript)
    transcript.refresh_from_db()
    assert transcript.status == "failed" and "XIESHANG_ASR_MODEL" in transcript.error
    assert EvidenceRecord.objects.count() == records
    assert not LedgerEntry.objects.filter(kind="transcript").exists()
    assert evidence_verify().ok  # the rest keeps working: search, verify
    assert evidence_search(user=case.owner, query="王催收", case=case).hits


def test_only_recordings_are_transcribed(recording_case: Any) -> None:
    from xieshang.core.errors import InputError

    _, recording = recording_case
    transcript_run(transcript=transcript_request(record=recording), transcriber=FakeTranscriber(SAID))
    segment = EvidenceRecord.objects.filter(kind="transcript").first()
    with pytest.raises(InputError):
        transcript_request(record=segment)


def test_real_engine_on_the_imported_mandarin_recording(recording_case: Any, asr_settings: Any) -> None:
    need_asr()
    from xieshang.asr.cer import character_error_rate

    case, recording = recording_case
    transcript = transcript_run(transcript=transcript_request(record=recording))
    assert transcript.model_name == "whisper-base" and len(transcript.model_sha256) == 64
    assert transcript.engine.startswith("faster-whisper") and transcript.language == "zh"
    text = "".join(s.text for s in transcript_segments(transcript))
    assert character_error_rate("甚至出现交易几乎停滞的情况", text) <= 3 / 13
    assert evidence_search(user=case.owner, query="交易", case=case).hits
    assert evidence_verify().ok
