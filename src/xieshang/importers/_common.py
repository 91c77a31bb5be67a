"""Small helpers every importer shares: errors that name file and position, times, "null" values."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from xieshang.importers.base import ImportFormatError, SourceContext

# Timestamps outside this window are "absurd": a corrupt or hostile file, not a phone with a wrong clock.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST_MS = 4_102_444_800_000  # 2100-01-01

_NULLS = {"null", "(unknown)", "(null)"}
_SPACES = re.compile(r"[\s\u00a0\u3000-]+")


_POSITION_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\blines (\d+)-(\d+)", r"第 \1–\2 行"),
        (r"\bline (\d+)", r"第 \1 行"),
        (r"\bcolumn (\d+)", r"第 \1 列"),
        (r"\bbyte (\d+)", r"第 \1 字节"),
        (r"\bsms #(\d+)", r"第 \1 条短信"),
        (r"\bmms #(\d+)", r"第 \1 条彩信"),
        (r"\bcall #(\d+)", r"第 \1 条通话记录"),
        (r"\bmessage #(\d+) \(ROWID (\d+)\)", r"第 \1 条信息（ROWID \2）"),
        (r"\bmessage #(\d+)", r"第 \1 条信息"),
        (r"\bmessage (\d+)", r"第 \1 封邮件"),
        (r"\bpart (\d+)", r"第 \1 个附件"),
        (r"^end of file$", "文件末尾"),
        (r"^file$", "整个文件"),
        (r"^prolog$", "XML 开头"),
        (r", ", "，"),
    )
)


def position_zh(position: str) -> str:
    """A position ("sms #3, line 40, column 7") in Chinese ("第 3 条短信，第 40 行，第 7 列")."""
    for pattern, replacement in _POSITION_ZH:
        position = pattern.sub(replacement, position)
    return position


def format_error(context: SourceContext, position: str, zh: str, en: str) -> ImportFormatError:
    """An `ImportFormatError` whose message (zh and en) names the file and the position in it.

    `data["position"]` keeps the English form (for programs)."""
    name = context.path.name or str(context.path)
    where_zh = f"（{position_zh(position)}）" if position else ""
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
