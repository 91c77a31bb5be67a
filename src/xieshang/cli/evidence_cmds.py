"""`xieshang import`, `xieshang search`, `xieshang verify`: the evidence vault from the command line.

(No `from __future__ import annotations`: Typer reads the Annotated help texts at run time.)

The CLI acts as the local account `local` (created on first use, no password: it cannot log in to the
web). A case named in `import --case` is created if new, owned by `local`.
"""

import json
import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from xieshang.cli.context import CliContext, current
from xieshang.cli.stored import django_ready, local_user, stored_case, texts
from xieshang.core.case_name import case_name_check
from xieshang.core.errors import InputError, IntegrityError
from xieshang.core.record_kinds import RECORD_KINDS

BIG_FILE_BYTES = 4 * 1024 * 1024  # a progress bar from this size on
KIND_NAMES = tuple(RECORD_KINDS)


def _case_for_import(name: str) -> Any:
    from xieshang.cases.models import Case
    from xieshang.cases.services import case_create

    case = Case.objects.filter(name=name).first()
    if case is None:
        case = case_create(
            owner=local_user(),
            name=name,
            borrower_name=name,
            monthly_income=Decimal("0"),
            monthly_essential_expenses=Decimal("0"),
        )
    return case


def _parse_day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            f"{option} 须为 YYYY-MM-DD 格式的日期，收到 {value!r}",
            f"{option} must be a date YYYY-MM-DD, got {value!r}",
        ) from exc


def _check_paths(paths: list[Path]) -> None:
    """Each argument exists and is a folder or a readable regular file (a FIFO would block, a device never end)."""
    for path in paths:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise InputError(f"找不到文件或文件夹：{path}", f"No such file or folder: {path}") from None
        except OSError as exc:
            raise _unreadable(path, exc) from exc
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            raise InputError(
                f"不是普通文件（设备、管道或套接字），无法导入：{path}",
                f"Not a regular file (a device, pipe or socket), cannot import: {path}",
            )
        if not os.access(path, os.R_OK):
            raise _unreadable(path, PermissionError(13, "Permission denied"))


def _unreadable(path: Path | str, exc: OSError) -> InputError:
    reason = exc.strerror or type(exc).__name__
    return InputError(
        f"无法读取文件：{path}（{reason}），未导入该文件的任何内容。",
        f"Cannot read the file: {path} ({reason}); nothing of it was imported.",
    )


