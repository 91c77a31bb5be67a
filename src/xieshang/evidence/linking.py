"""Link call recordings to the call-log entries they record (same number, time within the call).

A recording or call whose time is only the file's mtime ("time unknown") is never linked by time.

A recording named after a contact only (OPPO: `张三-2403051005.mp3`) is matched by the call's contact name.
"""

from __future__ import annotations

from datetime import timedelta

from xieshang.cases.models import Case
from xieshang.core.phone import phone_key
from xieshang.evidence.models import EvidenceRecord

SLACK = timedelta(seconds=120)


def _duration(record: EvidenceRecord) -> float:
    try:
        return max(0.0, float(record.meta.get("duration_seconds") or 0))
    except (TypeError, ValueError):
        return 0.0


def link_recordings(case: Case) -> int:
    """Link every unlinked recording of the case to the nearest call with its number. Returns links made."""
    made = 0
    recordings = EvidenceRecord.objects.filter(
        case=case, kind=EvidenceRecord.Kind.RECORDING, linked_record__isnull=True
    ).only("id", "timestamp", "counterpart", "counterpart_name", "meta")
    for rec in recordings.iterator(chunk_size=500):
        if not rec.time_known:
            continue  # its time is the file's mtime: never matched to a call by time
        number = phone_key(rec.counterpart)
        name = rec.counterpart_name.strip()
        if len(number) < 5 and not name:
            continue

        def same_party(call: EvidenceRecord, number: str = number, name: str = name) -> bool:
            if len(number) >= 5:
                return phone_key(call.counterpart) == number
            return call.counterpart_name.strip() == name

        window = SLACK + timedelta(seconds=_duration(rec))
        candidates = EvidenceRecord.objects.filter(
            case=case,
            kind=EvidenceRecord.Kind.CALL,
            timestamp__gte=rec.timestamp - window - timedelta(hours=3),
            timestamp__lte=rec.timestamp + window,
        ).only("id", "timestamp", "counterpart", "counterpart_name", "meta", "linked_record_id")
        best: tuple[float, EvidenceRecord] | None = None
        for call in candidates:
            if not same_party(call) or not call.time_known:
                continue
            # The recording starts within the call: call start - slack <= rec <= call end + slack.
            start, end = call.timestamp, call.timestamp + timedelta(seconds=_duration(call))
            if not (start - SLACK <= rec.timestamp <= end + SLACK):
                continue
            gap = abs((rec.timestamp - start).total_seconds())
            if best is None or gap < best[0]:
                best = (gap, call)
        if best is not None:
            call = best[1]
            EvidenceRecord.objects.filter(pk=rec.pk).update(linked_record=call)
            if call.linked_record_id is None:
                EvidenceRecord.objects.filter(pk=call.pk).update(linked_record=rec)
            made += 1
    return made
