"""SMS Backup & Restore `calls-*.xml`: one record per `<call>`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from xieshang.importers._common import clean, format_error, from_epoch, normalize_number
from xieshang.importers.base import Direction, Record, RecordKind, SourceContext
from xieshang.importers.safexml import iter_children, root_name

# `type`: 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 refused list (blocked), 7 answered
# elsewhere; anything else → its number as `call_type`, direction UNKNOWN
CALL_TYPES: dict[str, tuple[str, Direction]] = {
    "1": ("incoming", Direction.INCOMING),
    "2": ("outgoing", Direction.OUTGOING),
    "3": ("missed", Direction.MISSED),
    "4": ("voicemail", Direction.INCOMING),
    "5": ("rejected", Direction.MISSED),
    "6": ("blocked", Direction.MISSED),
    "7": ("answered_elsewhere", Direction.INCOMING),  # Android: answered on another device
}
# `presentation`: 1 allowed, 2 restricted (hidden number), 3 unknown, 4 payphone
PRESENTATION = {"1": "allowed", "2": "restricted", "3": "unknown", "4": "payphone"}
MAX_DURATION = 7 * 24 * 3600


class CallLogImporter:
    """SMS Backup & Restore call log: root `<calls>`."""

    name = "sms_backup_restore_calls"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return root_name(head) == "calls"

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        for n, elem in enumerate(iter_children(stream, context, root="calls", tags=("call",)), start=1):
            yield self._call(elem.attrib, context, f"call #{n}, line {elem.sourceline}")

    def _call(self, a: Any, context: SourceContext, position: str) -> Record:
        call_type, direction = CALL_TYPES.get(a.get("type", ""), (clean(a.get("type")), Direction.UNKNOWN))
        raw_duration = clean(a.get("duration")) or "0"
        try:
            duration = int(raw_duration)
        except ValueError:
            raise format_error(
                context,
                position,
                f"通话时长无效：{raw_duration[:20]!r}",
                f"invalid duration: {raw_duration[:20]!r}",
            ) from None
        if not 0 <= duration <= MAX_DURATION:
            raise format_error(
                context, position, f"通话时长不合理：{duration}", f"absurd duration: {duration}"
            )
        raw_number = clean(a.get("number"))
        number = normalize_number(raw_number)
        presentation = PRESENTATION.get(a.get("presentation", "1"), clean(a.get("presentation")))
        if raw_number.startswith("-") and raw_number[1:].isdigit():
            number = ""  # -1 unknown, -2 private, -3 payphone: the number was hidden
            if presentation == "allowed":
                presentation = "unknown"
        return Record(
            kind=RecordKind.CALL,
            timestamp=from_epoch(a.get("date"), context, position, millis=True),
            direction=direction,
            counterpart=number,
            counterpart_name=clean(a.get("contact_name")),
            position=position,
            meta={"duration_seconds": duration, "call_type": call_type, "presentation": presentation},
        )