def _import(ctx: CliContext, paths: list[Path], case_name: str, as_json: bool, received_by: str = "") -> None:
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    case_name_check(case_name)
    if received_by and (not received_by.strip() or len(received_by.strip()) > 100):
        raise InputError(
            "--received-by 须说明是谁收到的（1 到 100 个字符）。",
            "--received-by: who received it (1 to 100 characters).",
        )
    _check_paths(paths)
    django_ready()  # before any model is imported
    from xieshang.evidence.services import evidence_import

    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=ctx.err_console,
        transient=True,
    )
    tasks: dict[Path, Any] = {}

    def progress(path: Path, done: int, total: int) -> None:
        if total < BIG_FILE_BYTES:
            return
        if path not in tasks:
            tasks[path] = bars.add_task(path.name, total=total)
        bars.update(tasks[path], completed=done)

    from xieshang.cases.models import Case

    new_case = not Case.objects.filter(name=case_name).exists()
    case = _case_for_import(case_name)
    try:
        try:
            with bars:  # all the files or none (one transaction in evidence_import)
                report = evidence_import(case=case, paths=paths, user=local_user(), progress=progress)
        except BaseException:
            if new_case:  # nothing written: not even the case this import made
                Case.objects.filter(pk=case.pk).delete()
            raise
    except (PermissionError, IsADirectoryError) as exc:  # a source file the user cannot read
        raise _unreadable(exc.filename or "?", exc) from exc
    except InputError as exc:
        if len(paths) > 1:  # the files before the failing one were rolled back with it
            raise InputError(
                exc.message_zh + "（本次导入的文件都没有写入）",
                exc.message_en + " (none of the files of this import was written)",
                data=exc.data,
            ) from exc
        raise
    if received_by.strip():  # the files are what a third party received: a ledger entry for each
        from xieshang.conduct.tags import evidence_received_by

        for file in report.files:
            if file.refused_zh:
                continue  # not imported: nothing to say about it
            evidence_received_by(case=case, sha256=file.sha256, holder=received_by, user=local_user())
    if as_json:
        ctx.emit_json(report.as_json())
        return
    if received_by.strip():
        ctx.console.print(
            ctx.t(
                f"已记入台账：这些文件由 {received_by.strip()} 收到（其中的催收算作联系第三人）。",
                f"Logged: received by {received_by.strip()} (their collection counts as third-party contact).",
            ),
            markup=False,
        )
    from xieshang.evidence.intake import CATEGORIES

    labels = {
        CATEGORIES[kind]: (names.zh, names.en_plural)
        for kind, names in RECORD_KINDS.items()
        if kind in CATEGORIES
    }
    done = [f"{ctx.t(*labels[k])} {n}" for k, n in report.imported.items() if n]
    ctx.console.print(
        ctx.t(f"已导入到案件 {report.case}：", f"Imported into case {report.case}: ")
        + (ctx.t("，".join(done) or "没有新内容", ", ".join(done) or "nothing new"))
        + ctx.t(
            f"；跳过重复 {report.duplicates_skipped}", f"; duplicates skipped {report.duplicates_skipped}"
        ),
        markup=False,
    )
    for f in report.files:
        note = ctx.t("（重复文件，已跳过）", " (duplicate file, skipped)") if f.duplicate_file else ""
        ctx.console.print(f"  {f.sha256[:16]}…  {f.format:24} {f.path}{note}", markup=False)
    for skipped in report.skipped:
        ctx.console.print(
            ctx.t(
                f"  未导入：{skipped.path}（{skipped.reason_zh}）",
                f"  not imported: {skipped.path} ({skipped.reason})",
            ),
            markup=False,
        )


def _search(
    ctx: CliContext,
    query: str,
    case_name: str | None,
    limit: int,
    kinds: list[str],
    date_from: str | None,
    date_to: str | None,
    counterpart: str,
    lender: str,
    as_json: bool,
) -> None:
    django_ready()  # before any model is imported
    from django.utils import timezone

    from xieshang.evidence.services import evidence_search

    start, end = _parse_day(date_from, "--from"), _parse_day(date_to, "--to")
    bad = [k for k in kinds if k not in KIND_NAMES]
    if bad:
        raise InputError(
            f"--kind 只能是 {', '.join(KIND_NAMES)}，收到 {bad[0]!r}",
            f"--kind must be one of {', '.join(KIND_NAMES)}, got {bad[0]!r}",
        )
    case = stored_case(case_name) if case_name else None
    result = evidence_search(
        query=query,
        case=case,
        kinds=kinds,
        date_from=start,
        date_to=end,
        counterpart=counterpart.strip(),
        lender=lender.strip(),
        limit=limit,
    )
    if as_json:
        ctx.emit_json(
            {
                "query": result.query,
                "total": result.total,
                "hits": [
                    {
                        "id": h.record.pk,
                        "kind": h.record.kind,
                        "case": h.record.case.name,
                        "timestamp": timezone.localtime(h.record.timestamp).isoformat(),
                        "time_known": h.record.time_known,
                        "status": h.record.message_status,
                        "counterpart": h.record.counterpart,
                        "snippet": h.snippet,
                        "highlights": [list(span) for span in h.highlights],
                        "lender": h.record.lender,
                        # a transcript segment: seconds into the recording, and as a player shows it
                        "offset": h.offset,
                        "offset_label": h.offset_label,
                        "recording_id": h.record.linked_record_id if h.offset is not None else None,
                        "source": {
                            "file": h.record.source_file.original_name,
                            "sha256": h.record.source_file.sha256,
                            "position": h.record.position,
                        },
                    }
                    for h in result.hits
                ],
            }
        )
        return
    from rich.table import Table
    from rich.text import Text

    ctx.console.print(ctx.t(f"共 {result.total} 条结果", f"{result.total} results"), markup=False)
    table = Table(show_lines=False)
    for title in (
        ctx.t("时间", "time"),
        ctx.t("类型", "kind"),
        ctx.t("对方", "counterpart"),
        ctx.t("贷款机构", "lender"),
    ):
        table.add_column(title)
    table.add_column(ctx.t("内容", "text"), overflow="fold")  # the highlighted words never cut off
    for h in result.hits:
        snippet = Text(h.snippet)
        for s, e in h.highlights:
            snippet.stylize("bold reverse", s, e)
        when = timezone.localtime(h.record.timestamp).strftime("%Y-%m-%d %H:%M")
        if not h.record.time_known:
            when = ctx.t("时间未知", "time unknown")
        kind = f"{h.record.kind} {h.offset_label}" if h.offset_label else h.record.kind
        if h.record.unsent:
            kind += ctx.t(
                f"（{_STATUS_ZH[h.record.message_status]}）", f" ({h.record.message_status}, not sent)"
            )
        table.add_row(when, kind, h.record.counterpart, h.record.lender, snippet)
    ctx.console.print(table)


