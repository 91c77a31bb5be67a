"""The CLI runs in-process: help in Chinese or English, version, exit statuses."""

from __future__ import annotations

import io

import pytest

from xieshang import __version__
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv, detect_lang


def run_cli(*argv: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ=environ or {}))
    return status, out.getvalue(), err.getvalue()


def test_help_is_chinese_by_default() -> None:
    status, out, _ = run_cli("--help")
    assert status == 0
    assert "工作台" in out
    assert "serve" in out


def test_help_in_english_with_lang_env_and_flag() -> None:
    status, out, _ = run_cli("--help", environ={"LANG": "en_US.UTF-8"})
    assert status == 0 and "workbench" in out and "工作台" not in out
    status, out, _ = run_cli("--lang", "en", "--help")
    assert status == 0 and "workbench" in out


def test_version() -> None:
    status, out, _ = run_cli("--version")
    assert status == 0
    assert out.strip() == f"xieshang {__version__}"


def test_unknown_command_is_a_usage_error_without_traceback() -> None:
    status, out, err = run_cli("no-such-command")
    assert status == 2
    assert "Traceback" not in err and out == ""
    assert "no-such-command" in err


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, "zh"),
        ([], {"LANG": "en_GB.UTF-8"}, "en"),
        ([], {"LANG": "zh_CN.UTF-8"}, "zh"),
        ([], {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        (["--lang", "en"], {"LANG": "zh_CN.UTF-8"}, "en"),
        (["--lang=zh"], {"LANG": "en_US.UTF-8"}, "zh"),
    ],
)
def test_detect_lang(argv: list[str], environ: dict[str, str], expected: str) -> None:
    assert detect_lang(argv, environ) == expected


def test_help_headings_and_usage_errors_are_chinese_by_default() -> None:
    status, out, _ = run_cli("--help")
    assert status == 0
    assert "用法：" in out and "选项：" in out and "命令：" in out and "显示本帮助并退出。" in out
    assert "Usage:" not in out and "Show this message" not in out
    status, out, err = run_cli("assess", "--bogus")
    assert status == 2 and err.strip() == "没有这个选项：--bogus"
    status, out, err = run_cli("--lang", "en", "assess", "--bogus")
    assert status == 2 and err.strip() == "No such option: --bogus"
    status, out, _ = run_cli("--lang", "en", "--help")
    assert "Usage:" in out and "Show this message and exit." in out


def test_commands_are_listed_figures_first() -> None:
    _, out, _ = run_cli("--help")
    names = [line.split()[0] for line in out.split("命令：", 1)[1].splitlines() if line.startswith("  ")]
    assert names[:2] == ["assess", "plan"]
    assert {"import", "search", "verify", "case", "letter", "dossier", "conduct", "serve"} <= set(names)


def test_the_language_option_may_follow_the_command(tmp_path: object) -> None:
    """`xieshang assess case.toml --lang en` as well as `xieshang --lang en assess case.toml`."""
    from pathlib import Path

    case = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "e1_case.toml"
    before = run_cli("--lang", "en", "assess", str(case), "--on", "2026-11-28")
    after = run_cli("assess", str(case), "--on", "2026-11-28", "--lang", "en")
    equals = run_cli("assess", str(case), "--lang=en", "--on", "2026-11-28")
    assert before[0] == after[0] == equals[0] == 0
    assert before[1] == after[1] == equals[1]
    assert before[1].startswith("Assessment for")
    chinese = run_cli("assess", str(case), "--on", "2026-11-28")
    assert chinese[1] != after[1]
