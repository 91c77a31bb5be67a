"""The packaged whisper-base on real Mandarin speech (AISHELL-1 test utterances, tests/fixtures/audio):
the character error rate against the reference transcripts, at 16 kHz, at 8 kHz (phone bandwidth) and as
AMR-NB (how Chinese phones store calls). Bounds = what was measured plus a margin of about two characters
(tests/fixtures/audio/README.md): a regression in decoding, resampling or model loading fails them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.asr import AUDIO, CLIPS, encoded, references
from xieshang.asr.cer import character_errors
from xieshang.asr.engine import Transcriber

# measured corpus CER (2 clips, 26 characters): 16 kHz 1/26 = 0.038; 8 kHz 3/26 = 0.115;
# AMR-NB 12.2 kbit/s 4/26 = 0.154
BOUNDS = {"wav-16k": 3 / 26, "wav-8k": 5 / 26, "amr-nb": 6 / 26}


def _corpus_cer(transcriber: Any, paths: dict[str, Path]) -> tuple[float, dict[str, str]]:
    refs = references()
    errors = total = 0
    texts = {}
    for clip, path in paths.items():
        result = transcriber.transcribe(path)
        texts[clip] = result.text
        e, n = character_errors(refs[clip], result.text)
        errors, total = errors + e, total + n
        assert result.language == "zh"
        assert result.segments and all(
            0 <= s.start < s.end <= result.duration + 0.01 for s in result.segments
        )
        assert all(0 < s.confidence <= 1 for s in result.segments)
    return errors / total, texts


def test_engine_follows_the_protocol(transcriber: Any) -> None:
    assert isinstance(transcriber, Transcriber)
    assert transcriber.model.sha256 and transcriber.settings["compute_type"] == "int8"


@pytest.mark.parametrize("kind", ["wav-16k", "wav-8k", "amr-nb"])
def test_mandarin_clips_within_the_measured_error_rate(
    kind: str, transcriber: Any, encoded_dir: Path
) -> None:
    paths = {c: AUDIO / c if kind == "wav-16k" else encoded(c, kind, encoded_dir) for c in CLIPS}
    cer, texts = _corpus_cer(transcriber, paths)
    print(kind, f"CER={cer:.3f}", texts)
    assert cer <= BOUNDS[kind], texts


def test_progress_is_reported_to_the_end(transcriber: Any) -> None:
    seen: list[float] = []
    transcriber.transcribe(AUDIO / CLIPS[1], progress=seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