_STATUS_ZH = {
    "draft": "草稿，未发送",
    "outbox": "发件箱，未发出",
    "failed": "发送失败",
    "queued": "排队中，未发出",
}


def _verify(ctx: CliContext, anchor: bool, export_head: Path | None, as_json: bool) -> None:
    django_ready()  # before any model is imported
    from xieshang.evidence.ledger import ledger_head
    from xieshang.evidence.services import evidence_verify, ledger_anchor
    from xieshang.evidence.tsa import ledger_head_export

    if export_head is not None and (export_head.is_dir() or not export_head.parent.is_dir()):
        raise InputError(
            f"--export-head 须为一个文件路径（其所在文件夹须已存在）：{export_head}",
            f"--export-head must be a file path in an existing folder: {export_head}",
        )
    report = evidence_verify()
    anchored = None
    if anchor and report.ok:
        anchored = ledger_anchor()
    if export_head is not None and report.ok:
        text = json.dumps(ledger_head_export(), ensure_ascii=False, indent=2) + "\n"
        export_head.write_text(text, encoding="utf-8")
    head = ledger_head()
    payload = report.as_json()
    payload["head"] = {"seq": head.seq, "hash": head.hash} if head else None
    if anchored is not None:
        payload["anchor"] = {"hash": anchored.head_hash, "gen_time": anchored.gen_time.isoformat()}
    if as_json:
        ctx.emit_json(payload)
    else:
        ctx.console.print(
            ctx.t(
                f"已核对文件 {report.files_checked} 个、台账 {report.ledger_entries} 条、"
                f"转写稿 {report.transcripts_checked} 份、时间戳 {report.anchors_checked} 个。",
                f"Checked {report.files_checked} files, {report.ledger_entries} ledger entries, "
                f"{report.transcripts_checked} transcripts, {report.anchors_checked} timestamps.",
            ),
            markup=False,
        )
        if head:
            ctx.console.print(
                ctx.t("台账头哈希：", "Ledger head hash: ") + f"#{head.seq} {head.hash}", markup=False
            )
        if anchored is not None:
            ctx.console.print(
                ctx.t("已取得时间戳：", "Timestamped: ")
                + f"{anchored.head_hash} @ {anchored.gen_time.isoformat()}",
                markup=False,
            )
        if report.anchors_checked and not report.anchor_signatures_checked:
            ctx.console.print(
                ctx.t(
                    "注意：未配置 XIESHANG_TSA_CA_FILE，只核对了时间戳所覆盖的哈希，未核验其签名。",
                    "Note: no XIESHANG_TSA_CA_FILE configured: the timestamps' hashes were checked, "
                    "their signatures were not.",
                ),
                markup=False,
            )
        if export_head is not None and report.ok:
            ctx.console.print(
                ctx.t("台账头已导出到：", "Ledger head exported to: ") + str(export_head), markup=False
            )
    if not report.ok:
        kinds = {"file": ("文件", "file"), "ledger": ("台账", "ledger"), "record": ("记录", "record")}
        for p in report.problems:
            kind = ctx.t(*kinds.get(p.kind, ("时间戳", p.kind)))
            detail = ctx.t(p.detail_zh or p.detail, p.detail)
            ctx.err_console.print(f"{kind}: {p.item}: {detail}", markup=False)
        first = report.problems[0]
        raise IntegrityError(
            f"发现 {len(report.problems)} 个完整性问题，首个：{first.item}（{first.detail_zh or first.detail}）",
            f"{len(report.problems)} integrity problem(s); first: {first.item} ({first.detail})",
            data={"problems": [p.as_json() for p in report.problems]},
        )
    if not as_json:
        ctx.console.print(ctx.t("完整性检查通过。", "Integrity check passed."), markup=False)


