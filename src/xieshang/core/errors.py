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

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled whole — both messages, the data and what a subclass adds — whatever its constructor
        takes (an import's child process sends its errors so)."""
        return (_rebuild, (type(self), self.args), dict(self.__dict__))


def _rebuild(cls: type[XieshangError], args: tuple[Any, ...]) -> XieshangError:
    error = cls.__new__(cls)
    error.args = args
    return error


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


class DiskFullError(XieshangError):
    """The disk (or the database's storage) is full: exit status 4; transactions rolled back."""

    code = "disk_full"
    exit_status = 4


DISK_FULL_ERRNOS = frozenset({28, 122})  # ENOSPC, EDQUOT (Linux; macOS's EDQUOT is 69)
_DISK_FULL_TEXTS = ("database or disk is full", "no space left on device", "disk quota exceeded")


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error (or one it was raised from) says the storage is full: an OSError ENOSPC/EDQUOT,
    SQLite's SQLITE_FULL, PostgreSQL's SQLSTATE 53100 (disk_full)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in DISK_FULL_ERRNOS | {69}:
            return True
        if getattr(current, "sqlstate", None) == "53100" or getattr(current, "pgcode", None) == "53100":
            return True
        if any(text in str(current).lower() for text in _DISK_FULL_TEXTS):
            return True
        current = current.__cause__ or current.__context__
    return False


def disk_full_error() -> DiskFullError:
    return DiskFullError(
        "磁盘已满：没有剩余空间，操作没有完成（数据库和证据库中没有写入半截内容）。请腾出磁盘空间后重试。",
        "The disk is full: no space left, so the operation did not complete (nothing half-written in the "
        "database or the evidence store). Free some disk space and try again.",
    )
