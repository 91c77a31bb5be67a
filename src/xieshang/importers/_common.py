"""Small helpers every importer shares: errors that name file and position, times, "null" values."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import IO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from xieshang.importers.base import ImportFormatError, SourceContext

# Timestamps outside this window are "absurd": a corrupt or hostile file, not a phone with a wrong clock.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST_MS = 4_102_444_800_000  # 2100-01-01

_NULLS = {"null", "(unknown)", "(null)"}
_SPACES = re.compile(r"[\s\u00a0\u3000-]+")


def format_error(context: SourceContext, position: str, zh: str, en: str) -> ImportFormatError:
    """An `ImportFormatError` whose message (zh and en) names the file and the position in it."""
    name = context.path.name or str(context.path)
    where_zh = f"（{position}）" if position else ""
    where_en = f" ({position})" if position else ""
    return ImportFormatError(
        f"无法导入文件 {name}{where_zh}：{zh}",
        f"Cannot import {name}{where_en}: {en}",
        data={"file": str(context.path), "position": position},
    )


def clean(value: str | None) -> str:
    """The literal `"null"` (and `"(Unknown)"`) of phone exports → ""; other values stripped."""
    if value is None:
        return ""
    value = value.strip()
    return "" if value.lower() in _NULLS else value


def normalize_number(value: str) -> str:
    """A phone number lightly normalised: spaces and dashes removed ("138 0013 8000" → "13800138000")."""
    return value if value.isdigit() else _SPACES.sub("", value)


@lru_cache(maxsize=16)
def zone(name: str) -> tzinfo:
    """The named time zone; China Standard Time (+08:00) when the system has no zone data."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone(timedelta(hours=8), "CST")


def checked(when: datetime, context: SourceContext, position: str) -> datetime:
    """`when` if it lies between 1970 and 2100, else an `ImportFormatError` (absurd date)."""
    if not EARLIEST <= when < LATEST:
        raise format_error(
            context, position, f"日期不合理：{when.isoformat()}", f"absurd date: {when.isoformat()}"
        )
    return when


def from_epoch(value: str | None, context: SourceContext, position: str, *, millis: bool) -> datetime:
    """An aware UTC datetime from a Unix epoch string (milliseconds when `millis`)."""
    text = (value or "").strip()
    try:
        number = int(text)
    except ValueError:
        raise format_error(
            context, position, f"时间戳无效：{text[:40]!r}", f"invalid timestamp: {text[:40]!r}"
        ) from None
    millis_value = number if millis else number * 1000
    if not 0 <= millis_value < _LATEST_MS:
        raise format_error(context, position, f"日期不合理：{text[:40]}", f"absurd date: {text[:40]}")
    return _EPOCH + timedelta(milliseconds=millis_value)


def local_time(naive: datetime, context: SourceContext, position: str) -> datetime:
    """A local wall-clock time from an export, read in the context's default time zone."""
    return checked(naive.replace(tzinfo=zone(context.default_timezone)), context, position)


def parse_local(text: str, formats: tuple[str, ...], context: SourceContext, position: str) -> datetime:
    """Parse a local time string with the first matching format, in the context's zone."""
    for fmt in formats:
        try:
            return local_time(datetime.strptime(text.strip(), fmt), context, position)
        except ValueError:
            continue
    raise format_error(context, position, f"时间无效：{text[:40]!r}", f"invalid time: {text[:40]!r}")


def decode_text_head(head: bytes) -> tuple[str, str] | None:
    """Guess a text file's encoding from its head: UTF-8 (with or without BOM), else GB18030.

    Returns (codec, decoded head) or None when neither decodes (binary). A multi-byte sequence cut at the
    end of the head is tolerated.
    """
    for codec in ("utf-8-sig", "gb18030"):
        for cut in range(4):
            chunk = head[: len(head) - cut] if cut else head
            try:
                text = chunk.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x00" in text:
                return None
            return codec, text
    return None


class Replay(io.RawIOBase):
    """Bytes already read (a head, for detection), then the rest of the stream — one readable stream."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if len(self._prefix):
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def open_text(stream: IO[bytes], context: SourceContext, head_size: int = 64 * 1024) -> io.TextIOWrapper:
    """The byte stream as text: UTF-8 (BOM skipped) when its head decodes so, else GB18030; `newline=""`.

    Raises `ImportFormatError` for an empty or binary file.
    """
    head = stream.read(head_size)
    if not head.strip():
        raise format_error(context, "line 1", "文件为空", "the file is empty")
    guess = decode_text_head(head)
    if guess is None:
        raise format_error(
            context, "line 1", "不是文本文件（编码无法识别）", "not a text file (unknown encoding)"
        )
    return io.TextIOWrapper(
        io.BufferedReader(Replay(head, stream)), encoding=guess[0], errors="strict", newline=""
    )
