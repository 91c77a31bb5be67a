"""The CASE argument of the commands that read a case: a case-file path, or the name of a stored case.

`load_case(ref)` returns the validated `CaseFile`; `evaluation_date(...)` picks --on, else the case's
`as_of`, else today. Bad input raises `InputError` (exit 2, one message, no traceback).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from xieshang.cli.stored import django_ready
from xieshang.core.casefile import CaseFile, parse_case_text
from xieshang.core.casefile_fields import FIRST_DAY, LAST_DAY
from xieshang.core.errors import InputError, NotFoundError


def _looks_like_path(ref: str) -> bool:
    return ref.endswith(".toml") or "/" in ref or "\\" in ref


def read_case_file(path: Path) -> CaseFile:
    """Read and validate a case file; unreadable, non-UTF-8 or invalid files are input errors."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except IsADirectoryError as exc:
        raise InputError(f"{path} 是目录，不是案件文件", f"{path} is a directory, not a case file") from exc
    except OSError as exc:
        raise InputError(
            f"无法读取案件文件 {path}：{exc.strerror}", f"cannot read the case file {path}: {exc.strerror}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}：案件文件必须是 UTF-8 编码", f"{path}: a case file must be UTF-8") from exc
    try:
        return parse_case_text(text)
    except InputError as exc:
        raise InputError(f"{path}: {exc.message_zh}", f"{path}: {exc.message_en}", data=exc.data) from exc


def load_case(ref: str) -> CaseFile:
    """An existing file is read as a case file; a path-like name that does not exist is an error; any
    other name is looked up among the stored cases (the workbench's database)."""
    path = Path(ref)
    if path.exists():
        return read_case_file(path)
    if _looks_like_path(ref):
        raise InputError(f"找不到案件文件：{ref}", f"no such case file: {ref}", data={"path": ref})
    django_ready()
    try:
        from xieshang.cases.casefile_io import case_file_for_name
    except ImportError as exc:  # a build without stored cases
        raise NotFoundError(f"找不到案件文件：{ref}", f"no such case file: {ref}") from exc
    return case_file_for_name(ref)


def parse_date_option(value: str | None, option: str = "--on") -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            f"{option}：日期格式应为 YYYY-MM-DD，实际为 {value!r}",
            f"{option}: expected YYYY-MM-DD, got {value!r}",
        ) from exc
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(
            f"{option}：日期必须在 {FIRST_DAY} 到 {LAST_DAY} 之间，实际为 {value}",
            f"{option}: must be a date between {FIRST_DAY} and {LAST_DAY}, got {value}",
        )
    return day


def evaluation_date(on: date | None, case: CaseFile, today: date) -> date:
    """--on, else the case file's `as_of`, else today."""
    return on or case.as_of or today
