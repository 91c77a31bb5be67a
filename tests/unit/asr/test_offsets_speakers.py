from __future__ import annotations

import numpy as np

from xieshang.asr.segments import Segment, format_offset
from xieshang.asr.speakers import LEFT, RIGHT, assign_speakers


def test_offsets_read_like_a_player() -> None:
    assert format_offset(0) == "00:00"
    assert format_offset(133.9) == "02:13"
    assert format_offset(3733) == "1:02:13"


def _segments() -> list[Segment]:
    return [Segment(0.0, 1.0, "喂", 0.9), Segment(1.0, 2.0, "你好", 0.9), Segment(2.0, 3.0, "还钱", 0.9)]


def test_each_side_of_a_stereo_call_is_its_own_speaker() -> None:
    envelope = np.zeros((2, 30), dtype=np.float32)
    envelope[0, 0:10] = 0.5  # left speaks 0–1 s
    envelope[1, 10:20] = 0.4  # right speaks 1–2 s
    envelope[:, 20:30] = 0.3  # both as loud: not told apart
    told, apart = assign_speakers(_segments(), envelope)
    assert apart is True
    assert [s.speaker for s in told] == [LEFT, RIGHT, ""]


def test_mono_or_one_sided_audio_is_not_told_apart() -> None:
    told, apart = assign_speakers(_segments(), None)
    assert apart is False and all(s.speaker == "" for s in told)
    envelope = np.zeros((2, 30), dtype=np.float32)
    envelope[0, :] = 0.5  # only the left channel ever speaks: one voice, nothing to tell apart
    told, apart = assign_speakers(_segments(), envelope)
    assert apart is False and all(s.speaker == "" for s in told)
