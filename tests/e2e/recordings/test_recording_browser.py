"""A transcript hit in search opens the recording in the browser's player at its time, and a segment's time
on the recording page seeks the player there (the audio view answers byte ranges)."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def _call(path: Path) -> Path:
    """About 10 s of 16 kHz speech: the two shipped Mandarin clips with 2 s of silence between."""
    from tests.fixtures.asr import AUDIO, CLIPS

    frames = []
    for clip in CLIPS:
        with wave.open(str(AUDIO / clip)) as w:
            frames.append(w.readframes(w.getnframes()))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(frames[0] + b"\x00\x00" * 32000 + frames[1])
    return path


def _current_time(page: Any) -> float:
    page.wait_for_function(
        "() => { const p = document.getElementById('player'); return p && p.readyState >= 1 && p.currentTime > 0; }",
        timeout=60_000,
    )
    return float(page.evaluate("document.getElementById('player').currentTime"))


def test_search_hit_plays_the_recording_at_its_time(
    page: Any, make_user: Any, login: Any, url: Any, screenshot: Any, settings: Any, tmp_path: Path
) -> None:
    from tests.integration.evidence.conftest import make_case
    from tests.integration.transcripts.conftest import FakeTranscriber
    from xieshang.evidence.models import EvidenceRecord
    from xieshang.evidence.services import evidence_import
    from xieshang.evidence.transcripts import transcript_request, transcript_run

    settings.XIESHANG_EVIDENCE_ROOT = tmp_path / "vault"
    settings.XIESHANG_TSA_URL = ""
    settings.XIESHANG_TSA_CA_FILE = ""
    owner = make_user("listener")
    case = make_case("calls", owner=owner)
    recording_file = _call(tmp_path / "通话录音@王催收(13912345678)_20240305100540.wav")
    evidence_import(case=case, paths=[recording_file])
    recording = EvidenceRecord.objects.get(case=case, kind="recording")
    said = [(0.14, 4.19, "甚至出现交易几乎停滞的情况。"), (6.4, 10.3, "一二线城市虽然也处于调整中。")]
    transcript_run(transcript=transcript_request(record=recording), transcriber=FakeTranscriber(said))

    login(page, "listener")
    page.goto(url(f"/cases/{case.name}/search/?q=调整"))
    offset = page.locator("a.badge.offset")
    assert offset.inner_text() == "▶ 00:06"
    offset.click()
    page.wait_for_load_state("domcontentloaded")
    assert f"/recordings/{recording.pk}/" in page.url
    assert 6.0 <= _current_time(page) <= 6.9  # the player starts where the segment starts
    assert page.locator("li.highlight").inner_text().endswith("一二线城市虽然也处于调整中。")
    assert "机器转写，请核对录音" in page.locator(".machine-note").inner_text()

    page.locator("a.seek").first.click()  # back to the first segment: the player seeks there
    page.wait_for_function(
        "() => Math.abs(document.getElementById('player').currentTime - 0.14) < 0.3", timeout=60_000
    )
    screenshot(page, "recording")
