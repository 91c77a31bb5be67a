"""The injectable environment of one CLI run, so tests run the CLI in-process."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from rich.console import Console

from xieshang.core.money import fmt_money, fmt_rate


def detect_lang(argv: list[str], environ: Mapping[str, str]) -> str:
    """`--lang en|zh` wins; else LC_ALL / LC_MESSAGES / LANG / LANGUAGE starting with `en`; else zh."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1].lower().startswith("en") else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1].lower().startswith("en") else "zh"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


@dataclass
class CliEnv:
    """Where a CLI run reads and writes. The default is the real process; tests pass their own."""

    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    today: date | None = None  # None = the real today

    def today_or_now(self) -> date:
        return self.today or date.today()


@dataclass
class CliContext:
    env: CliEnv
    lang: str
    console: Console
    err_console: Console

    def t(self, zh: str, en: str) -> str:
        """Pick the text of the user's language."""
        return en if self.lang == "en" else zh

    def emit_json(self, payload: Any) -> None:
        """One JSON document on stdout and nothing else there."""
        self.env.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default))
        self.env.stdout.write("\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_current: ContextVar[CliContext] = ContextVar("xieshang_cli_context")


class _Console(Console):
    """Rich's own broken-pipe handling reaches for sys.stdout.fileno(), which the CLI has redirected;
    here a reader that went away (`xieshang assess X | head`) simply ends the output."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def make_context(env: CliEnv, lang: str) -> CliContext:
    console = _Console(file=env.stdout, highlight=False, soft_wrap=True)
    err_console = _Console(file=env.stderr, highlight=False, soft_wrap=True)
    ctx = CliContext(env=env, lang=lang, console=console, err_console=err_console)
    _current.set(ctx)
    return ctx


def current() -> CliContext:
    """The context of the run in progress (set by `xieshang.cli.app.run`)."""
    return _current.get()


# Money and rates in JSON and tables: exactly two and six decimals, half-up (spec calculations.md).
money = fmt_money
rate = fmt_rate
