"""One error tree for every door (CLI, web, API): a code, a bilingual message and data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class XieshangError(Exception):
    """Base of every error the product reports to a user (never a traceback for bad input)."""

    code = "error"
    exit_status = 1

    def __init__(self, message_zh: str, message_en: str, *, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.data: dict[str, Any] = dict(data or {})

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message_zh


class InputError(XieshangError):
    """Bad input or usage: exit status 2, nothing written."""

    code = "input_error"
    exit_status = 2


class IntegrityError(XieshangError):
    """An integrity problem was found (verify): exit status 3."""

    code = "integrity_error"
    exit_status = 3


class NotFoundError(InputError):
    code = "not_found"
