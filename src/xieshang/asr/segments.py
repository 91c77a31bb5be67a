"""What a transcription is: timed segments of text with a confidence, the language, the duration."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Segment:
    start: float  # seconds from the start of the recording
    end: float
    text: str
    confidence: float  # 0..1: exp(mean token log-probability) of the decoder
    no_speech: float = 0.0  # the model's probability that this stretch holds no speech
    speaker: str = ""  # "" not told apart; "L" / "R" (speakers.py)

    def as_json(self) -> dict[str, Any]:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "text": self.text,
            "confidence": round(self.confidence, 4),
            "no_speech": round(self.no_speech, 4),
            "speaker": self.speaker,
        }


@dataclass(frozen=True)
class Transcription:
    language: str
    language_probability: float
    duration: float  # seconds of audio decoded
    segments: tuple[Segment, ...] = ()
    speakers_told_apart: bool = False
    audio: dict[str, Any] = field(default_factory=dict)  # codec, source rate, channels

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


def format_offset(seconds: float) -> str:
    """An offset as a recording player shows it: "02:13", "1:02:13" past an hour."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
