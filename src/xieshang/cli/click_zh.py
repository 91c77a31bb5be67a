"""Chinese for the few fixed English phrases of Typer's vendored click (help headings, usage errors).

Typer ≥ 0.29 carries its own copy of click with the phrases hard-coded in English, so they cannot be
translated through gettext; the CLI rewrites them on the way out instead. Only whole, known phrases are
replaced; anything else passes through unchanged.
"""

from __future__ import annotations

import re

_HELP_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Usage: ", re.MULTILINE), "用法："),
    (re.compile(r"^Options:$", re.MULTILINE), "选项："),
    (re.compile(r"^Commands:$", re.MULTILINE), "命令："),
    (re.compile(r"^Arguments:$", re.MULTILINE), "参数："),
    (re.compile(r"Show this message and exit\."), "显示本帮助并退出。"),
    (re.compile(r"\[default: ([^\]]*)\]"), r"[默认：\1]"),
    (re.compile(r"\[required\]"), "[必填]"),
)

_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^No such command '(.+)'\.$"), r"没有这个命令：\1"),
    (re.compile(r"^No such option: (.+)$"), r"没有这个选项：\1"),
    (re.compile(r"^Missing option '(.+)'\.?$"), r"缺少必填选项：\1"),
    (re.compile(r"^Missing argument '(.+)'\.?$"), r"缺少参数：\1"),
    (re.compile(r"^Missing command\.?$"), "缺少命令。"),
    (re.compile(r"^Option '(.+)' requires an argument\.?$"), r"选项 \1 需要一个值"),
    (re.compile(r"^Invalid value for '(.+)': (.+)$", re.DOTALL), r"\1 的值无效：\2"),
    (re.compile(r"^Invalid value: (.+)$", re.DOTALL), r"值无效：\1"),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"), r"多余的参数：\1"),
)


def translate_help(text: str) -> str:
    for pattern, replacement in _HELP_PHRASES:
        text = pattern.sub(replacement, text)
    return text


def translate_error(message: str) -> str:
    """A usage error in Chinese, keeping the English original when the phrase is not known."""
    for pattern, replacement in _ERRORS:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message
