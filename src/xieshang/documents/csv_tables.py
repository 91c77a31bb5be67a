"""The dossier's CSV tables (open in Excel and WPS): one writer — UTF-8 with a BOM, CRLF lines, every cell
neutralised (`core.spreadsheet`, OWASP) — and the tables that need no timeline query: conduct findings,
machine transcripts, and any list of rows (the negotiation record). The timeline table is in `stored`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings

from xieshang.cases.models import Case
from xieshang.core.spreadsheet import csv_row
from xieshang.documents.facts import FindingFacts


def local_zone() -> ZoneInfo:
    """The zone the documents write times in (the workbench's TIME_ZONE, Beijing by default)."""
    return ZoneInfo(settings.TIME_ZONE)


FINDINGS_CSV_HEADER = ("时间", "规则", "情况", "程度", "依据可靠性", "依据", "机构", "证据文件", "记录编号")


def csv_writer(out: IO[bytes]) -> tuple[Any, Any]:
    """A CSV writer on `out` in UTF-8 with a BOM (Excel and WPS read Chinese right), CRLF lines."""
    import csv
    import io

    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    return text, _SafeWriter(csv.writer(text, lineterminator="\r\n"))


class _SafeWriter:
    """Every cell through `core.spreadsheet.csv_cell`: a collector's `=HYPERLINK(...)` stays text."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow(csv_row(list(row)))


def write_csv_rows(rows: Iterable[Iterable[Any]], out: IO[bytes]) -> None:
    """Rows (the first one the header) as the dossier's CSV tables are written."""
    text, writer = csv_writer(out)
    for row in rows:
        writer.writerow(tuple(row))
    text.detach()


def write_findings_csv(findings: Iterable[FindingFacts], out: IO[bytes]) -> None:
    """Every conduct finding, one row each, with the files and record ids it rests on."""
    from xieshang.documents.tables import CONFIDENCE_ZH, SEVERITY_ZH

    text, writer = csv_writer(out)
    writer.writerow(FINDINGS_CSV_HEADER)
    tz = local_zone()
    for f in findings:
        writer.writerow(
            (
                f.when.astimezone(tz).isoformat() if f.when else "",
                f.rule,
                f.detail,
                SEVERITY_ZH.get(f.severity, f.severity),
                CONFIDENCE_ZH.get(f.confidence, f.confidence),
                f.source,
                f.lender,
                " ".join(f.evidence_refs),
                " ".join(f.evidence_ids),
            )
        )
    text.detach()


TRANSCRIPT_CSV_HEADER = (
    "录音证据", "录音时间", "起", "止", "说话人", "内容", "置信度", "说明", "转写稿", "模型", "模型 SHA-256",
    "记录编号",
)  # fmt: skip


def write_transcripts_csv(case: Case, refs: dict[str, str], out: IO[bytes]) -> int:
    """Every segment of every finished machine transcript of the case, with its offsets in the recording
    ("02:13"), the model and its hash; returns the number of rows (0: the case has no transcript)."""
    from xieshang.asr.segments import format_offset
    from xieshang.asr.speakers import NOT_TOLD_APART_ZH, SPEAKER_ZH
    from xieshang.evidence.models import EvidenceRecord, Transcript

    text, writer = csv_writer(out)
    writer.writerow(TRANSCRIPT_CSV_HEADER)
    tz = local_zone()
    rows = 0
    done = Transcript.objects.filter(case=case, status=Transcript.Status.DONE).select_related(
        "recording__source_file"
    )
    for transcript in done.order_by("recording__timestamp", "id"):
        recording = transcript.recording
        segments = EvidenceRecord.objects.filter(
            case=case, kind=EvidenceRecord.Kind.TRANSCRIPT, external_id__startswith=transcript.external_prefix
        ).order_by("id")
        for segment in segments.iterator(chunk_size=2000):
            meta = segment.meta if isinstance(segment.meta, dict) else {}
            speaker = SPEAKER_ZH.get(str(meta.get("speaker") or ""), NOT_TOLD_APART_ZH)
            writer.writerow(
                (
                    refs.get(recording.source_file.sha256, ""),
                    recording.timestamp.astimezone(tz).isoformat(),
                    format_offset(float(meta.get("start") or 0)),
                    format_offset(float(meta.get("end") or 0)),
                    speaker,
                    segment.text,
                    meta.get("confidence", ""),
                    "机器转写，请核对录音",
                    transcript.pk,
                    transcript.model_name,
                    transcript.model_sha256,
                    segment.pk,
                )
            )
            rows += 1
    text.detach()
    return rows
