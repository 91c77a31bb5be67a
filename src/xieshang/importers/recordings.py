"""Call recordings of Xiaomi, Huawei, vivo and OPPO phones: number and local time from the file name,
duration from the audio (mutagen; our own AMR frame counter). Falls back to the file's mtime."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import IO, Any

from xieshang.core.phone import phone_key
from xieshang.importers._common import format_error, local_time, normalize_number
from xieshang.importers.audio import AudioError, amr_duration, audio_format, mutagen_duration
from xieshang.importers.base import Direction, Record, RecordKind, SourceContext

_NUMBER = r"\+?[\d][\d ]{2,24}\d"
_SCHEMES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # 通话录音@<name>(<number>)_<yyyyMMddHHmmss>  /  <name>(<number>)_<ts>
    ("xiaomi", re.compile(rf"^(?:通话录音@)?(?P<name>.*?)\((?P<number>{_NUMBER})\)_(?P<ts>\d{{14}})$"), "%Y%m%d%H%M%S"),
    # Huawei EMUI ≤ 9: <contact>@<number>_<yyyyMMddHHmmss>
    ("huawei", re.compile(rf"^(?P<name>[^@]*)@(?P<number>{_NUMBER})_(?P<ts>\d{{14}})$"), "%Y%m%d%H%M%S"),
    # Xiaomi bare / Huawei (Android 8): <number>_<yyyyMMddHHmmss>
    ("xiaomi_or_huawei", re.compile(rf"^(?P<number>{_NUMBER})_(?P<ts>\d{{14}})$"), "%Y%m%d%H%M%S"),
    # vivo: <number or contact> <yyyy-MM-dd HH-mm-ss>
    ("vivo", re.compile(r"^(?P<who>.+?) (?P<ts>\d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2})$"), "%Y-%m-%d %H-%M-%S"),
    # OPPO / OnePlus / realme: <contact or number>-<yyMMddHHmm>
    ("oppo", re.compile(r"^(?P<who>.+?)-(?P<ts>\d{10})$"), "%y%m%d%H%M"),
    # other names that end in a full time stamp: <contact or number>[_ ]<yyyyMMddHHmmss> (Huawei EMUI 10+ …)
    ("generic", re.compile(r"^(?P<who>.+?)[_ ](?P<ts>\d{14})$"), "%Y%m%d%H%M%S"),
)  # fmt: skip
_NOT_A_NAME = {"录音", "通话录音", "新录音", "recording", "record", "rec", "audio", "voice", "call"}
# folder names that tell the brand when the file name alone can't (`<number>_<ts>`: Xiaomi or Huawei)
_FOLDERS = (("call_rec", "xiaomi"), ("miui", "xiaomi"), ("callrecord", "huawei"), ("sounds", "huawei"),
            ("call recordings", "oppo"), ("record/call", "vivo"))  # fmt: skip


@dataclass(frozen=True)
class RecordingName:
    """What a recording's file name says: brand scheme, number, contact name, local time."""

    scheme: str
    number: str
    contact: str
    when: datetime  # naive local time


def phone_number(text: str) -> str:
    """A number from a file name: spaces and dashes removed; a leading "00" (how phones write "+" in file
    names) back to "+"."""
    number = normalize_number(text)
    if number.startswith("00") and len(number) > 4:
        number = "+" + number[2:]
    return number


def parse_recording_name(stem: str) -> RecordingName | None:
    """Read a call-recording file name (without extension) by the brand schemes, or None."""
    for scheme, pattern, fmt in _SCHEMES:
        match = pattern.match(stem.strip())
        if not match:
            continue
        try:
            when = datetime.strptime(match.group("ts"), fmt)
        except ValueError:
            continue
        groups = match.groupdict()
        if "who" in groups:
            who = groups["who"].strip()
            digits = phone_number(who)
            number, contact = (digits, "") if re.fullmatch(r"\+?\d{3,}", digits) else ("", who)
            if contact.lower() in _NOT_A_NAME:
                contact = ""
        else:
            number, contact = phone_number(groups["number"]), (groups.get("name") or "").strip()
        if normalize_number(contact) in (number, normalize_number(groups.get("number") or "")):
            contact = ""
        return RecordingName(scheme, number, contact, when)
    return None


def brand_from_folder(path: PurePath) -> str | None:
    """The phone brand its folder names (`MIUI/sound_recorder/call_rec`, `Sounds/CallRecord`, …), else None."""
    folders = "/".join(path.parent.parts[-4:]).lower()
    for marker, brand in _FOLDERS:
        if marker in folders:
            return brand
    return None


class CallRecordingImporter:
    """An audio file (AMR, MP3, M4A, AAC, WAV, OGG, FLAC — by content) as a call recording."""

    name = "call_recording"
    version = "2"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return audio_format(head) is not None

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        head = stream.read(16)
        stream.seek(0)
        fmt = audio_format(head)
        if fmt is None:
            raise format_error(context, "byte 0", "不是可识别的音频文件", "not a recognised audio file")
        position = "file"
        try:
            duration = amr_duration(stream) if fmt.startswith("amr") else mutagen_duration(stream)
        except AudioError as exc:
            raise format_error(
                context, f"byte {exc.offset}", "音频文件被截断或损坏", f"audio damaged: {exc}"
            ) from None
        parsed = parse_recording_name(context.path.stem)
        meta: dict[str, Any] = {
            "audio_format": fmt,
            "duration_seconds": round(duration, 3) if duration else None,
        }
        if parsed is not None:
            timestamp = local_time(parsed.when, context, position)
            scheme = parsed.scheme
            if scheme in ("xiaomi_or_huawei", "generic"):
                scheme = brand_from_folder(context.path) or scheme
            meta.update(scheme=scheme, time_source="file_name")
            if parsed.scheme == "oppo":
                meta["time_precision"] = "minute"
            counterpart, name = parsed.number, parsed.contact
        elif context.mtime is not None:
            timestamp = context.mtime
            meta.update(scheme="unknown", time_source="mtime")
            counterpart, name = "", ""
        else:
            raise format_error(
                context,
                position,
                "文件名中没有时间，也没有文件修改时间",
                "no time in the name and no file mtime",
            )
        yield Record(
            kind=RecordKind.RECORDING,
            timestamp=timestamp,
            direction=Direction.UNKNOWN,
            counterpart=counterpart,
            counterpart_name=name,
            text=context.path.stem,
            position=position,
            meta=meta,
        )


def match_call(recording: Record, calls: Iterable[Record], *, slack_seconds: int = 90) -> Record | None:
    """The call-log entry a recording belongs to: same number (ignoring +86/0086 and spaces) and a start
    time within the call (± `slack_seconds`; OPPO names have minutes only). The nearest wins; None if none."""
    target = phone_key(recording.counterpart)
    if not target:
        return None
    best: tuple[float, Record] | None = None
    for call in calls:
        if call.kind != RecordKind.CALL or phone_key(call.counterpart) != target:
            continue
        duration = int(call.meta.get("duration_seconds") or 0)
        start, end = (
            call.timestamp - timedelta(seconds=slack_seconds),
            call.timestamp + timedelta(seconds=duration + slack_seconds),
        )
        if start <= recording.timestamp <= end:
            gap = abs((recording.timestamp - call.timestamp).total_seconds())
            if best is None or gap < best[0]:
                best = (gap, call)
    return best[1] if best else None
