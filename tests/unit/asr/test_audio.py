"""Decoding the formats phones write, by PyAV: real AMR-NB and AMR-WB files, m4a/AAC, MP3 and 8 kHz WAV
made from a real Mandarin clip by PyAV's own encoders; a file that is not audio gets a clear error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from tests.fixtures.asr import AUDIO, CLIPS, encoded, need_asr
from tests.fixtures.formats_media import m4a_bytes
from xieshang.asr.errors import AudioDecodeError

need_asr()

from xieshang.asr.audio import SAMPLE_RATE, decode_audio  # noqa: E402


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "codec", "rate", "seconds"),
    [
        ("amrnb_phone_recording.amr", "amrnb", 8000, 30.18),
        ("amrwb_network_capture.awb", "amrwb", 16000, 30.04),
        ("BAC009S0764W0121.wav", "pcm_s16le", 16000, 4.204),
    ],
)
def test_real_files_decode_to_16k_mono(name: str, codec: str, rate: int, seconds: float) -> None:
    path = AUDIO / name
    before = _sha(path)
    audio = decode_audio(path)
    assert (audio.codec, audio.source_rate, audio.source_channels) == (codec, rate, 1)
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1
    assert audio.duration == pytest.approx(seconds, abs=0.05)
    assert float(np.sqrt(np.mean(audio.samples**2))) > 0.005  # sound, not silence
    assert _sha(path) == before  # only read


@pytest.mark.parametrize(
    ("kind", "codec", "rate"),
    [
        ("amr-nb", "amrnb", 8000),
        ("m4a", "aac", 16000),
        ("mp3", "mp3float", 16000),
        ("wav-8k", "pcm_s16le", 8000),
    ],
)
def test_phone_formats_made_from_the_mandarin_clip(
    kind: str, codec: str, rate: int, encoded_dir: Path
) -> None:
    original = decode_audio(AUDIO / CLIPS[0])
    audio = decode_audio(encoded(CLIPS[0], kind, encoded_dir))
    assert audio.codec == codec and audio.source_rate == rate
    # the same 4.2 s of speech (encoder delay and padding allowed)
    assert audio.duration == pytest.approx(original.duration, abs=0.1)
    assert len(audio.samples) / SAMPLE_RATE == audio.duration


def test_stereo_keeps_each_channels_loudness(tmp_path: Path) -> None:
    import av

    path = tmp_path / "stereo.wav"
    t = np.arange(SAMPLE_RATE * 2) / SAMPLE_RATE
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    left = np.where(t < 1, tone, 0).astype(np.float32)
    right = np.where(t >= 1, tone, 0).astype(np.float32)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=SAMPLE_RATE, layout="stereo")
        frame = av.AudioFrame.from_ndarray(np.stack([left, right]), format="fltp", layout="stereo")
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            out.mux(packet)
        out.mux(stream.encode(None))
    audio = decode_audio(path)
    assert audio.source_channels == 2 and audio.channel_envelope is not None
    envelope = audio.channel_envelope
    assert envelope.shape == (2, 20)
    assert envelope[0, :9].min() > 0.3 and envelope[1, :9].max() < 0.01
    assert envelope[1, 11:].min() > 0.3 and envelope[0, 11:].max() < 0.01


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not audio at all" * 50, b"#!AMR\n" + b"\xff" * 7, b"RIFF\x00\x00", m4a_bytes(30.0)],
)
def test_an_undecodable_file_gets_a_clear_error_and_stays(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "broken.amr"
    path.write_bytes(content)
    with pytest.raises(AudioDecodeError) as caught:
        decode_audio(path)
    assert "无法解码录音 broken.amr" in caught.value.message_zh
    assert "original is unchanged" in caught.value.message_en
    assert caught.value.exit_status == 2
    assert path.read_bytes() == content
