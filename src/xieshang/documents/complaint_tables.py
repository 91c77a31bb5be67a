"""The complaint letter's record-level evidence: every record the letter's findings rest on, numbered
证据1, 证据2, … in time order, each finding pointing at its numbers ("见证据3、证据4"), and the source files
with their full SHA-256 (templates place them with `source = "cited_findings" | "cited_evidence" |
"cited_files"`; see fill.SOURCES).

The numbers are positions in this letter's index — of the records cited by the findings about the
letter's lender — not figures: no amount or count is computed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from xieshang.documents.facts import CitedRecordFacts, FindingFacts
from xieshang.documents.model import Table
from xieshang.documents.tables import CONFIDENCE_ZH, SEVERITY_ZH, relevant_findings

if TYPE_CHECKING:
    from xieshang.documents.fill import FillContext

SHORT_HASH = 12  # hex digits of the SHA-256 shown in the index; the full value is in the files table
PREFIX = "证据"


def cited_records(ctx: FillContext) -> tuple[tuple[int, CitedRecordFacts], ...]:
    """(number, record) for every record the letter's findings cite, oldest first (the facts' order)."""
    wanted = {i for f in relevant_findings(ctx) for i in f.evidence_ids}
    records = (r for r in ctx.facts.cited if r.id in wanted)
    return tuple(enumerate(records, start=1))


def cited_numbers(ctx: FillContext) -> dict[str, int]:
    """Record id → its number in the letter's evidence index."""
    return {record.id: number for number, record in cited_records(ctx)}


def evidence_label(numbers: Iterable[int]) -> str:
    """证据3、证据4 — a run of three or more consecutive numbers as 证据5至证据9; "" for none."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{PREFIX}{run[0]}至{PREFIX}{run[-1]}")
        else:
            parts.extend(f"{PREFIX}{n}" for n in run)
    return "、".join(parts)


def refer(ids: Iterable[str], numbers: Mapping[str, int]) -> str:
    """（见证据3、证据4） for the records `ids` that the index numbers; "" when it numbers none."""
    label = evidence_label(numbers[i] for i in ids if i in numbers)
    return f"（见{label}）" if label else ""


def cited_findings_table(ctx: FillContext) -> Table:
    """The findings about the letter's lender, each ending with the evidence numbers it rests on."""
    numbers = cited_numbers(ctx)
    rows = tuple(
        (
            f.when.strftime("%Y-%m-%d %H:%M") if f.when else "—",
            f.detail + _similar(f) + refer(f.evidence_ids, numbers),
            f.source,
            f"{SEVERITY_ZH.get(f.severity, f.severity)} / {CONFIDENCE_ZH.get(f.confidence, f.confidence)}",
        )
        for f in relevant_findings(ctx)
    )
    return Table(
        headers=("时间（北京时间）", "情况（所依据的证据）", "依据", "程度 / 依据可靠性"),
        rows=rows,
        caption="催收行为记录",
        nowrap_columns=(0,),
    )


def _similar(f: FindingFacts) -> str:
    """（同类共 582 次，2024-01-03 至 2024-05-08） for a finding that stands for others of its kind."""
    if f.similar <= 1:
        return ""
    span = ""
    if f.similar_first and f.similar_last:
        span = f"，{f.similar_first:%Y-%m-%d} 至 {f.similar_last:%Y-%m-%d}"
    return f"（同类共 {f.similar} 次{span}）"


def short_hash(sha256: str) -> str:
    return sha256[:SHORT_HASH] + "…"


def cited_evidence_table(ctx: FillContext) -> Table:
    """One row per cited record: number, time, kind, number called from, excerpt, file and place, hash."""
    rows = tuple(
        (
            f"{PREFIX}{number}",
            r.when.strftime("%Y-%m-%d %H:%M:%S"),
            r.kind,
            r.counterpart or "—",
            r.excerpt or "—",
            f"{r.source_file}，{r.position}" if r.position else r.source_file,
            short_hash(r.sha256),
        )
        for number, r in cited_records(ctx)
    )
    return Table(
        headers=("编号", "时间（北京时间）", "方式", "对方号码", "内容摘要", "来源文件及位置", "SHA-256"),
        rows=rows,
        caption="证据目录（每条证据为原始导出文件中的一条记录）",
        nowrap_columns=(0, 2, 6),
    )


def cited_files_table(ctx: FillContext) -> Table:
    """The source files of the cited records, with the evidence numbers they hold and the full SHA-256."""
    files: dict[str, tuple[str, list[int]]] = {}
    for number, r in cited_records(ctx):
        files.setdefault(r.sha256, (r.source_file, []))[1].append(number)
    rows = tuple((name, evidence_label(numbers), sha256) for sha256, (name, numbers) in files.items())
    return Table(
        headers=("来源文件", "所含证据", "SHA-256（完整校验值）"),
        rows=rows,
        caption="证据来源文件及校验值",
    )
