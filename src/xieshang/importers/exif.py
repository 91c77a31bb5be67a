"""The time a photo was taken, from its EXIF block (JPEG APP1): DateTimeOriginal, else DateTime.

A small, bounded reader (no dependency): walks the JPEG segments up to the image data, reads at most one
64 KiB APP1 segment, follows IFD0 → Exif IFD with every offset checked against the block. Returns None for
anything missing or malformed — a photo without EXIF is normal, never an error.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import IO

_TAG_DATETIME = 0x0132
_TAG_EXIF_IFD = 0x8769
_TAG_ORIGINAL = 0x9003
_TAG_OFFSET_ORIGINAL = 0x9011
_TAG_OFFSET = 0x9010
_MAX_SEGMENTS = 64
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class ExifTime:
    """A naive local time from EXIF and, when the camera wrote one (EXIF 2.31), its UTC offset."""

    when: datetime
    offset: timezone | None
    tag: str  # "DateTimeOriginal" or "DateTime"


def _app1(stream: IO[bytes]) -> bytes | None:
    stream.seek(0)
    if stream.read(2) != b"\xff\xd8":
        return None
    for _ in range(_MAX_SEGMENTS):
        marker = stream.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind in (0xD9, 0xDA):  # end of image / start of scan: no EXIF before the image data
            return None
        if kind == 0x01 or 0xD0 <= kind <= 0xD7:
            continue
        size_bytes = stream.read(2)
        if len(size_bytes) < 2:
            return None
        size = struct.unpack(">H", size_bytes)[0] - 2
        if size < 0:
            return None
        if kind == 0xE1:
            body = stream.read(size)
            if body.startswith(b"Exif\x00\x00"):
                return body[6:]
        else:
            stream.seek(size, 1)
    return None


class _Tiff:
    def __init__(self, data: bytes) -> None:
        order = data[:2]
        if order not in (b"II", b"MM"):
            raise ValueError("not TIFF")
        self.data = data
        self.end = "<" if order == b"II" else ">"
        if self._unpack("H", 2) != 42:
            raise ValueError("not TIFF")

    def _unpack(self, fmt: str, at: int) -> int:
        size = struct.calcsize(fmt)
        if at < 0 or at + size > len(self.data):
            raise ValueError("offset outside the EXIF block")
        value: int = struct.unpack(self.end + fmt, self.data[at : at + size])[0]
        return value

    def ifd(self, at: int) -> dict[int, tuple[int, int, int]]:
        """tag → (type, count, value or offset) of one IFD."""
        count = self._unpack("H", at)
        if count > 1000:
            raise ValueError("too many entries")
        entries = {}
        for n in range(count):
            base = at + 2 + 12 * n
            entries[self._unpack("H", base)] = (
                self._unpack("H", base + 2),
                self._unpack("I", base + 4),
                self._unpack("I", base + 8),
            )
        return entries

    def ascii(self, entry: tuple[int, int, int]) -> str:
        kind, count, value = entry
        if kind != 2 or not 0 < count <= 64:
            return ""
        raw = self.data[value : value + count] if count > 4 else struct.pack(self.end + "I", value)[:count]
        return raw.split(b"\x00", 1)[0].decode("ascii", "replace").strip()


def _offset(text: str) -> timezone | None:
    match = _OFFSET.match(text)
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta > timedelta(hours=14):
        return None
    return timezone(-delta if sign == "-" else delta)


def photo_time(stream: IO[bytes]) -> ExifTime | None:
    """The EXIF time of a JPEG stream (DateTimeOriginal with OffsetTimeOriginal, else DateTime), or None."""
    try:
        block = _app1(stream)
        if block is None:
            return None
        tiff = _Tiff(block)
        ifd0 = tiff.ifd(tiff._unpack("I", 4))
        exif = tiff.ifd(ifd0[_TAG_EXIF_IFD][2]) if _TAG_EXIF_IFD in ifd0 else {}
        for tag, name, offset_tag in (
            (_TAG_ORIGINAL, "DateTimeOriginal", _TAG_OFFSET_ORIGINAL),
            (_TAG_DATETIME, "DateTime", _TAG_OFFSET),
        ):
            source = exif if tag == _TAG_ORIGINAL else ifd0
            if tag not in source:
                continue
            try:
                when = datetime.strptime(tiff.ascii(source[tag]), "%Y:%m:%d %H:%M:%S")
            except ValueError:
                continue
            offset = _offset(tiff.ascii(exif[offset_tag])) if offset_tag in exif else None
            return ExifTime(when, offset, name)
    except (ValueError, struct.error, KeyError, OSError):
        return None
    return None
