"""The `Transcriber` protocol and its one engine, faster-whisper (CTranslate2, CPU, int8).

An engine takes the path of a recording and returns a `Transcription` (timed segments with text, the
language, a confidence per segment); `progress(fraction)` is called as audio is done. It reads the file
and writes nothing. Its `settings` are everything that changes its output: they are kept with each
transcript, so a transcript can be reproduced (same model hash + same settings + same audio).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from xieshang.asr.audio import SAMPLE_RATE, decode_audio
from xieshang.asr.errors import INSTALL_HINT_EN, INSTALL_HINT_ZH, AsrUnavailableError
from xieshang.asr.model import ModelInfo
from xieshang.asr.segments import Segment, Transcription
from xieshang.asr.speakers import assign_speakers

Progress = Callable[[float], None]

# Whisper writes Chinese in traditional or simplified characters as it likes; a prompt in simplified
# Chinese steers it to simplified (measured on the shipped AISHELL clips: CER 0.35 → 0.12, see
# tests/fixtures/audio/README.md).
ZH_PROMPT = "以下是普通话的句子。"


@runtime_checkable
class Transcriber(Protocol):
    name: str  # engine name, e.g. "faster-whisper"

    @property
    def model(self) -> ModelInfo: ...

    @property
    def settings(self) -> Mapping[str, Any]: ...

    def transcribe(self, path: Path, *, progress: Progress | None = None) -> Transcription: ...


def engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"faster-whisper {version('faster-whisper')}, ctranslate2 {version('ctranslate2')}"
    except PackageNotFoundError:
        return "faster-whisper"


class FasterWhisperTranscriber:
    """Whisper through faster-whisper, loading `model.path` only (local_files_only; HF_HUB_OFFLINE)."""

    name = "faster-whisper"

    def __init__(
        self,
        model: ModelInfo,
        *,
        language: str | None = "zh",
        beam_size: int = 5,
        initial_prompt: str | None = ZH_PROMPT,
        vad: bool = True,
        cpu_threads: int = 0,
        compute_type: str = "int8",
    ) -> None:
        self._model_info = model
        self._settings: dict[str, Any] = {
            "language": language,
            "beam_size": beam_size,
            "initial_prompt": initial_prompt,
            "vad_filter": vad,
            "compute_type": compute_type,
            "device": "cpu",
            # faster-whisper's fallback: a window decoded into a loop (compression ratio > 2.4) or unsure
            # (mean log-probability < -1) is decoded again at a higher temperature
            "temperature": [0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            "condition_on_previous_text": False,
        }
        self._cpu_threads = cpu_threads
        self._whisper: Any = None

    @property
    def model(self) -> ModelInfo:
        return self._model_info

    @property
    def settings(self) -> Mapping[str, Any]:
        return dict(self._settings)

    def _load(self) -> Any:
        if self._whisper is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: a path is given, never a name
            try:
                from faster_whisper import WhisperModel
            except ImportError:
                raise AsrUnavailableError(
                    f"未安装语音转写引擎 faster-whisper。{INSTALL_HINT_ZH}",
                    f"faster-whisper is not installed; {INSTALL_HINT_EN}",
                ) from None
            self._whisper = WhisperModel(
                str(self._model_info.path),
                device="cpu",
                compute_type=str(self._settings["compute_type"]),
                cpu_threads=self._cpu_threads,
                local_files_only=True,
            )
        return self._whisper

    def transcribe(self, path: Path, *, progress: Progress | None = None) -> Transcription:
        audio = decode_audio(path)
        whisper = self._load()
        s = self._settings
        pieces, info = whisper.transcribe(
            audio.samples,
            language=s["language"],
            beam_size=s["beam_size"],
            initial_prompt=s["initial_prompt"],
            vad_filter=s["vad_filter"],
            temperature=s["temperature"],
            condition_on_previous_text=s["condition_on_previous_text"],
        )
        duration = audio.duration
        segments: list[Segment] = []
        for piece in pieces:  # a generator: decoding happens as it is read
            text = piece.text.strip()
            if text:
                segments.append(
                    Segment(
                        start=float(piece.start),
                        end=float(min(piece.end, duration)),
                        text=text,
                        confidence=float(math.exp(min(0.0, piece.avg_logprob))),
                        no_speech=float(piece.no_speech_prob),
                    )
                )
            if progress is not None and duration > 0:
                progress(min(1.0, float(piece.end) / duration))
        if progress is not None:
            progress(1.0)
        told, apart = assign_speakers(segments, audio.channel_envelope)
        return Transcription(
            language=str(info.language),
            language_probability=float(info.language_probability),
            duration=round(len(audio.samples) / SAMPLE_RATE, 3),
            segments=told,
            speakers_told_apart=apart,
            audio={"codec": audio.codec, "sample_rate": audio.source_rate, "channels": audio.source_channels},
        )
