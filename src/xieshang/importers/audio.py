"""Audio durations: mutagen for MP3/M4A/AAC/OGG/FLAC/WAV; our own frame counter for AMR (mutagen can't)."""

from __future__ import annotations

from typing import IO

import mutagen

AMR_NB_MAGIC = b"#!AMR\n"
AMR_WB_MAGIC = b"#!AMR-WB\n"
# payload bytes after the 1-byte frame header, by frame type FT = (header >> 3) & 0x0F
AMR_NB_SIZES = (12, 13, 15, 17, 19, 20, 26, 31, 5, 6, 5, 5, 0, 0, 0, 0)
AMR_WB_SIZES = (17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0)
FRAME_SECONDS = 0.02


class AudioError(ValueError):
    """The audio stream is malformed (truncated frame, bad magic). `offset` is the byte position."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def audio_format(head: bytes) -> str | None:
    """ "amr", "amr-wb", "mp3", "m4a", "aac", "wav", "ogg", "flac" from the magic bytes, else None."""
    if head.startswith(AMR_WB_MAGIC):
        return "amr-wb"
    if head.startswith(AMR_NB_MAGIC):
        return "amr"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2):
        return "mp3"  # ID3 tag, or MPEG audio frame sync with layer III
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "aac"  # ADTS
    if head[4:8] == b"ftyp":
        return "m4a"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"fLaC"):
        return "flac"
    return None


def amr_duration(stream: IO[bytes]) -> float:
    """Seconds of an AMR-NB/WB stream: frames × 20 ms, counting frame by frame (constant memory).

    Raises `AudioError` for a bad magic or a frame cut short (a truncated file).
    """
    magic = stream.read(len(AMR_WB_MAGIC))
    if magic.startswith(AMR_WB_MAGIC):
        sizes, offset = AMR_WB_SIZES, len(AMR_WB_MAGIC)
    elif magic.startswith(AMR_NB_MAGIC):
        sizes, offset = AMR_NB_SIZES, len(AMR_NB_MAGIC)
        pending = magic[len(AMR_NB_MAGIC) :]
    else:
        raise AudioError("not an AMR file", 0)
    buffer = b"" if sizes is AMR_WB_SIZES else pending
    frames = 0
    while True:
        chunk = stream.read(64 * 1024)
        data = buffer + chunk
        pos = 0
        while pos < len(data):
            size = 1 + sizes[(data[pos] >> 3) & 0x0F]
            if pos + size > len(data):
                break
            pos += size
            frames += 1
        offset += pos
        buffer = data[pos:]
        if not chunk:
            if buffer:
                raise AudioError("truncated AMR frame", offset)
            return frames * FRAME_SECONDS


def mutagen_duration(stream: IO[bytes]) -> float | None:
    """Seconds read by mutagen from a seekable stream, or None when mutagen can't tell."""
    try:
        found = mutagen.File(stream)
    except Exception:  # mutagen raises many error types for damaged files
        return None
    info = getattr(found, "info", None)
    length = getattr(info, "length", None)
    return float(length) if length else None
