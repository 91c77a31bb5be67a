"""Lender profiles as data: one TOML file per lender type (`types/`) and per well-known platform
(`platforms/`). Every policy field carries value, source, confidence and the date it was checked;
a field that is absent is unknown (never guessed).

    load_lender_profiles() -> tuple[LenderProfile, ...]      every profile, types first
    match_lender(name) -> LenderProfile | None                a platform recognised in a name or text
    match_lender_number(number) -> LenderProfile | None       a platform by its customer-service number
    lender_type_profile(lender_type) -> LenderProfile | None  the profile of a lender type
    lender_policy(lender, lender_type) -> LenderPolicy        what the plan uses for one debt
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from xieshang.core.errors import InputError
from xieshang.core.phone import phone_key
from xieshang.core.plan.lender import (
    CONFIDENCES,
    LENDER_TYPES,
    OPTION_KINDS,
    LenderPolicy,
    LenderProfile,
    Sourced,
)

__all__ = [
    "LenderPolicy",
    "LenderProfile",
    "Sourced",
    "lender_policy",
    "lender_type_profile",
    "load_lender_profiles",
    "match_lender",
    "match_lender_number",
    "normalize_name",
    "parse_profile",
]

_TOP_KEYS = {"id", "kind", "names", "lender_type", "notes"}
_LIST_FIELDS = {
    "customer_service",
    "sms_senders",
    "contact_channels",
    "options_offered",
    "evidence_requested",
}
_STR_FIELDS = {"operator", "penalty_practice", "extension_interest"}
_INT_FIELDS = {"grace_days", "max_installment_months"}
_FACT_KEYS = {"value", "source", "confidence", "checked", "note"}


def _fail(where: str, zh: str, en: str) -> InputError:
    return InputError(f"{where}: {zh}", f"{where}: {en}")


def _fact(where: str, raw: Any, kind: str) -> Sourced[Any]:
    if not isinstance(raw, dict):
        raise _fail(
            where, "必须是含 value/source/confidence/checked 的表", "must be a table with value/source/…"
        )
    unknown = set(raw) - _FACT_KEYS
    if unknown:
        raise _fail(where, f"未知字段 {sorted(unknown)}", f"unknown keys {sorted(unknown)}")
    for key in ("value", "source", "confidence", "checked"):
        if key not in raw:
            raise _fail(where, f"缺少 {key}", f"missing {key}")
    if raw["confidence"] not in CONFIDENCES:
        raise _fail(
            where,
            "confidence 必须是 verified/quoted/unconfirmed",
            "confidence must be verified/quoted/unconfirmed",
        )
    if not isinstance(raw["checked"], date):
        raise _fail(where, "checked 必须是日期", "checked must be a date")
    if not isinstance(raw["source"], str) or not raw["source"].strip():
        raise _fail(where, "source 不能为空", "source must not be empty")
    value = raw["value"]
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise _fail(where, "value 必须是字符串列表", "value must be a list of strings")
        value = tuple(value)
    elif kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _fail(where, "value 必须是非负整数", "value must be a non-negative integer")
    elif not isinstance(value, str) or not value:
        raise _fail(where, "value 必须是字符串", "value must be a string")
    return Sourced(
        value=value,
        source=raw["source"],
        confidence=raw["confidence"],
        checked=raw["checked"],
        note=str(raw.get("note", "")),
    )


def parse_profile(data: dict[str, Any], where: str = "profile") -> LenderProfile:
    """A profile from the parsed TOML of one file; unknown keys and malformed facts are errors."""
    known = _TOP_KEYS | _LIST_FIELDS | _STR_FIELDS | _INT_FIELDS
    unknown = set(data) - known
    if unknown:
        raise _fail(where, f"未知字段 {sorted(unknown)}", f"unknown keys {sorted(unknown)}")
    pid, kind, names = data.get("id"), data.get("kind"), data.get("names")
    if not isinstance(pid, str) or not re.fullmatch(r"[a-z0-9_]+", pid):
        raise _fail(where, "id 必须是小写字母数字", "id must be lowercase [a-z0-9_]")
    if kind not in ("type", "platform"):
        raise _fail(where, "kind 必须是 type 或 platform", "kind must be type or platform")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise _fail(where, "names 必须是非空字符串列表", "names must be a non-empty list of strings")
    if "lender_type" not in data:
        raise _fail(where, "缺少 lender_type", "missing lender_type")
    fields: dict[str, Any] = {"lender_type": _fact(f"{where}.lender_type", data["lender_type"], "str")}
    if fields["lender_type"].value not in LENDER_TYPES:
        raise _fail(
            where, f"lender_type 必须是 {LENDER_TYPES} 之一", f"lender_type must be one of {LENDER_TYPES}"
        )
    for name in _LIST_FIELDS | _STR_FIELDS | _INT_FIELDS:
        if name in data:
            kind_of = "list" if name in _LIST_FIELDS else "int" if name in _INT_FIELDS else "str"
            fields[name] = _fact(f"{where}.{name}", data[name], kind_of)
    offered = fields.get("options_offered")
    if offered is not None and not set(offered.value) <= set(OPTION_KINDS):
        bad = sorted(set(offered.value) - set(OPTION_KINDS))
        raise _fail(where, f"未知的方案类型 {bad}", f"unknown option kinds {bad}")
    ext = fields.get("extension_interest")
    if ext is not None and ext.value not in ("continues", "paused"):
        raise _fail(
            where, "extension_interest 必须是 continues 或 paused", "extension_interest: continues|paused"
        )
    notes = data.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise _fail(where, "notes 必须是字符串列表", "notes must be a list of strings")
    return LenderProfile(id=pid, kind=kind, names=tuple(names), notes=tuple(notes), **fields)


@lru_cache(maxsize=1)
def load_lender_profiles() -> tuple[LenderProfile, ...]:
    """Every profile shipped with the product: the lender types first, then the platforms (by id)."""
    root = resources.files(__name__)
    out: list[LenderProfile] = []
    seen: set[str] = set()
    for folder, kind in (("types", "type"), ("platforms", "platform")):
        entries = sorted(
            (e for e in root.joinpath(folder).iterdir() if e.name.endswith(".toml")), key=lambda e: e.name
        )
        for entry in entries:
            where = f"lenders/{folder}/{entry.name}"
            profile = parse_profile(tomllib.loads(entry.read_text(encoding="utf-8")), where)
            if profile.kind != kind or profile.id in seen:
                raise _fail(
                    where, "kind 与目录不符或 id 重复", "kind does not match its folder, or duplicate id"
                )
            seen.add(profile.id)
            out.append(profile)
    return tuple(out)


def normalize_name(text: str) -> str:
    """Full-width to half-width, lower case, no spaces or punctuation: '３６０ 借条' == '360借条'."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


