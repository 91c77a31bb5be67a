"""One renderer-neutral document: what a letter, a script, the packet or the dossier index says.

Pure values (no Django, no I/O). `render_docx`, `render_pdf` and `render_text` each turn the same
`Document` into their format, so the three always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from xieshang.core.rules import CONFIDENCE_LABELS

Confidence = Literal["verified", "quoted", "unconfirmed"]

CONFIDENCE_LABEL_ZH: dict[str, str] = {level: zh for level, (zh, _en) in CONFIDENCE_LABELS.items()}


def as_confidence(value: str) -> Confidence:
    """A confidence mark from data; anything unknown is treated as the weakest, unconfirmed."""
    if value == "verified":
        return "verified"
    if value == "quoted":
        return "quoted"
    return "unconfirmed"


NOT_LEGAL_ADVICE = "本文件由协商（Xieshang）工作台根据用户提供的资料生成，不构成法律意见。"


@dataclass(frozen=True)
class Source:
    """A rule cited by a document, with where it comes from and how sure the project is of it."""

    rule_id: str
    title: str  # e.g. 征信业管理条例 第二十五条
    summary: str  # what the rule says, in a sentence
    confidence: Confidence

    @property
    def confidence_label(self) -> str:
        return CONFIDENCE_LABEL_ZH[self.confidence]


@dataclass(frozen=True)
class Party:
    role: str  # 申请人 / 致 / 借款人 …
    name: str
    detail: str = ""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    cites: tuple[str, ...] = ()  # rule ids: the renderers add a footnote mark


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric_columns: tuple[int, ...] = ()  # right-aligned columns
    nowrap_columns: tuple[int, ...] = ()  # short columns kept on one line (dates, codes)

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"table row has {len(row)} cells, headers {len(self.headers)}")


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | BulletList | Table | PageBreak


@dataclass(frozen=True)
class Signature:
    lines: tuple[str, ...]  # e.g. ("申请人（签名）：李明", "日期：2026年11月28日")


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    date: date
    parties: tuple[Party, ...] = ()
    blocks: tuple[Block, ...] = ()
    signature: Signature | None = None
    sources: tuple[Source, ...] = ()
    notice: str = NOT_LEGAL_ADVICE
    subtitle: str = ""
    lang: str = "zh-Hans"
    metadata: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def source_number(self, rule_id: str) -> int:
        """1-based footnote number of a cited rule (the order of `sources`)."""
        for i, src in enumerate(self.sources, start=1):
            if src.rule_id == rule_id:
                return i
        raise KeyError(rule_id)

    def plain_strings(self) -> list[str]:
        """Every piece of text the document shows (for checks and search)."""
        out = [self.title, self.subtitle, *(f"{p.role}{p.name}{p.detail}" for p in self.parties)]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                out.append(block.text)
            elif isinstance(block, BulletList):
                out.extend(block.items)
            elif isinstance(block, Table):
                out.extend([block.caption, *block.headers, *(c for row in block.rows for c in row)])
        if self.signature:
            out.extend(self.signature.lines)
        out.extend(f"{s.title}{s.summary}{s.confidence_label}" for s in self.sources)
        out.append(self.notice)
        return [s for s in out if s]


def format_date_zh(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def source_line(number: int, source: Source) -> str:
    """`[1] 征信业管理条例 第二十五条：……〔已核实（对照法规全文）〕` — the same in every format."""
    return f"[{number}] {source.title}：{source.summary}〔{source.confidence_label}〕"
