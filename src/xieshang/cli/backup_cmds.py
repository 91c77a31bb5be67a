"""`xieshang backup -o FILE` and `xieshang restore FILE [--force]` (xieshang.backup.service)."""

from __future__ import annotations

from pathlib import Path

import typer

from xieshang.cli.context import current
from xieshang.cli.stored import django_ready, texts
from xieshang.core.errors import IntegrityError


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    @app.command(
        help=t(
            "备份整个工作台：数据库、证据库（全部原件）和台账头，写入一个文件（一致的快照）。",
            "Back up the whole workbench — database, evidence store (every original) and ledger head — "
            "into one file (one consistent snapshot).",
        )
    )
    def backup(
        out: Path = typer.Option(
            ..., "-o", "--output", help=t("备份文件（.tar）。", "The backup file (.tar).")
        ),
        as_json: bool = typer.Option(False, "--json", help=t("输出 JSON。", "Print JSON.")),
    ) -> None:
        ctx = current()
        django_ready()
        from xieshang.backup.service import backup_create

        report = backup_create(out=out)
        if as_json:
            ctx.emit_json(report.as_json())
            return
        head = f"#{report.head['seq']}" if report.head else ctx.t("空", "empty")
        ctx.console.print(
            ctx.t(
                f"已备份到 {report.path}：数据库（{report.vendor}）、原件 {report.objects} 个（{_size(report.object_bytes)}）、台账头 {head}。",
                f"Backed up to {report.path}: database ({report.vendor}), {report.objects} originals "
                f"({_size(report.object_bytes)}), ledger head {head}.",
            ),
            markup=False,
        )

    @app.command(
        help=t(
            "从备份文件恢复数据库、证据库和台账头，然后核对（同 verify）。当前证据库比备份新时拒绝，除非 --force。",
            "Restore the database, evidence store and ledger head from a backup, then verify. Refuses when "
            "the current vault is newer than the backup, unless --force.",
        )
    )
    def restore(
        path: Path = typer.Argument(..., help=t("备份文件。", "The backup file.")),
        force: bool = typer.Option(
            False,
            "--force",
            help=t(
                "覆盖比备份新的证据库（当前数据先另存为 before-restore-时间.tar）。",
                "Restore over a newer vault (the current data is saved first as before-restore-TIME.tar).",
            ),
        ),
        as_json: bool = typer.Option(False, "--json", help=t("输出 JSON。", "Print JSON.")),
    ) -> None:
        ctx = current()
        django_ready()
        from xieshang.backup.service import backup_restore

        report = backup_restore(path=path, force=force)
        verify = report.verify
        if as_json:
            ctx.emit_json(report.as_json())
        else:
            if report.saved_before:
                ctx.console.print(
                    ctx.t(
                        f"原有数据已另存为 {report.saved_before}",
                        f"The data there before: {report.saved_before}",
                    ),
                    markup=False,
                )
            ctx.console.print(
                ctx.t(
                    f"已从 {report.path} 恢复：原件 {report.objects} 个；核对"
                    + ("通过。" if verify is not None and verify.ok else "发现问题："),
                    f"Restored from {report.path}: {report.objects} originals; verify "
                    + ("passed." if verify is not None and verify.ok else "found problems:"),
                ),
                markup=False,
            )
            ctx.console.print(
                ctx.t(
                    "请重启网页服务器和后台任务进程：它们保存的页面属于恢复之前的数据。",
                    "Restart the web servers and workers: the pages they keep are of the data before the restore.",
                ),
                markup=False,
            )
        if verify is not None and not verify.ok:
            for p in verify.problems:
                ctx.err_console.print(f"  {p.item}: {ctx.t(p.detail_zh or p.detail, p.detail)}", markup=False)
            raise IntegrityError("恢复后的核对发现问题。", "Verify found problems after the restore.")