@lru_cache(maxsize=1)
def _name_index() -> tuple[tuple[str, LenderProfile], ...]:
    pairs = []
    for profile in load_lender_profiles():
        if profile.kind != "platform":
            continue
        labels = list(profile.names)
        if profile.sms_senders is not None:
            labels.extend(profile.sms_senders.value)
        for label in labels:
            key = normalize_name(label)
            if len(key) >= 2:
                pairs.append((key, profile))
    # Longest label first, so "美团月付" wins over "美团".
    return tuple(sorted(pairs, key=lambda kv: -len(kv[0])))


def match_lender(name: str) -> LenderProfile | None:
    """The platform whose name, alias or SMS signature appears in `name` (longest match), else None.

    Works on a case file's `lender` ("360借条"), on a message signature ("【微粒贷】"), or on free text.
    """
    key = normalize_name(name)
    if not key:
        return None
    for label, profile in _name_index():
        if label == key:
            return profile
    for label, profile in _name_index():
        if label in key:
            return profile
    return None


def match_lender_number(number: str) -> LenderProfile | None:
    """The platform whose listed customer-service number is exactly `number` (spaces, dashes, +86 ignored)."""
    digits = phone_key(number)
    if not digits:
        return None
    for profile in load_lender_profiles():
        numbers = profile.customer_service.value if profile.customer_service is not None else ()
        if profile.kind == "platform" and any(phone_key(n) == digits for n in numbers):
            return profile
    return None


def lender_type_profile(lender_type: str) -> LenderProfile | None:
    for profile in load_lender_profiles():
        if profile.kind == "type" and profile.lender_type.value == lender_type:
            return profile
    return None


def lender_policy(lender: str, lender_type: str) -> LenderPolicy:
    """The policy for one debt: the platform's known facts first, then its lender type's.

    A platform whose own type differs from the case file's `lender_type` is still used (the name is the
    stronger evidence), but the type profile follows the case file.
    """
    return LenderPolicy(
        lender_type=lender_type,
        platform=match_lender(lender),
        type_profile=lender_type_profile(lender_type),
    )
