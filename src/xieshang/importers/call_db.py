"""Call logs from the phones' own databases.

- Android `calllog.db` (Android 7+) and `contacts2.db` (older): table `calls` — `number`, `date` (Unix
  ms), `duration` (s), `type` (the same codes as SMS Backup & Restore's call log, `call_log.CALL_TYPES`),
  `name`, `presentation` (1 allowed, 2 restricted, 3 unknown, 4 payphone).
- iOS `CallHistory.storedata` (Core Data): table `ZCALLRECORD` — `ZADDRESS` (text or blob), `ZDATE`
  (seconds since 2001-01-01, a float), `ZDURATION` (s, float), `ZORIGINATED` 1 = outgoing, `ZANSWERED`,
  `ZCALLTYPE` (1 phone, 8 FaceTime video, 16 FaceTime audio), `ZSERVICE_PROVIDER` (com.apple.Telephony,
  com.apple.FaceTime, or an app using CallKit such as com.tencent.xin), `ZNAME`, `ZUNIQUE_ID`.
  Not originated and not answered → MISSED.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from xieshang.importers._common import clean, format_error, normalize_number
from xieshang.importers.android_sms import unix_time
from xieshang.importers.base import Direction, Record, RecordKind, SourceContext
from xieshang.importers.call_log import CALL_TYPES, MAX_DURATION, PRESENTATION
from xieshang.importers.ios_sms import apple_time
from xieshang.importers.sqlite_safe import open_db, sniff_tables

ANDROID_COLUMNS = frozenset({"number", "date", "duration", "type"})
IOS_CALL_TYPES = {1: "phone", 8: "facetime_video", 16: "facetime_audio"}


def _duration(value: Any, context: SourceContext, position: str) -> int | float:
    try:
        seconds = Decimal(str(value if value is not None else 0))
    except ArithmeticError:
        raise format_error(
            context, position, f"通话时长无效：{str(value)[:20]!r}", "invalid duration"
        ) from None
    if not 0 <= seconds <= MAX_DURATION:
        raise format_error(context, position, f"通话时长不合理：{seconds}", f"absurd duration: {seconds}")
    return int(seconds) if seconds == seconds.to_integral_value() else float(round(seconds, 3))


class AndroidCallDbImporter:
    """Android `calllog.db` / `contacts2.db`: the `calls` table."""

    name = "android_calls_db"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        tables = sniff_tables(head, context)
        return tables is not None and "calls" in tables and "sms" not in tables

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        with open_db(stream, context) as db:
            if "calls" not in db.tables() or not db.columns("calls") >= ANDROID_COLUMNS:
                raise format_error(
                    context, "file", "不是 Android 通话记录数据库（缺少 calls 表或其列）",
                    "not an Android call-log database (the calls table or its columns are missing)",
                )  # fmt: skip
            cols = ("_id", "number", "date", "duration", "type", "name", "presentation", "subscription_id",
                    "geocoded_location")  # fmt: skip
            sql = f"SELECT {', '.join(db.col('calls', c, 'c') for c in cols)} FROM calls c ORDER BY c._id"
            for n, row in enumerate(db.rows(sql), start=1):
                position = f"call #{n} (_id {row['_id']})"
                call_type, direction = CALL_TYPES.get(str(row["type"]), (str(row["type"]), Direction.UNKNOWN))
                meta: dict[str, Any] = {
                    "duration_seconds": _duration(row["duration"], context, position),
                    "call_type": call_type,
                    "presentation": PRESENTATION.get(str(row["presentation"] or 1), str(row["presentation"])),
                    "time_source": "call_log",
                }
                raw_number = clean(str(row["number"] or ""))
                number = normalize_number(raw_number)
                if raw_number.startswith("-") and raw_number[1:].isdigit():
                    number = ""  # -1 unknown, -2 private, -3 payphone: the number was hidden
                if row["geocoded_location"]:
                    meta["location"] = str(row["geocoded_location"])
                when = unix_time(row["date"], millis=True)
                if when is None:
                    if context.mtime is None:
                        raise format_error(context, position, "通话没有时间", "the call has no time")
                    when, meta["time_source"] = context.mtime, "mtime"
                yield Record(
                    kind=RecordKind.CALL,
                    timestamp=when,
                    direction=direction,
                    counterpart=number,
                    counterpart_name=clean(str(row["name"] or "")),
                    position=position,
                    meta=meta,
                )


class IosCallHistoryImporter:
    """iOS `CallHistory.storedata`: the `ZCALLRECORD` table (phone, FaceTime and CallKit apps' calls)."""

    name = "ios_call_history"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        tables = sniff_tables(head, context)
        return tables is not None and "ZCALLRECORD" in tables

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        with open_db(stream, context) as db:
            if "ZCALLRECORD" not in db.tables():
                raise format_error(context, "file", "不是 iOS 通话记录（缺少 ZCALLRECORD 表）",
                                   "not an iOS CallHistory.storedata (no ZCALLRECORD table)")  # fmt: skip
            cols = ("Z_PK", "ZADDRESS", "ZDATE", "ZDURATION", "ZORIGINATED", "ZANSWERED", "ZCALLTYPE",
                    "ZSERVICE_PROVIDER", "ZNAME", "ZUNIQUE_ID", "ZLOCATION")  # fmt: skip
            sql = f"SELECT {', '.join(db.col('ZCALLRECORD', c, 'z') for c in cols)} FROM ZCALLRECORD z ORDER BY z.Z_PK"
            for n, row in enumerate(db.rows(sql), start=1):
                position = f"call #{n} (Z_PK {row['Z_PK']})"
                originated, answered = bool(row["ZORIGINATED"]), bool(row["ZANSWERED"])
                if originated:
                    direction, call_type = Direction.OUTGOING, "outgoing"
                elif answered:
                    direction, call_type = Direction.INCOMING, "incoming"
                else:
                    direction, call_type = Direction.MISSED, "missed"
                address = row["ZADDRESS"]
                if isinstance(address, bytes):
                    address = address.decode("utf-8", errors="replace")
                text = str(address or "").strip()
                number = text.lower() if "@" in text else normalize_number(text)
                meta: dict[str, Any] = {
                    "duration_seconds": _duration(row["ZDURATION"], context, position),
                    "call_type": call_type,
                    "answered": answered,
                    "service": str(row["ZSERVICE_PROVIDER"] or ""),
                    "medium": IOS_CALL_TYPES.get(int(row["ZCALLTYPE"] or 0), str(row["ZCALLTYPE"] or "")),
                    "time_source": "call_log",
                }
                if row["ZLOCATION"]:
                    meta["location"] = str(row["ZLOCATION"])
                when = apple_time(row["ZDATE"])
                if when is None:
                    if context.mtime is None:
                        raise format_error(context, position, "通话没有时间", "the call has no time")
                    when, meta["time_source"] = context.mtime, "mtime"
                yield Record(
                    kind=RecordKind.CALL,
                    timestamp=when,
                    direction=direction,
                    counterpart=number,
                    counterpart_name=clean(str(row["ZNAME"] or "")),
                    position=position,
                    external_id=str(row["ZUNIQUE_ID"] or ""),
                    meta=meta,
                )
