"""`evidence_verify`: re-hash every stored object, walk the ledger chain, cross-check rows and anchors.

Problems, each naming its item: a stored object altered, missing, or unknown (no evidence file accounts
for it); a ledger entry edited, removed, reordered, or cut from the end (the head witness beside the
store); a file row the ledger never saw; records pointing at a missing file, or more/fewer records in a
case than its import entries account for; the records of a file edited in the database (each import entry
carries `records_digest`, recomputed here); a timestamp that does not verify or has no ledger entry.
Verify first runs the store's `sweep` (temporary files and objects left by killed or failed imports) and
reports what it removed under `cleaned`; objects journalled by an import still running are not problems.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from xieshang.evidence import store
from xieshang.evidence.digests import PREFIX, files_digest, records_digest, records_digest_of
from xieshang.evidence.ledger import chain_problems, witness_problem
from xieshang.evidence.models import Anchor, EvidenceFile, EvidenceRecord, LedgerEntry

_HEX2 = re.compile(r"^[0-9a-f]{2}$")
_HEX62 = re.compile(r"^[0-9a-f]{62}$")
_STRAY_ZH = "不是证据库的对象（多出的文件或文件夹）"
_ORPHAN = "its source file is missing"
MAX_LISTED = 100  # problems of one kind listed one by one; the rest are counted in one line


@dataclass(frozen=True)
class Problem:
    kind: str  # "file" | "ledger" | "record" | "anchor"
    item: str
    detail: str  # English (the JSON contract)
    detail_zh: str = ""

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "item": self.item, "detail": self.detail, "detail_zh": self.detail_zh}


_OBJECT_ZH = {
    "missing": "文件缺失",
    "size differs": "大小与记录不符（内容被改动）",
    "content altered": "内容被改动（哈希不符）",
    "cached copy size differs": "本服务器缓存的副本大小不符（被改动）",
    "cached copy content altered": "本服务器缓存的副本内容被改动（哈希不符）",
    "the recorded hash is not a SHA-256 digest": "记录的哈希不是 SHA-256 值",
}


@dataclass
class VerifyReport:
    files_checked: int = 0
    transcripts_checked: int = 0
    ledger_entries: int = 0
    anchors_checked: int = 0
    anchor_signatures_checked: bool = False  # a TSA trust root (XIESHANG_TSA_CA_FILE) is configured
    problems: list[Problem] = field(default_factory=list)
    cleaned: store.SweepReport = field(default_factory=store.SweepReport)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files_checked": self.files_checked,
            "transcripts_checked": self.transcripts_checked,
            "ledger_entries": self.ledger_entries,
            "anchors_checked": self.anchors_checked,
            "anchor_signatures_checked": self.anchor_signatures_checked,
            "problems": [p.as_json() for p in self.problems],
            "cleaned": self.cleaned.as_json(),
        }


@dataclass
class _Vouched:
    """What the ledger's entries say exists: imported files, record counts per case, anchor tokens."""

    files: set[tuple[str, str]] = field(default_factory=set)
    records: Counter[str] = field(default_factory=Counter)
    anchors: dict[str, int] = field(default_factory=dict)  # token sha256 → ledger seq
    digests: dict[tuple[str, str], str] = field(default_factory=dict)  # (case, file sha) → records digest
    # transcripts: (case, external-id prefix "transcript:<id>:") → (ledger seq, records digest)
    transcripts: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    miscounted: set[str] = field(default_factory=set)  # cases whose record count is already a problem
    imports: dict[tuple[str, str], tuple[dict[str, Any], str]] = field(default_factory=dict)  # → (data, at)


def _note(vouched: _Vouched, entry: LedgerEntry) -> None:
    if entry.kind not in (LedgerEntry.Kind.IMPORT, LedgerEntry.Kind.ANCHOR, LedgerEntry.Kind.TRANSCRIPT):
        return
    try:
        data = json.loads(entry.payload).get("data", {})
        if entry.kind == LedgerEntry.Kind.TRANSCRIPT:
            vouched.records[entry.case_name] += int(data.get("records", 0))
            prefix = str(data.get("external_prefix", ""))
            vouched.transcripts[(entry.case_name, prefix)] = (entry.seq, str(data.get("records_digest", "")))
        elif entry.kind == LedgerEntry.Kind.IMPORT:
            vouched.files.add((entry.case_name, data.get("file", "")))
            vouched.files.update((entry.case_name, sha) for sha in data.get("attachments", []))
            vouched.records[entry.case_name] += int(data.get("records", 0))
            if data.get("records_digest"):
                vouched.digests[(entry.case_name, data.get("file", ""))] = str(data["records_digest"])
            at = json.loads(entry.payload).get("at", "")
            vouched.imports[(entry.case_name, data.get("file", ""))] = (data, str(at))
        else:
            vouched.anchors[str(data.get("token_sha256", ""))] = entry.seq
    except (ValueError, AttributeError, TypeError):
        pass  # the chain check names a damaged payload


