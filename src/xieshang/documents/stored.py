"""Documents of a stored case: its facts from the database (case, evidence, contacts, conduct findings,
ledger) and the dossier ZIP of its evidence. Reads only; the one write is the ledger's export entry."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import PurePath
from typing import IO, Any
from zoneinfo import ZoneInfo

from xieshang.cases.models import Case
from xieshang.core.record_kinds import RECORD_KINDS
from xieshang.documents.csv_tables import (
    FINDINGS_CSV_HEADER as FINDINGS_CSV_HEADER,
)
from xieshang.documents.csv_tables import (
    TRANSCRIPT_CSV_HEADER as TRANSCRIPT_CSV_HEADER,
)
from xieshang.documents.csv_tables import csv_writer, local_zone
from xieshang.documents.csv_tables import write_csv_rows as write_csv_rows
from xieshang.documents.csv_tables import write_findings_csv as write_findings_csv
from xieshang.documents.csv_tables import write_transcripts_csv as write_transcripts_csv
from xieshang.documents.dossier import DossierFile, LedgerLine, write_dossier
from xieshang.documents.facts import (
    CaseFacts,
    ContactFacts,
    EvidenceFacts,
    FindingFacts,
    ProvidedFacts,
)
from xieshang.documents.negotiation_record import negotiation_facts, write_negotiation_csv
from xieshang.importers.base import is_unsent, message_status, time_known
from xieshang.importers.positions import position_zh

KIND_ZH = {kind: names.zh for kind, names in RECORD_KINDS.items()}
FORMAT_ZH = {
    "sms_backup_restore": "短信备份",
    "sms_backup_restore_calls": "通话记录",
    "ios_sms_db": "iPhone 短信",
    "ios_call_history": "iPhone 通话记录",
    "android_mmssms_db": "安卓短信数据库",
    "android_calls_db": "安卓通话记录",
    "wechatmsg_html": "微信聊天",
    "wechatmsg_txt": "微信聊天",
    "eml": "邮件",
    "mbox": "邮件",
    "wechatmsg_csv": "微信聊天",
    "pywxdump_csv": "微信聊天",
    "qq_txt": "QQ聊天",
    "call_recording": "通话录音",
    "document": "文件",
}
TIMELINE_KINDS = ("sms", "mms", "call", "email", "chat", "recording")
# Which evidence document types prove which part of the income & expenditure statement.
# Keys are a budget section ("income", "expenditure") or one of its categories (core/plan/budget.py);
# the values are evidence doc_types, which are also the hardship checklist's document keys.
PROOF_DOC_TYPES = {
    "income": ("payslip", "income_certificate", "no_income_statement", "bank_statement", "tax_record"),
    "benefits": ("unemployment_benefit_record", "bank_statement"),
    "expenditure": ("expense_receipts", "bank_statement"),
    "health": (
        "medical_invoice",
        "expense_receipts",
        "diagnosis_certificate",
        "hospital_record",
        "medical_record",
    ),
    "housing": ("expense_receipts", "rent_contract"),
}


def source_name(source_path: str) -> str:
    """Where a file came from, as documents show it: its own name, never a path on the machine that
    imported it (a server's temporary upload folder, a user's home directory)."""
    return PurePath(source_path.replace("\\", "/")).name if source_path else ""


def _tz() -> ZoneInfo:
    return local_zone()


def _doc_types(f: Any) -> set[str]:
    return {t for t in (f.doc_type or "").split(",") if t}


def _kind(f: Any) -> str:
    return f.doc_type or FORMAT_ZH.get(f.importer_name, f.importer_name) or "文件"


def _files(case: Case) -> list[Any]:
    from xieshang.evidence.models import EvidenceFile

    return list(EvidenceFile.objects.filter(case=case).order_by("imported_at", "sha256", "id"))


def _refs(files: list[Any]) -> dict[str, str]:
    width = max(2, len(str(len(files))))
    return {f.sha256: f"E{i:0{width}d}" for i, f in enumerate(files, start=1)}


def evidence_facts(case: Case) -> tuple[list[EvidenceFacts], dict[str, str]]:
    from django.db.models import Min

    from xieshang.evidence.models import EvidenceRecord

    files = _files(case)
    refs = _refs(files)
    first = dict(
        EvidenceRecord.objects.filter(case=case)
        .values("source_file__sha256")
        .annotate(first=Min("timestamp"))
        .values_list("source_file__sha256", "first")
    )
    tz = _tz()
    out = [
        EvidenceFacts(
            ref=refs[f.sha256],
            name=f.original_name,
            kind=_kind(f),
            sha256=f.sha256,
            source=source_name(f.source_path),
            imported_at=f.imported_at.astimezone(tz),
            first_at=first[f.sha256].astimezone(tz) if first.get(f.sha256) else None,
        )
        for f in files
    ]
    return out, refs


TIMELINE_PDF_ROWS = 1000  # a PDF beyond this takes minutes and gigabytes to lay out: see timeline_facts
CSV_HEADER = (
    "时间",
    "方式",
    "方向",
    "对方号码",
    "对方名称",
    "机构",
    "内容",
    "证据",
    "记录编号",
    "来源位置",
    "状态",
)
# message statuses as the timeline shows them: a draft or an unsent message is never "去" (sent)
STATUS_ZH = {"received": "已接收", "sent": "已发送", "draft": "草稿（未发送）", "outbox": "发件箱（未发出）",
             "failed": "发送失败", "queued": "排队中（未发出）"}  # fmt: skip
TIME_UNKNOWN_ZH = "时间未知"


def _direction_zh(r: Any) -> str:
    if is_unsent(r.meta if isinstance(r.meta, dict) else None):
        return ""  # not sent: neither "来" nor "去"
    return {"incoming": "来", "outgoing": "去"}.get(r.direction, "")


def _status_zh(r: Any) -> str:
    status = message_status(r.meta if isinstance(r.meta, dict) else None)
    return STATUS_ZH.get(status, status)


def _when_text(r: Any, tz: ZoneInfo) -> str:
    if not time_known(r.meta if isinstance(r.meta, dict) else None):
        return f"{TIME_UNKNOWN_ZH}（文件修改时间 {r.timestamp.astimezone(tz):%Y-%m-%d %H:%M}）"
    return str(r.timestamp.astimezone(tz).isoformat())


def _timeline_records(case: Case) -> Any:
    from xieshang.evidence.models import EvidenceRecord

    return EvidenceRecord.objects.filter(case=case, kind__in=TIMELINE_KINDS).select_related("source_file")


def _summary(r: Any, width: int | None) -> str:
    summary = " ".join(r.text.split())
    if r.kind == "call":
        meta = r.meta if isinstance(r.meta, dict) else {}
        seconds = meta.get("duration_seconds")
        missed = meta.get("call_type") in ("missed", "rejected", "refused")
        summary = "未接通" if missed or seconds == 0 else f"通话 {seconds} 秒" if seconds else "通话"
    if width is not None and len(summary) > width:
        summary = summary[:width] + "…"
    return summary


def _contact_fact(r: Any, refs: dict[str, str], tz: ZoneInfo) -> ContactFacts:
    meta = r.meta if isinstance(r.meta, dict) else None
    return ContactFacts(
        when=r.timestamp.astimezone(tz),
        kind=KIND_ZH.get(r.kind, r.kind),
        direction="" if is_unsent(meta) else {"incoming": "in", "outgoing": "out"}.get(r.direction, ""),
        counterpart=r.counterpart_name or r.counterpart,
        summary=_summary(r, 80),
        evidence_ref=refs.get(r.source_file.sha256, ""),
        status=_status_zh(r) if is_unsent(meta) else "",
        time_known=time_known(meta),
    )


def contact_facts(case: Case, refs: dict[str, str], limit: int | None = None) -> list[ContactFacts]:
    records = _timeline_records(case).order_by("timestamp", "id")
    if limit is not None:
        records = records[:limit]
    tz = _tz()
    return [_contact_fact(r, refs, tz) for r in records.iterator(chunk_size=2000)]


def timeline_facts(case: Case, refs: dict[str, str]) -> tuple[list[ContactFacts], str]:
    """The timeline a PDF can hold, and what it leaves out ("" when nothing).

    Up to TIMELINE_PDF_ROWS contacts, messages and calls: all of them. More (a whole phone backup): those
    tagged to a lender (the case's lenders, their numbers, collectors who name them), the newest
    TIMELINE_PDF_ROWS of them if there are still more — in time order. The complete timeline is the
    dossier's timeline.csv."""
    records = _timeline_records(case)
    total = records.count()
    if total <= TIMELINE_PDF_ROWS:
        return contact_facts(case, refs), ""
    tagged = records.exclude(lender="")
    tagged_total = tagged.count()
    newest = list(tagged.order_by("-timestamp", "-id")[:TIMELINE_PDF_ROWS])
    tz = _tz()
    shown = [_contact_fact(r, refs, tz) for r in reversed(newest)]
    if tagged_total > len(shown):
        what = f"与借款机构有关的 {tagged_total} 条中最近的 {len(shown)} 条"
    else:
        what = f"与借款机构有关的全部 {len(shown)} 条"
    return shown, (
        f"本案共有 {total} 条短信、通话和其他联系记录，此处按时间先后列出{what}；"
        "全部记录（含全文）见证据包中的 timeline.csv（可用 Excel 或 WPS 打开）。"
    )


def write_timeline_csv(case: Case, refs: dict[str, str], out: IO[bytes]) -> int:
    """Every contact, message and call of the case, in time order, as CSV (UTF-8 with BOM, full text);
    returns the number of rows. Streams: memory stays flat however many records there are."""
    text, writer = csv_writer(out)
    writer.writerow(CSV_HEADER)
    tz = _tz()
    rows = 0
    for r in _timeline_records(case).order_by("timestamp", "id").iterator(chunk_size=2000):
        writer.writerow(
            (
                _when_text(r, tz),
                KIND_ZH.get(r.kind, r.kind),
                _direction_zh(r),
                r.counterpart,
                r.counterpart_name,
                r.lender,
                _summary(r, None),
                refs.get(r.source_file.sha256, ""),
                r.pk,
                position_zh(r.position),
                _status_zh(r),
            )
        )
        rows += 1
    text.detach()  # the caller keeps `out` open
    return rows


def finding_facts(
    case: Case,
    refs: dict[str, str],
    *,
    borrower_numbers: Iterable[str] = (),
    court_case_exists: bool = False,
) -> list[FindingFacts]:
    """The conduct findings (the dossier's conduct table); see `conduct_facts.conduct_facts`."""
    from xieshang.documents.conduct_facts import conduct_facts

    return conduct_facts(case, refs, borrower_numbers=borrower_numbers, court_case_exists=court_case_exists)[
        0
    ]


def provided_facts(case: Case) -> list[ProvidedFacts]:
    """The hardship checklist's documents ticked as obtained (negotiation app) for which no evidence file
    of that type was imported — proofs the borrower holds on paper, numbered 附1, 附2, … in checklist order."""
    from xieshang.negotiation.selectors import checklist_for_case

    imported: set[str] = set()
    for f in _files(case):
        imported |= _doc_types(f)
    notes: dict[str, str] = {}
    ticks = getattr(case, "checklist_ticks", None)
    if ticks is not None:
        notes = dict(ticks.values_list("doc_key", "note"))
    names: dict[str, str] = {}
    for section in checklist_for_case(case).sections:
        for status in section.requirements:
            for doc in status.requirement.documents:
                if doc.key in status.met_by and doc.key not in imported:
                    names.setdefault(doc.key, doc.name_zh)
    return [
        ProvidedFacts(ref=f"附{i}", key=key, name=name, note=notes.get(key, ""))
        for i, (key, name) in enumerate(names.items(), start=1)
    ]


def _proofs(case: Case, refs: dict[str, str], provided: list[ProvidedFacts]) -> dict[str, tuple[str, ...]]:
    """Per budget section or category, the imported evidence that proves it; where there is none, the
    ticked checklist documents of a matching type."""
    files = _files(case)
    out: dict[str, tuple[str, ...]] = {}
    for part, doc_types in PROOF_DOC_TYPES.items():
        wanted = set(doc_types)
        found = tuple(refs[f.sha256] for f in files if _doc_types(f) & wanted)
        out[part] = found or tuple(p.ref for p in provided if p.key in wanted)
    return out


def _case_ledger(case: Case) -> list[LedgerLine]:
    from xieshang.evidence.models import LedgerEntry

    entries = (
        LedgerEntry.objects.filter(case_name=case.name).exclude(kind=LedgerEntry.Kind.EXPORT).order_by("seq")
    )
    return [LedgerLine(e.seq, e.kind, e.payload, e.prev_hash, e.hash) for e in entries]


def stored_case_facts(
    case: Case,
    *,
    on: date | None,
    today: date,
    timeline: bool = False,
    borrower_numbers: Iterable[str] = (),
    court_case_exists: bool = False,
) -> CaseFacts:
    """The facts of a stored case on `on` (else its as_of, else today), with the conduct findings and the
    records they cite; `borrower_numbers` and `court_case_exists` are the conduct page's options."""
    from xieshang.cases.casefile_io import case_file_for_case
    from xieshang.documents.conduct_facts import condense_findings, conduct_facts
    from xieshang.documents.engine import case_facts

    case_file = case_file_for_case(case)
    evidence, refs = evidence_facts(case)
    findings, cited = condense_findings(
        *conduct_facts(case, refs, borrower_numbers=borrower_numbers, court_case_exists=court_case_exists)
    )
    ledger = _case_ledger(case)
    provided = provided_facts(case)
    contacts, timeline_note = timeline_facts(case, refs) if timeline else ([], "")
    facts = case_facts(
        case_file,
        on or case_file.as_of or today,
        case_name=case.name,
        evidence=evidence,
        contacts=contacts,
        findings=findings,
        cited=cited,
        proofs=_proofs(case, refs, provided),
        ledger_head=ledger[-1].hash if ledger else "",
        provided=provided,
    )
    return dataclasses.replace(facts, timeline_note=timeline_note) if timeline_note else facts


def _opener(sha256: str) -> Any:
    from xieshang.evidence.store import open_object

    @contextlib.contextmanager
    def _open() -> Iterator[IO[bytes]]:
        with open_object(sha256) as fh:
            yield fh

    return _open


def write_case_dossier(case: Case, out: IO[bytes], *, today: date, user: Any = None) -> dict[str, Any]:
    """Write the dossier ZIP of `case` to `out`; log the export in the ledger; return the manifest.

    Deterministic: the index is dated by the case's latest ledger entry, not by today, and the export's own
    ledger entry is left out of the dossier, so exporting twice gives the same bytes."""
    from xieshang.documents.packet import dossier_index
    from xieshang.documents.render_pdf import render_pdf
    from xieshang.evidence.models import LedgerEntry
    from xieshang.evidence.services import evidence_export_log

    files = _files(case)
    refs = _refs(files)
    ledger = _case_ledger(case)
    import_seq: dict[str, int] = {}
    for line in ledger:
        if line.kind == LedgerEntry.Kind.IMPORT:
            data = json.loads(line.payload).get("data", {})
            for sha in [
                data.get("file"),
                *data.get("attachments", []),
            ]:  # an e-mail/MMS vouches for its parts
                if isinstance(sha, str):
                    import_seq.setdefault(sha, line.seq)
    evidence, _ = evidence_facts(case)
    contacts, timeline_note = timeline_facts(case, refs)
    negotiation = negotiation_facts(case, refs, ledger, _tz())
    head_entry = LedgerEntry.objects.filter(seq=ledger[-1].seq).first() if ledger else None
    index_date = head_entry.created_at.astimezone(_tz()).date() if head_entry else today
    facts = CaseFacts(
        case_name=case.name,
        borrower_name=case.borrower_name,
        as_of=index_date,
        monthly_income=case.monthly_income,
        monthly_essential_expenses=case.monthly_essential_expenses,
        debts=(),
        evidence=tuple(evidence),
        contacts=tuple(contacts),
        timeline_note=timeline_note,
        findings=tuple(finding_facts(case, refs)),
        ledger_head=ledger[-1].hash if ledger else "",
        negotiation=tuple(negotiation),
    )
    index_pdf = render_pdf(dossier_index(facts, today=index_date))
    tz = _tz()
    dossier_files = [
        DossierFile(
            ref=refs[f.sha256],
            sha256=f.sha256,
            size=f.size,
            original_name=f.original_name,
            source_path=source_name(f.source_path),
            format=f.importer_name,
            imported_at=f.imported_at.astimezone(tz),
            ledger_seq=import_seq.get(f.sha256),
            records=f.record_count,
            open=_opener(f.sha256),
        )
        for f in files
    ]
    spooled = 16 << 20  # in memory up to 16 MiB, then on disk
    with (
        tempfile.SpooledTemporaryFile(spooled) as timeline,
        tempfile.SpooledTemporaryFile(spooled) as found,
        tempfile.SpooledTemporaryFile(spooled) as negotiated,
        tempfile.SpooledTemporaryFile(spooled) as transcribed,
    ):
        write_timeline_csv(case, refs, timeline)
        write_findings_csv(facts.findings, found)
        write_negotiation_csv(negotiation, negotiated)
        tables = [("timeline.csv", timeline), ("findings.csv", found), ("negotiation.csv", negotiated)]
        if write_transcripts_csv(case, refs, transcribed):  # only a case with transcripts has the table
            tables.append(("transcripts.csv", transcribed))
        manifest = write_dossier(
            out,
            case_name=case.name,
            files=dossier_files,
            ledger_head=(ledger[-1].seq, ledger[-1].hash) if ledger else None,
            ledger=ledger,
            index_pdf=index_pdf,
            tables=tables,
        )
    evidence_export_log(
        case=case, description="dossier (xieshang documents)", sha256s=[f.sha256 for f in files], user=user
    )
    return manifest
