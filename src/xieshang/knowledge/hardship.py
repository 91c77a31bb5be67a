"""Loader of the hardship → evidence checklist (`hardship.toml`).

load_checklist() -> Checklist              the packaged checklist (cached)
parse_checklist(data) -> Checklist         from parsed TOML (unknown keys and duplicates are errors)
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from xieshang.core.errors import InputError
from xieshang.core.hardship import (
    COMMON_SECTION,
    HARDSHIP_REASONS,
    Checklist,
    ChecklistDocument,
    ChecklistSection,
    Requirement,
)

__all__ = ["load_checklist", "parse_checklist"]

_SECTION_KEYS = {"key", "name_zh", "name_en", "requirements"}
_REQ_KEYS = {"key", "name_zh", "name_en", "required", "documents"}
_DOC_KEYS = {"key", "name_zh", "name_en", "where_zh", "where_en"}


def _check(where: str, data: Any, allowed: set[str], needed: set[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(f"{where}: 应为表", f"{where}: must be a table")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InputError(f"{where}: 未知字段 {unknown}", f"{where}: unknown keys {unknown}")
    missing = sorted(needed - set(data))
    if missing:
        raise InputError(f"{where}: 缺少字段 {missing}", f"{where}: missing keys {missing}")
    for key in needed - {"requirements", "documents", "required"}:
        if not isinstance(data[key], str) or not data[key].strip():
            raise InputError(f"{where}.{key}: 应为非空文字", f"{where}.{key}: must be non-empty text")
    return data


def parse_checklist(data: dict[str, Any]) -> Checklist:
    extra = sorted(set(data) - {"version", "sections"})
    if extra:
        raise InputError(f"hardship: 未知字段 {extra}", f"hardship: unknown keys {extra}")
    sections: list[ChecklistSection] = []
    seen_docs: set[str] = set()
    for i, raw in enumerate(data.get("sections", [])):
        where = f"sections[{i}]"
        s = _check(where, raw, _SECTION_KEYS, _SECTION_KEYS)
        if s["key"] not in (*HARDSHIP_REASONS, COMMON_SECTION):
            raise InputError(
                f"{where}.key: 未知原因 {s['key']!r}", f"{where}.key: unknown reason {s['key']!r}"
            )
        if any(x.key == s["key"] for x in sections):
            raise InputError(f"{where}.key: 重复 {s['key']!r}", f"{where}.key: duplicate {s['key']!r}")
        reqs: list[Requirement] = []
        for j, raw_req in enumerate(s["requirements"]):
            rwhere = f"{where}.requirements[{j}]"
            r = _check(rwhere, raw_req, _REQ_KEYS, _REQ_KEYS)
            if not isinstance(r["required"], bool):
                raise InputError(
                    f"{rwhere}.required: 应为 true/false", f"{rwhere}.required: must be true/false"
                )
            docs: list[ChecklistDocument] = []
            for k, raw_doc in enumerate(r["documents"]):
                dwhere = f"{rwhere}.documents[{k}]"
                d = _check(dwhere, raw_doc, _DOC_KEYS, {"key", "name_zh", "name_en"})
                if d["key"] in seen_docs:
                    raise InputError(
                        f"{dwhere}.key: 重复 {d['key']!r}", f"{dwhere}.key: duplicate {d['key']!r}"
                    )
                seen_docs.add(d["key"])
                docs.append(ChecklistDocument(**{key: str(v) for key, v in d.items()}))
            if not docs:
                raise InputError(f"{rwhere}.documents: 至少一项", f"{rwhere}.documents: at least one")
            reqs.append(Requirement(r["key"], r["name_zh"], r["name_en"], r["required"], tuple(docs)))
        sections.append(ChecklistSection(s["key"], s["name_zh"], s["name_en"], tuple(reqs)))
    if not any(s.key == COMMON_SECTION for s in sections):
        raise InputError("hardship: 缺少 financial 部分", "hardship: the financial section is missing")
    return Checklist(version=str(data.get("version", "")), sections=tuple(sections))


@lru_cache(maxsize=1)
def load_checklist() -> Checklist:
    text = resources.files("xieshang.knowledge").joinpath("hardship.toml").read_text(encoding="utf-8")
    return parse_checklist(tomllib.loads(text))