def register(app: typer.Typer, lang: str) -> None:
    from xieshang.cli import evidence_ledger_cmds

    evidence_ledger_cmds.register(app, lang)  # `xieshang evidence ledger | annotate | request-deletion`

    t = texts(lang)

    json_help = t("输出 JSON。", "Print JSON.")

    @app.command(
        "import",
        help=t(
            "把证据文件（短信/通话备份、邮件、聊天导出、录音、文件）导入案件；格式按内容识别，原件原样保存。",
            "Import evidence files (SMS/call backups, e-mail, chat exports, recordings, documents) into a case; "
            "formats detected from content, originals kept bit-identical.",
        ),
    )
    def import_cmd(
        paths: Annotated[list[Path], typer.Argument(help=t("文件或文件夹。", "Files or folders."))],
        case: str = typer.Option(
            ..., "--case", help=t("案件名称（不存在则新建）。", "Case name (created if new).")
        ),
        as_json: bool = typer.Option(False, "--json", help=json_help),
        received_by: str = typer.Option(
            "",
            "--received-by",
            help=t(
                "这些文件是第三人（如家人）手机里导出的：说明是谁，如“母亲 13800138000”。其中的催收算作联系第三人（记入台账）。",
                'The files come from a third party\'s phone (a relative): say who, e.g. "mother 13800138000". '
                "Their collection counts as third-party contact (a ledger entry).",
            ),
        ),
    ) -> None:
        _import(current(), paths, case, as_json, received_by)

    @app.command(
        help=t(
            "在已导入的证据中全文搜索（支持中文单字、词和短语）。", "Full-text search over imported evidence."
        )
    )
    def search(
        query: str = typer.Argument(..., help=t("搜索词；用引号括住短语。", "Query; quote a phrase.")),
        case: str | None = typer.Option(None, "--case", help=t("只搜索此案件。", "Only this case.")),
        limit: int = typer.Option(20, "--limit", help=t("最多显示条数。", "Maximum hits.")),
        kind: Annotated[
            list[str] | None,
            typer.Option("--kind", help=t("记录类型（可重复）。", "Record kind (repeatable).")),
        ] = None,
        date_from: str | None = typer.Option(None, "--from", help=t("起始日期 YYYY-MM-DD。", "From date.")),
        date_to: str | None = typer.Option(
            None, "--to", help=t("结束日期 YYYY-MM-DD（含）。", "To date (inclusive).")
        ),
        counterpart: str = typer.Option(
            "",
            "--counterpart",
            help=t("对方号码或地址包含此内容。", "Counterpart number or address contains this."),
        ),
        lender: str = typer.Option(
            "", "--lender", help=t("只看标记为此贷款机构的记录。", "Only records tagged to this lender.")
        ),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        _search(current(), query, case, limit, kind or [], date_from, date_to, counterpart, lender, as_json)

    @app.command(
        help=t(
            "重新计算每个已存文件的哈希并核对台账链；发现问题时退出码为 3。",
            "Re-hash every stored file and check the ledger chain; exit 3 on any problem.",
        )
    )
    def verify(
        anchor: bool = typer.Option(
            False,
            "--anchor",
            help=t(
                "核对通过后，用 XIESHANG_TSA_URL 的 RFC 3161 时间戳锚定台账头。",
                "After a clean check, anchor the ledger head with an RFC 3161 timestamp (XIESHANG_TSA_URL).",
            ),
        ),
        export_head: Path | None = typer.Option(
            None,
            "--export-head",
            help=t(
                "核对通过后，把台账头哈希和全部时间戳写入此 JSON 文件（保存在别处作为旁证）。",
                "After a clean check, write the ledger head hash and every timestamp to this JSON file "
                "(keep it elsewhere as a witness).",
            ),
        ),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        _verify(current(), anchor, export_head, as_json)
