"""The `xieshang` command: one Typer app, help in Chinese (English with --lang en or LANG=en_*).

Each command lives in its own module with a `register(app, lang)` function; COMMAND_MODULES lists them.
`run(argv, env)` is the in-process entry point the tests use; `main()` is the console script.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
from collections.abc import Sequence

import typer
from typer.exceptions import TyperException

from xieshang import __version__
from xieshang.cli.click_zh import translate_error, translate_help
from xieshang.cli.context import CliEnv, detect_lang, make_context
from xieshang.cli.stored import texts
from xieshang.core.errors import XieshangError, disk_full_error, is_disk_full

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_INTEGRITY, EXIT_DISK_FULL = 0, 1, 2, 3, 4

# The order of `xieshang --help`: the figures first, then the case, the evidence, the documents, the server.
COMMAND_MODULES: tuple[str, ...] = (
    "assess",
    "plan",
    "case_cmds",
    "evidence_cmds",
    "transcribe_cmds",
    "conduct",
    "conduct_tags",
    "next_cmds",
    "negotiation_cmds",
    "documents_cmds",
    "backup_cmds",
    "serve",
    "worker",
    "manage",
)


def build_app(lang: str) -> typer.Typer:
    t = texts(lang)

    app = typer.Typer(
        name="xieshang",
        help=t(
            "协商 Xieshang：逾期借款人的工作台——算清欠款、制定方案、保全证据、起草信函。本工具不构成法律意见。",
            "Xieshang: a workbench for borrowers in arrears — the true numbers, a plan, the evidence, "
            "the letters. Not legal advice.",
        ),
        add_completion=False,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def version_callback(value: bool) -> None:
        if value:
            typer.echo(f"xieshang {__version__}")
            raise typer.Exit(EXIT_OK)

    @app.callback()
    def root(
        version: bool = typer.Option(
            False,
            "--version",
            callback=version_callback,
            is_eager=True,
            help=t("显示版本并退出。", "Show the version and exit."),
        ),
        lang_opt: str = typer.Option(
            lang, "--lang", help=t("界面语言：zh 或 en。", "Interface language: zh or en.")
        ),
    ) -> None:
        """Global options."""

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"xieshang.cli.{name}")
        module.register(app, lang)
    return app


def _language_first(argv: Sequence[str]) -> list[str]:
    """`--lang en` may be written anywhere (`xieshang assess e1 --lang en`): it is the root command's
    option, so it is moved in front of the command. Nothing after `--` is touched."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1].lower()[:2] in ("en", "zh"):
            front += [arg, argv[i + 1]]
            i += 2
            continue
        if arg.startswith("--lang="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def run(argv: Sequence[str], env: CliEnv | None = None) -> int:
    """Run the CLI in-process and return its exit status (0 ok, 2 input, 3 integrity, 4 disk full, 1 internal)."""
    env = env or CliEnv()
    args = _language_first(argv)
    lang = detect_lang(args, env.environ)
    ctx = make_context(env, lang)
    command = typer.main.get_command(build_app(lang))
    # click writes help and usage through sys.stdout/sys.stderr: catch what it prints, put its fixed English
    # phrases into Chinese when the user reads Chinese, and pass it on to the run's streams.
    click_out = io.StringIO()
    try:
        with contextlib.redirect_stdout(click_out), contextlib.redirect_stderr(env.stderr):
            result = command.main(args=args, prog_name="xieshang", standalone_mode=False)
    except XieshangError as exc:
        if exc.exit_status != EXIT_DISK_FULL and is_disk_full(exc):  # "cannot write X: no space left"
            exc = disk_full_error()
        ctx.err_console.print(exc.message(lang), markup=False)
        return exc.exit_status
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        ctx.err_console.print(ctx.t("已取消。", "Aborted."))
        return EXIT_INPUT
    except TyperException as exc:
        # Usage errors (Typer's own click): one clear message, no traceback.
        format_message = getattr(exc, "format_message", None)
        message = format_message() if callable(format_message) else str(exc)
        if lang == "zh":  # a bare `xieshang` "fails" with the help text itself
            message = (
                translate_help(message)
                if message.lstrip().startswith("Usage: ")
                else translate_error(message)
            )
        env.stderr.write(message + "\n")
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly — no message, exit 1 as click does
        # for the same case — and keep Python's final flush of stdout from failing once more.
        _silence(env.stdout)
        return EXIT_INTERNAL
    except Exception as exc:  # the last door: an unexpected error, told plainly
        if is_disk_full(exc):  # its own message and status: nothing is wrong with the input or the data
            full = disk_full_error()
            ctx.err_console.print(full.message(lang), markup=False)
            return full.exit_status
        if env.environ.get("XIESHANG_DEBUG"):
            raise
        ctx.err_console.print(
            ctx.t("内部错误（请报告此问题）：", "Internal error (please report it): ") + type(exc).__name__,
            markup=False,
        )
        return EXIT_INTERNAL
    finally:
        printed = click_out.getvalue()
        if printed:
            is_help = printed.lstrip().startswith("Usage: ")
            env.stdout.write(translate_help(printed) if lang == "zh" and is_help else printed)
    return int(result) if isinstance(result, int) else EXIT_OK


def _silence(stream: object) -> None:
    fileno = getattr(stream, "fileno", None)
    try:
        fd = fileno() if callable(fileno) else None
    except (OSError, ValueError):
        return
    if isinstance(fd, int):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def main() -> None:
    status = run(sys.argv[1:], CliEnv(environ=dict(os.environ)))
    try:
        sys.stdout.flush()  # here, not at interpreter exit, so a closed pipe can be handled
    except BrokenPipeError:
        _silence(sys.stdout)
    sys.exit(status)