def _ledger(report: VerifyReport) -> _Vouched:
    """Check the chain and the head witness; return what the entries vouch for."""
    vouched = _Vouched()

    def entries() -> Any:
        for entry in LedgerEntry.objects.order_by("seq").iterator(chunk_size=2000):
            report.ledger_entries += 1
            _note(vouched, entry)
            yield entry

    for problem in chain_problems(entries()):
        report.problems.append(Problem("ledger", f"ledger #{problem.seq}", problem.detail, problem.detail_zh))
    witness = witness_problem()
    if witness is not None:
        item = f"ledger #{witness.seq}" if witness.seq else "ledger head"
        report.problems.append(Problem("ledger", item, witness.detail, witness.detail_zh))
    return vouched


def _files(report: VerifyReport, vouched: _Vouched) -> None:
    checked: dict[str, str] = {}
    rows = EvidenceFile.objects.select_related("case").order_by("id")
    for file in rows.iterator(chunk_size=2000):
        item = f"{file.case.name}/{file.original_name} ({file.sha256})"
        if file.sha256 not in checked:
            try:
                checked[file.sha256] = store.object_check(file.sha256, file.size)
            except ValueError:
                checked[file.sha256] = "the recorded hash is not a SHA-256 digest"
        if checked[file.sha256]:
            detail = checked[file.sha256]
            report.problems.append(Problem("file", item, detail, _OBJECT_ZH.get(detail, "")))
        if file.parent_id is None and (file.case.name, file.sha256) in vouched.imports:
            for field_name in _row_differs(file, *vouched.imports[(file.case.name, file.sha256)]):
                report.problems.append(
                    Problem(
                        "file",
                        item,
                        f"the file's {field_name} differs from its import entry in the ledger",
                        f"该文件的 {field_name} 与台账中的导入条目不符（被改动）",
                    )
                )
        if (file.case.name, file.sha256) not in vouched.files:
            report.problems.append(
                Problem(
                    "file", item, "no import entry in the ledger for this file", "台账中没有该文件的导入条目"
                )
            )
    report.files_checked = len(checked)


def _row_differs(file: EvidenceFile, data: dict[str, Any], at: str) -> list[str]:
    """The fields of a file row that are not what its import entry signed."""
    differs = []
    if "name" in data and data["name"] != file.original_name:
        differs.append("original_name")
    if "size" in data and data["size"] != file.size:
        differs.append("size")
    if "format" in data and data["format"] != file.importer_name:
        differs.append("importer_name")
    if "importer_version" in data and data["importer_version"] != file.importer_version:
        differs.append("importer_version")
    try:
        signed_at = datetime.fromisoformat(at)
    except ValueError:
        signed_at = None
    if signed_at is not None and signed_at != file.imported_at:
        differs.append("imported_at")
    if data.get("files_digest") and not differs and files_digest(file.pk) != data["files_digest"]:
        differs.append("row (or an attachment's row)")
    return differs


def _transcripts(report: VerifyReport, vouched: _Vouched) -> None:
    """Each transcript's segments against its ledger entry; a finished transcript with no entry."""
    from xieshang.evidence.models import Transcript

    for (case_name, prefix), (seq, expected) in sorted(vouched.transcripts.items(), key=lambda kv: kv[1][0]):
        report.transcripts_checked += 1
        if case_name in vouched.miscounted or not PREFIX.match(prefix):
            continue
        if records_digest_of(prefix) != expected:
            report.problems.append(
                Problem(
                    "record",
                    f"{case_name}/{prefix.rstrip(':')} (ledger #{seq})",
                    "the segments of this transcript were changed in the database (their digest differs "
                    "from the one in its ledger entry)",
                    "该转写稿的片段在数据库中被改动（摘要与台账条目中的不符）",
                )
            )
    recorded = {prefix for (_, prefix) in vouched.transcripts}
    done = Transcript.objects.filter(status=Transcript.Status.DONE).select_related("case").order_by("id")
    for transcript in done.iterator(chunk_size=2000):
        if transcript.external_prefix not in recorded:
            report.problems.append(
                Problem(
                    "record",
                    f"{transcript.case.name}/{transcript.external_prefix.rstrip(':')}",
                    "a finished transcript the ledger never recorded",
                    "台账中没有该转写稿的条目",
                )
            )


def _record_digests(report: VerifyReport, vouched: _Vouched) -> None:
    if any(p.kind == "ledger" or p.detail == _ORPHAN for p in report.problems):
        return  # the digests cannot be trusted / records lost their file: that problem is the finding
    for (case_name, sha), expected in sorted(vouched.digests.items()):
        if case_name in vouched.miscounted:
            continue  # records removed or added: the count names the case
        file = (
            EvidenceFile.objects.filter(case__name=case_name, sha256=sha).only("id", "original_name").first()
        )
        if file is None or records_digest(file.pk) == expected:
            continue  # a missing file row is named by the record counts and the file checks
        report.problems.append(
            Problem(
                "record",
                f"{case_name}/{file.original_name} ({sha})",
                "the records read from this file were changed in the database (their digest differs from "
                "the one in the file's import entry)",
                "从该文件读取的记录在数据库中被改动（摘要与台账导入条目中的不符）",
            )
        )


