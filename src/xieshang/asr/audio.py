"""Decode a recording to what Whisper reads: 16 kHz mono float32 samples, by PyAV (FFmpeg's decoders:
AMR-NB/WB, AAC/m4a, MP3, WAV, Ogg, FLAC…, at any sample rate). The file is only read.

A stereo recording (some recorder apps put each side of the call on its own channel) also yields the
loudness of each channel every 100 ms, which `speakers.py` uses to tell the two voices apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from xieshang.asr.errors import INSTALL_HINT_EN, INSTALL_HINT_ZH, AsrUnavailableError, AudioDecodeError

SAMPLE_RATE = 16_000
ENVELOPE_SECONDS = 0.1
_ENVELOPE = int(SAMPLE_RATE * ENVELOPE_SECONDS)


@dataclass(frozen=True)
class DecodedAudio:
    samples: npt.NDArray[np.float32]  # mono, SAMPLE_RATE
    source_rate: int
    source_channels: int
    codec: str
    # stereo only: RMS of the left and right channel per ENVELOPE_SECONDS, shape (2, n); else None
    channel_envelope: npt.NDArray[np.float32] | None = None

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def _av() -> Any:
    try:
        import av
    except ImportError:
        raise AsrUnavailableError(
            f"未安装音频解码组件 PyAV。{INSTALL_HINT_ZH}", f"PyAV is not installed; {INSTALL_HINT_EN}"
        ) from None
    return av


def _undecodable(path: Path, detail: str) -> AudioDecodeError:
    return AudioDecodeError(
        f"无法解码录音 {path.name}：{detail}。原文件未作任何改动。",
        f"cannot decode the recording {path.name}: {detail}; the original is unchanged",
        data={"file": path.name, "detail": detail},
    )


def _envelope(stereo: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    frames = stereo.shape[1] // _ENVELOPE
    if frames == 0:
        return np.zeros((2, 0), dtype=np.float32)
    blocks = stereo[:, : frames * _ENVELOPE].reshape(2, frames, _ENVELOPE)
    rms: npt.NDArray[np.float32] = np.sqrt(np.mean(blocks * blocks, axis=2)).astype(np.float32)
    return rms


def decode_audio(path: Path) -> DecodedAudio:
    """All of `path` as 16 kHz mono float32. `AudioDecodeError` (never a traceback) for a file FFmpeg
    cannot read: not audio, truncated beyond use, no audio stream, or no samples at all."""
    av = _av()
    try:
        container = av.open(str(path), mode="r")
    except (av.FFmpegError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise _undecodable(path, _detail(exc)) from None
    with container:
        if not container.streams.audio:
            raise _undecodable(path, "没有音频流 / no audio stream")
        stream = container.streams.audio[0]
        if stream.codec_context is None:  # a track FFmpeg has no decoder for (or whose header is empty)
            raise _undecodable(path, "音频轨道无法识别 / no decoder for the audio track")
        channels = int(stream.codec_context.channels or 1)
        stereo = channels >= 2
        resampler = av.AudioResampler(format="flt", layout="stereo" if stereo else "mono", rate=SAMPLE_RATE)
        chunks: list[npt.NDArray[np.float32]] = []
        try:
            for frame in container.decode(stream):
                chunks.extend(
                    np.asarray(out.to_ndarray(), dtype=np.float32) for out in resampler.resample(frame)
                )
            chunks.extend(np.asarray(out.to_ndarray(), dtype=np.float32) for out in resampler.resample(None))
        except (av.FFmpegError, ValueError) as exc:
            if not chunks:
                raise _undecodable(path, _detail(exc)) from None
            # a damaged tail: what was decoded before it stands (the transcript's duration shows it)
        codec = str(stream.codec_context.name)
        rate = int(stream.codec_context.sample_rate or stream.rate or 0)
    if not chunks:
        raise _undecodable(path, "没有可解码的音频 / no decodable audio")
    width = 2 if stereo else 1
    joined = np.concatenate([c.reshape(-1) for c in chunks])
    if stereo:
        pairs = joined[: len(joined) // width * width].reshape(-1, width).T  # packed L R L R … → (2, n)
        return DecodedAudio(
            samples=np.ascontiguousarray(pairs.mean(axis=0), dtype=np.float32),
            source_rate=rate,
            source_channels=channels,
            codec=codec,
            channel_envelope=_envelope(pairs),
        )
    return DecodedAudio(samples=joined, source_rate=rate, source_channels=channels, codec=codec)


def _detail(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text).split(": '")[0][:200]
