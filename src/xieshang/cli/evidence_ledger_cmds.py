"""`xieshang evidence ledger | annotate | request-deletion`: read the ledger, add to it from the command line.

An annotation or a deletion request never changes a record or an original: each is a new ledger entry
(the file is flagged as requested for deletion and kept). Registered by `evidence_cmds.register`.

(No `from __future__ import annotations`: Typer reads the Annotated help texts at run time.)
"""

import json
import re
from typing import Any

import typer

from xieshang.cli.context import CliContext, current
from xieshang.cli.stored import django_ready, local_user, stored_case, texts
from xieshang.core.errors import InputError

_HEX_PREFIX = re.compile(r"^[0-9a-f]{8,64}$")


def _entry_json(entry: Any) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "kind": entry.kind,
        "case": entry.case_name,
        "at": entry.created_at.isoformat(),
        "hash": entry.hash,
        "prev_hash": entry.prev_hash,
        "data": json.loads(entry.payload).get("data", {}),
    }


def _show_entry(ctx: CliContext, entry: Any, as_json: bool) -> None:
    if as_json:
        ctx.emit_json(_entry_json(entry))
    else:
        ctx.console.print(
            ctx.t("已记入台账：", "Logged in the ledger: ") + f"#{entry.seq} {entry.hash}", markup=False
        )


def _ledger(ctx: CliContext, case_name: str | None, limit: int, as_json: bool) -> None:
    if not 1 <= limit <= 100_000:
        raise InputError("--limit 须在 1 到 100000 之间。", "--limit must be between 1 and 100000.")
    django_ready()
    from django.utils import timezone

    from xieshang.evidence.models import LedgerEntry

    rows = LedgerEntry.objects.order_by("-seq")
    if case_name:
        rows = rows.filter(case_name=stored_case(case_name).name)
    entries = list(rows[:limit])[::-1]  # the newest `limit`, oldest first
    if as_json:
        ctx.emit_json({"entries": [_entry_json(e) for e in entries]})
        return
    from rich.table import Table

    kinds = {
        "import": ("导入", "import"),
        "annotation": ("批注", "annotation"),
        "export": ("导出", "export"),
        "deletion_request": ("删除请求", "deletion request"),
        "anchor": ("时间戳", "timestamp"),
    }
    table = Table()
    for title in (ctx.t("序号", "seq"), ctx.t("时间", "time"), ctx.t("类型", "kind"), ctx.t("案件", "case")):
        table.add_column(title)
    table.add_column(ctx.t("哈希（前 16 位）", "hash (first 16)"))
    for e in entries:
        when = timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S")
        table.add_row(str(e.seq), when, ctx.t(*kinds.get(e.kind, (e.kind, e.kind))), e.case_name, e.hash[:16])
    ctx.console.print(table)


def _annotate(ctx: CliContext, record_id: int, note: str, as_json: bool) -> None:
    django_ready()
    from xieshang.evidence.models import EvidenceRecord
    from xieshang.evidence.services import evidence_annotate

    record = EvidenceRecord.objects.select_related("case").filter(pk=record_id).first()
    if record is None:
        raise InputError(
            f"没有编号为 {record_id} 的记录（编号见 xieshang search 的结果）",
            f"no record with id {record_id} (ids are shown by xieshang search)",
        )
    _show_entry(ctx, evidence_annotate(record=record, note=note, user=_operator()), as_json)


def _request_deletion(ctx: CliContext, case_name: str, sha256: str, reason: str, as_json: bool) -> None:
    digest = sha256.strip().lower()
    if not _HEX_PREFIX.match(digest):
        raise InputError(
            f"须给出文件 SHA-256 的至少前 8 位十六进制字符，收到 {sha256!r}",
            f"give at least the first 8 hex digits of the file's SHA-256, got {sha256!r}",
        )
    django_ready()
    from xieshang.evidence.models import EvidenceFile
    from xieshang.evidence.services import evidence_deletion_request

    case = stored_case(case_name)
    matches = list(
        EvidenceFile.objects.filter(case=case, sha256__startswith=digest).values_list("sha256", flat=True)[:2]
    )
    if len(matches) != 1:
        raise InputError(
            f"案件 {case.name} 中{'没有' if not matches else '有多个'}以 {digest} 开头的文件",
            f"{'no' if not matches else 'more than one'} file in case {case.name} starts with {digest}",
        )
    entry = evidence_deletion_request(case=case, sha256=matches[0], user=_operator(), reason=reason)
    _show_entry(ctx, entry, as_json)
    if not as_json:
        ctx.console.print(
            ctx.t(
                "原件仍保留在证据库中（证据不会被静默删除）；该请求已记录。",
                "The original stays in the vault (evidence is never silently deleted); the request is logged.",
            ),
            markup=False,
        )


def _operator() -> Any:
    return local_user()


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    json_help = t("输出 JSON。", "Print JSON.")
    group = typer.Typer(
        help=t(
            "证据台账：查看、批注、申请删除（均追加记录，原件不变）。",
            "The evidence ledger: show it, annotate, request deletion (each appended; originals unchanged).",
        ),
        no_args_is_help=True,
    )
    app.add_typer(group, name="evidence")

    @group.command(
        "ledger", help=t("列出台账条目（最新的 N 条，按序号）。", "List ledger entries (the newest N).")
    )
    def ledger_cmd(
        case: str | None = typer.Option(None, "--case", help=t("只看此案件。", "Only this case.")),
        limit: int = typer.Option(50, "--limit", help=t("最多条数。", "Maximum entries.")),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        _ledger(current(), case, limit, as_json)

    @group.command(
        "annotate", help=t("给一条记录加批注（记入台账）。", "Annotate a record (logged in the ledger).")
    )
    def annotate_cmd(
        record_id: int = typer.Argument(..., help=t("记录编号（见搜索结果）。", "Record id (see search).")),
        note: str = typer.Argument(..., help=t("批注内容。", "The note.")),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        _annotate(current(), record_id, note, as_json)

    @group.command(
        "request-deletion",
        help=t(
            "申请删除案件中的一个文件：记入台账并标记，原件保留。",
            "Request deletion of a file of a case: logged and flagged; the original is kept.",
        ),
    )
    def request_deletion_cmd(
        case: str = typer.Argument(..., help=t("案件名称。", "Case name.")),
        sha256: str = typer.Argument(
            ..., help=t("文件 SHA-256（或至少前 8 位）。", "File SHA-256 (8+ digits).")
        ),
        reason: str = typer.Option("", "--reason", help=t("原因。", "Reason.")),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        _request_deletion(current(), case, sha256, reason, as_json)
