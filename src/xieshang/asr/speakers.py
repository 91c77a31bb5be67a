"""Speaker turns where two voices can be told apart: a stereo recording with each side of the call on its
own channel. A segment belongs to the channel at least twice as loud over its time (6 dB); otherwise, and
for every mono recording (most phones record the mixed call), speakers are not told apart ("说话人未区分").

Why not a neural diarizer: sherpa-onnx's offline diarization needs a segmentation and an embedding model
that no registry package ships; downloading them at run time is what this product never does
(docs/decisions.md, issue 17).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from xieshang.asr.audio import ENVELOPE_SECONDS
from xieshang.asr.segments import Segment

DOMINANCE = 2.0  # RMS ratio (6 dB)
LEFT, RIGHT = "L", "R"
NOT_TOLD_APART_ZH = "说话人未区分"
NOT_TOLD_APART_EN = "speakers not told apart"
SPEAKER_ZH = {LEFT: "说话人甲（左声道）", RIGHT: "说话人乙（右声道）"}
SPEAKER_EN = {LEFT: "speaker A (left channel)", RIGHT: "speaker B (right channel)"}


def _side(envelope: npt.NDArray[np.float32], start: float, end: float) -> str:
    first = int(start / ENVELOPE_SECONDS)
    last = max(first + 1, int(np.ceil(end / ENVELOPE_SECONDS)))
    window = envelope[:, first:last]
    if window.shape[1] == 0:
        return ""
    left, right = float(np.mean(window[0])), float(np.mean(window[1]))
    if left > 0 and left >= DOMINANCE * right:
        return LEFT
    if right > 0 and right >= DOMINANCE * left:
        return RIGHT
    return ""


def assign_speakers(
    segments: Sequence[Segment], envelope: npt.NDArray[np.float32] | None
) -> tuple[tuple[Segment, ...], bool]:
    """Segments with `speaker` set where their channel tells it, and whether two voices were told apart
    (both channels lead somewhere). Mono (`envelope` None): unchanged, False."""
    if envelope is None or not segments:
        return tuple(segments), False
    sides = [_side(envelope, s.start, s.end) for s in segments]
    if not (LEFT in sides and RIGHT in sides):
        return tuple(segments), False
    return tuple(replace(s, speaker=side) for s, side in zip(segments, sides, strict=True)), True