def _unknown_objects(report: VerifyReport) -> None:
    """Objects in the store that no evidence file accounts for, and anything else placed among them."""
    base = store.store_root() / "objects"
    if not base.is_dir():
        return
    found: list[Problem] = []
    pending = set(report.cleaned.pending)
    for folder in sorted(base.iterdir()):
        rel = f"objects/{folder.name}"
        if not (folder.is_dir() and _HEX2.match(folder.name)):
            found.append(
                Problem("file", rel, "not an object of the store (unexpected file or folder)", _STRAY_ZH)
            )
            continue
        prefix = folder.name
        upper = prefix[0] + chr(ord(prefix[1]) + 1)  # every hex digest starting with `prefix` is below
        known = set(
            EvidenceFile.objects.filter(sha256__gte=prefix, sha256__lt=upper).values_list("sha256", flat=True)
        )
        for obj in sorted(folder.iterdir()):
            if prefix + obj.name in pending:
                continue  # journalled by an import still running (or awaiting its cleanup)
            if not (obj.is_file() and _HEX62.match(obj.name)):
                found.append(
                    Problem(
                        "file", f"{rel}/{obj.name}", "not an object of the store (unexpected name)", _STRAY_ZH
                    )
                )
            elif prefix + obj.name not in known:
                found.append(
                    Problem(
                        "file",
                        f"object {prefix + obj.name}",
                        "an object no evidence file accounts for (an interrupted import leaves one: "
                        "import that file again)",
                        "证据库中有一个不属于任何证据文件的对象（导入中断时会留下：请重新导入该文件）",
                    )
                )
    report.problems.extend(found[:MAX_LISTED])
    if len(found) > MAX_LISTED:
        report.problems.append(
            Problem(
                "file",
                "objects",
                f"{len(found) - MAX_LISTED} more unexpected objects not listed",
                f"另有 {len(found) - MAX_LISTED} 个异常对象未列出",
            )
        )


def _records(report: VerifyReport, vouched: _Vouched) -> None:
    orphans = EvidenceRecord.objects.filter(
        ~Q(source_file_id__in=EvidenceFile.objects.values("id")) | Q(source_file_id__isnull=True)
    ).values_list("id", "case_id", "position")[:MAX_LISTED]
    for rid, case_id, position in orphans:
        report.problems.append(
            Problem(
                "record",
                f"record {rid} (case {case_id}, {position})",
                _ORPHAN,
                "其来源文件缺失",
            )
        )
    if any(p.kind == "ledger" for p in report.problems):
        return  # the counts the ledger vouches for cannot be trusted: the chain problem is the finding
    held = Counter(
        {
            row["case__name"]: row["n"]
            for row in EvidenceRecord.objects.values("case__name").annotate(n=Count("id")).order_by()
        }
    )
    for name in sorted(set(held) | set(vouched.records)):
        if held[name] != vouched.records[name]:
            vouched.miscounted.add(name)
            report.problems.append(
                Problem(
                    "record",
                    f"case {name}",
                    f"{held[name]} records in the database, the ledger's imports account for "
                    f"{vouched.records[name]}: records were removed or added",
                    f"数据库中有 {held[name]} 条记录，台账的导入条目记载 {vouched.records[name]} 条：记录被删除或添加",
                )
            )


def _anchors(report: VerifyReport, vouched: _Vouched) -> None:
    from xieshang.evidence.tsa import anchor_problem

    report.anchor_signatures_checked = bool(settings.XIESHANG_TSA_CA_FILE)
    seen: set[str] = set()
    for anchor in Anchor.objects.select_related("entry").order_by("id"):
        report.anchors_checked += 1
        item = f"anchor {anchor.pk} (ledger #{anchor.entry.seq})"
        token_sha = hashlib.sha256(bytes(anchor.token)).hexdigest()
        seen.add(token_sha)
        detail = anchor_problem(anchor)
        if detail:
            report.problems.append(Problem("anchor", item, detail, f"时间戳核验失败（{detail}）"))
        if token_sha not in vouched.anchors:
            report.problems.append(
                Problem(
                    "anchor",
                    item,
                    "no anchoring entry in the ledger for this timestamp",
                    "台账中没有该时间戳的锚定条目",
                )
            )
    for token_sha, seq in sorted(vouched.anchors.items(), key=lambda kv: kv[1]):
        if token_sha not in seen:
            report.problems.append(
                Problem(
                    "anchor",
                    f"ledger #{seq}",
                    "the timestamp this entry records is missing",
                    "该条目记载的时间戳缺失",
                )
            )


def evidence_verify() -> VerifyReport:
    """Everything that could betray tampering or loss, each named. `ok` only if nothing is found."""
    report = VerifyReport(cleaned=store.sweep())
    vouched = _ledger(report)
    _files(report, vouched)
    _unknown_objects(report)
    _records(report, vouched)
    _record_digests(report, vouched)
    if not any(p.kind == "ledger" for p in report.problems):
        _transcripts(report, vouched)
    _anchors(report, vouched)
    return report
