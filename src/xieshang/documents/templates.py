"""Letter templates as data: a TOML file per kind in `templates_data/` (a counselor can edit them), or an
active `LetterTemplate` row in the database that overrides the file (edited in the admin).

A template is text with `{placeholders}` filled only from case facts and engine figures (see `fill.py`),
blocks that appear `when` a fact holds, named tables and lists that `fill.py` builds, and the ids of the
rules it cites. A template may not write a figure of its own: Arabic digits in its literal text are an
error — every number in a letter comes from the engine.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from xieshang.core.errors import InputError

LETTER_KINDS: tuple[str, ...] = (
    "hardship",
    "installment_request",
    "waiver_request",
    "agreement_confirmation",
    "credit_objection",
    "complaint",
    "call_script",
)
LETTER_NAMES: dict[str, tuple[str, str]] = {
    "hardship": ("困难情况说明", "Hardship statement"),
    "installment_request": ("分期 / 延期还款申请书", "Request for instalments or deferral"),
    "waiver_request": ("减免罚息及违约金申请书", "Request to waive penalty interest and fees"),
    "agreement_confirmation": ("还款协议确认函", "Confirmation of the repayment agreement"),
    "credit_objection": ("征信异议申请", "Credit-report objection"),
    "complaint": ("投诉信", "Complaint to the regulator"),
    "call_script": ("电话沟通话术", "Call scripts"),
}
BLOCK_TYPES = ("heading", "paragraph", "list", "table", "pagebreak")
_DIGIT = re.compile(r"[0-9０-９]")
_FORMATTER = string.Formatter()


class TemplateError(InputError):
    code = "template_error"


@dataclass(frozen=True)
class BlockSpec:
    type: str
    text: str = ""
    items: tuple[str, ...] = ()
    source: str = ""  # a named table or list built by fill.py
    when: str = ""  # a fact that must be true
    unless: str = ""  # a fact that must be false
    cites: tuple[str, ...] = ()
    level: int = 1
    ordered: bool = False


@dataclass(frozen=True)
class LetterTemplateSpec:
    kind: str
    title: str
    subtitle: str
    parties: tuple[tuple[str, str], ...]  # (role, name template)
    blocks: tuple[BlockSpec, ...]
    signature: tuple[str, ...]
    origin: str  # "file:hardship.toml" or "db:<id>"

    def texts(self) -> list[str]:
        out = [self.title, self.subtitle, *(r for pair in self.parties for r in pair), *self.signature]
        for block in self.blocks:
            out.extend([block.text, *block.items])
        return [t for t in out if t]

    def placeholders(self) -> set[str]:
        return {name for text in self.texts() for name in placeholders_of(text)}

    def conditions(self) -> set[str]:
        return {c for b in self.blocks for c in (b.when, b.unless) if c}

    def sources(self) -> set[str]:
        return {b.source for b in self.blocks if b.source}

    def cited(self) -> set[str]:
        return {c for b in self.blocks for c in b.cites}


def placeholders_of(text: str) -> list[str]:
    try:
        return [field for _, field, _, _ in _FORMATTER.parse(text) if field is not None]
    except ValueError as exc:
        raise TemplateError(f"模板占位符写法有误：{text!r}", f"malformed placeholder in {text!r}") from exc


def _fail(where: str, zh: str, en: str) -> TemplateError:
    return TemplateError(f"{where}：{zh}", f"{where}: {en}")


def _str(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise _fail(f"{where}.{key}", "必须是文字", "must be a string")
    return value


def _str_list(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(f"{where}.{key}", "必须是文字列表", "must be a list of strings")
    return tuple(value)


def _block(data: Any, where: str) -> BlockSpec:
    if not isinstance(data, dict):
        raise _fail(where, "必须是表", "must be a table")
    unknown = set(data) - {"type", "text", "items", "source", "when", "unless", "cites", "level", "ordered"}
    if unknown:
        raise _fail(where, f"未知字段 {sorted(unknown)}", f"unknown keys {sorted(unknown)}")
    kind = _str(data, "type", where)
    if kind not in BLOCK_TYPES:
        raise _fail(f"{where}.type", f"必须是 {BLOCK_TYPES} 之一", f"must be one of {BLOCK_TYPES}")
    level = data.get("level", 1)
    ordered = data.get("ordered", False)
    if not isinstance(level, int) or not isinstance(ordered, bool):
        raise _fail(
            where, "level 须为整数、ordered 须为真假值", "level must be an integer, ordered a boolean"
        )
    block = BlockSpec(
        type=kind,
        text=_str(data, "text", where, ""),
        items=_str_list(data, "items", where),
        source=_str(data, "source", where, ""),
        when=_str(data, "when", where, ""),
        unless=_str(data, "unless", where, ""),
        cites=_str_list(data, "cites", where),
        level=level,
        ordered=ordered,
    )
    if kind in ("heading", "paragraph") and not block.text:
        raise _fail(where, "缺少 text", "needs text")
    if kind == "table" and not block.source:
        raise _fail(
            where, "表格需要 source（由程序生成的表名）", "a table needs a source (a generated table)"
        )
    if kind == "list" and not (block.items or block.source):
        raise _fail(where, "列表需要 items 或 source", "a list needs items or a source")
    return block


def parse_template(text: str, origin: str) -> LetterTemplateSpec:
    """Parse and check the shape of a template (names are checked against the facts by `validate`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{origin}：TOML 格式错误：{exc}", f"{origin}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"kind", "title", "subtitle", "parties", "block", "signature"}
    if unknown:
        raise _fail(origin, f"未知字段 {sorted(unknown)}", f"unknown keys {sorted(unknown)}")
    kind = _str(data, "kind", origin)
    if kind not in LETTER_KINDS:
        raise _fail(f"{origin}.kind", f"必须是 {LETTER_KINDS} 之一", f"must be one of {LETTER_KINDS}")
    parties_raw = data.get("parties", [])
    if not isinstance(parties_raw, list):
        raise _fail(f"{origin}.parties", "必须是表的数组", "must be an array of tables")
    parties = tuple(
        (_str(p, "role", f"{origin}.parties[{i}]"), _str(p, "name", f"{origin}.parties[{i}]"))
        for i, p in enumerate(parties_raw)
    )
    blocks_raw = data.get("block", [])
    if not isinstance(blocks_raw, list) or not blocks_raw:
        raise _fail(f"{origin}.block", "至少需要一个段落", "needs at least one block")
    signature = data.get("signature", {})
    if not isinstance(signature, dict):
        raise _fail(f"{origin}.signature", "必须是表", "must be a table")
    spec = LetterTemplateSpec(
        kind=kind,
        title=_str(data, "title", origin),
        subtitle=_str(data, "subtitle", origin, ""),
        parties=parties,
        blocks=tuple(_block(b, f"{origin}.block[{i}]") for i, b in enumerate(blocks_raw)),
        signature=_str_list(signature, "lines", f"{origin}.signature"),
        origin=origin,
    )
    for literal in spec.texts():
        stripped = "".join(lit for lit, _, _, _ in _FORMATTER.parse(literal))
        if _DIGIT.search(stripped):
            raise _fail(
                origin,
                f"模板文字不得自带数字（数字只能来自计算结果的占位符）：{literal!r}",
                f"template text may not contain its own figures (numbers come only from placeholders): {literal!r}",
            )
    return spec


def validate(
    spec: LetterTemplateSpec,
    *,
    facts: set[str],
    conditions: set[str],
    sources: set[str],
    rules: set[str],
) -> None:
    """Every placeholder, condition, table/list and cited rule must be one the workbench provides."""
    problems: list[tuple[str, set[str]]] = [
        ("placeholders", spec.placeholders() - facts),
        ("conditions", spec.conditions() - conditions),
        ("sources", spec.sources() - sources),
        ("rules", spec.cited() - rules),
    ]
    for what, unknown in problems:
        if unknown:
            raise _fail(spec.origin, f"未知的{what}：{sorted(unknown)}", f"unknown {what}: {sorted(unknown)}")


def file_template_text(kind: str) -> str:
    if kind not in LETTER_KINDS:
        raise InputError(f"未知的文书类型：{kind}", f"unknown letter kind: {kind}")
    return (resources.files("xieshang.documents") / "templates_data" / f"{kind}.toml").read_text(
        encoding="utf-8"
    )


def load_file_template(kind: str) -> LetterTemplateSpec:
    return parse_template(file_template_text(kind), f"templates_data/{kind}.toml")
