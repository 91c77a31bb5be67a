"""The web side: a transcript hit in search shows its time and opens the recording there; the recording
page lists segments as links to their times and plays the audio (AMR decoded to WAV, ranges for seeking);
a transcription is queued, never run inside the request; another user sees none of it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.fixtures.asr import AUDIO, need_asr
from xieshang.evidence.models import EvidenceRecord, LedgerEntry, Transcript
from xieshang.evidence.services import evidence_import
from xieshang.evidence.transcripts import transcript_request, transcript_run

from .conftest import SAID, FakeTranscriber

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_search_hit_shows_the_time_and_opens_the_recording_there(recording_case: Any) -> None:
    case, recording = recording_case
    transcript = transcript_run(
        transcript=transcript_request(record=recording), transcriber=FakeTranscriber(SAID)
    )
    segment = EvidenceRecord.objects.get(kind="transcript", meta__index=1)
    client = _client(case.owner)
    page = client.get(f"/cases/{case.name}/search/", {"q": "爆你通讯录"}).content.decode()
    link = (
        f"/cases/{case.name}/recordings/{recording.pk}/?t=133.2&amp;segment={segment.pk}#segment-{segment.pk}"
    )
    assert link in page and "▶ 02:13" in page
    assert "机器转写" in page or "Machine transcript" in page

    page = client.get(
        f"/cases/{case.name}/recordings/{recording.pk}/", {"t": "133.2", "segment": segment.pk}
    ).content.decode()
    assert 'data-start="133.2"' in page  # the player starts there (recording.js)
    assert f'id="segment-{segment.pk}" class="highlight"' in page
    assert "02:13" in page and "今天不还钱就爆你通讯录" in page
    assert "说话人未区分" in page and "机器转写，请核对录音" in page
    assert transcript.model_name in page

    listing = client.get(f"/cases/{case.name}/recordings/").content.decode()
    assert f"/cases/{case.name}/recordings/{recording.pk}/" in listing


def test_audio_is_served_with_ranges_and_each_listening_logged(recording_case: Any) -> None:
    case, recording = recording_case
    client = _client(case.owner)
    url = f"/cases/{case.name}/recordings/{recording.pk}/audio/"
    whole = client.get(url)
    assert (
        whole.status_code == 200
        and whole["Content-Type"] == "audio/wav"
        and whole["Accept-Ranges"] == "bytes"
    )
    assert whole.content == (AUDIO / "BAC009S0764W0121.wav").read_bytes()  # a WAV is served as it is
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and part.content == whole.content[100:200]
    assert part["Content-Range"] == f"bytes 100-199/{len(whole.content)}"
    assert client.get(url, HTTP_RANGE=f"bytes={len(whole.content) + 5}-").status_code == 416
    exports = LedgerEntry.objects.filter(kind="export", payload__contains="playback of the recording")
    assert exports.count() == 1  # the seek did not add another


def test_amr_is_decoded_to_wav_for_listening_and_the_original_stays(db: None, tmp_path: Path) -> None:
    need_asr()
    from tests.integration.evidence.conftest import make_case

    case = make_case("amr")
    path = tmp_path / "通话录音@王催收(13912345678)_20240305100540.amr"
    shutil.copyfile(AUDIO / "amrnb_phone_recording.amr", path)
    evidence_import(case=case, paths=[path])
    recording = EvidenceRecord.objects.get(case=case, kind="recording")
    response = _client(case.owner).get(f"/cases/{case.name}/recordings/{recording.pk}/audio/")
    assert (
        response.status_code == 200 and response.content[:4] == b"RIFF" and response.content[8:12] == b"WAVE"
    )
    assert len(response.content) > 8000 * 2 * 29  # about 30 s of 8 kHz 16-bit
    from xieshang.evidence.integrity import evidence_verify

    assert evidence_verify().ok


def test_transcribe_button_queues_a_background_job(recording_case: Any, settings: Any) -> None:
    """With the database queue (`xieshang worker`) the request only queues: nothing runs in it."""
    from xieshang.jobs.models import Job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    case, recording = recording_case
    client = _client(case.owner)
    response = client.post(f"/cases/{case.name}/recordings/{recording.pk}/transcribe/")
    assert response.status_code == 302
    transcript = Transcript.objects.get(recording=recording)
    assert transcript.status == "queued"  # not run inside the request
    job = Job.objects.get(kind="transcribe")
    assert job.status == "queued" and job.params == {"transcript": transcript.pk} and job.case_id == case.pk
    assert client.post(f"/cases/{case.name}/recordings/{recording.pk}/transcribe/").status_code == 302
    assert Transcript.objects.filter(recording=recording).count() == 1  # the queued one, not a second
    assert Job.objects.filter(kind="transcribe").count() == 1
    body = client.get(f"/cases/{case.name}/transcripts/{transcript.pk}/status/").json()
    assert body["status"] == "queued" and body["progress"] == 0.0


def test_the_job_runs_the_transcript_and_reports_it(recording_case: Any, monkeypatch: Any) -> None:
    """The job itself (run in-process here: the immediate backend of the tests)."""
    from xieshang.evidence import transcripts
    from xieshang.jobs.models import Job

    engine = FakeTranscriber(SAID)
    monkeypatch.setattr(transcripts, "transcriber_default", lambda: engine)
    case, recording = recording_case
    client = _client(case.owner)
    client.post(f"/cases/{case.name}/recordings/{recording.pk}/transcribe/")
    transcript = Transcript.objects.get(recording=recording)
    job = Job.objects.get(kind="transcribe")
    assert transcript.status == "done" and engine.calls == 1
    assert job.status == "done" and job.result["segments"] == 2 and job.result["transcript"] == transcript.pk
    assert job.progress_done == job.progress_total == 1000
    body = client.get(f"/cases/{case.name}/transcripts/{transcript.pk}/status/").json()
    assert body["status"] == "done" and body["segments"] == 2


def test_another_user_sees_nothing(recording_case: Any) -> None:
    case, recording = recording_case
    transcript = transcript_run(
        transcript=transcript_request(record=recording), transcriber=FakeTranscriber(SAID)
    )
    stranger = _client(get_user_model().objects.create_user("stranger", password="x" * 12))
    base = f"/cases/{case.name}"
    for url in (
        f"{base}/recordings/",
        f"{base}/recordings/{recording.pk}/",
        f"{base}/recordings/{recording.pk}/audio/",
        f"{base}/transcripts/{transcript.pk}/status/",
    ):
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(f"{base}/recordings/{recording.pk}/transcribe/").status_code == 404
    assert not LedgerEntry.objects.filter(kind="export").exists()


def test_without_a_model_the_page_says_how_to_get_one(
    recording_case: Any, settings: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The job fails with the model message (shown on the recording page); the other pages keep working."""
    from xieshang.asr import model as asr_model
    from xieshang.evidence import transcripts
    from xieshang.jobs.models import Job

    settings.XIESHANG_ASR_MODEL = ""
    settings.XIESHANG_ASR_CACHE = tmp_path / "models"
    monkeypatch.setattr(asr_model, "packaged_installed", lambda: False)
    monkeypatch.setattr(transcripts, "_cached", {})
    case, recording = recording_case
    client = _client(case.owner)
    client.post(f"/cases/{case.name}/recordings/{recording.pk}/transcribe/")
    assert Job.objects.get(kind="transcribe").status == "failed"
    page = client.get(f"/cases/{case.name}/recordings/{recording.pk}/").content.decode()
    assert "没有可用的语音模型" in page and "xieshang[asr]" in page
    assert client.get(f"/cases/{case.name}/recordings/{recording.pk}/audio/").status_code == 200
    assert client.get(f"/cases/{case.name}/search/", {"q": "王催收"}).status_code == 200
