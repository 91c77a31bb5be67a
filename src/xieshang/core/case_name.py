"""The rule of a case's name (the same at every door: web form, API, CLI; the services check it)."""

from __future__ import annotations

import re

from xieshang.core.errors import InputError

CASE_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")


def case_name_check(name: str) -> str:
    """`name` when it is a case name (letters, digits, - and _; 1 to 80 characters), else InputError."""
    if not name:
        raise InputError("请为新案件起个名称。", "Please give the new case a name.")
    if not CASE_NAME.fullmatch(name):
        raise InputError(
            f"案件名称只能包含字母、数字、- 和 _（1–80 个字符），收到 {name!r}",
            f"a case name may hold only letters, digits, - and _ (1–80 characters), got {name!r}",
            data={"name": name},
        )
    return name
