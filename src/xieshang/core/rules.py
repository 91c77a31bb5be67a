"""Rules of law as values: text, source and a confidence mark (verified / quoted / unconfirmed).

Loaded from `xieshang/knowledge/rules/*.toml` by `xieshang.knowledge.rules.load_rules()`. An unconfirmed
rule is never stated as law: `LegalRule.hedged_text` prefixes it with "possibly".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

CONFIDENCE_LEVELS = ("verified", "quoted", "unconfirmed")
CONFIDENCE_LABELS = {
    "verified": ("已核实（对照法规全文）", "verified (checked against the full text)"),
    "quoted": ("转引（仅见第三方引用）", "quoted (seen only as quoted by a third party)"),
    "unconfirmed": (
        "未证实（未找到原文，仅供参考）",
        "unconfirmed (no primary text found; a possibility only)",
    ),
}

# The short form, beside a figure or in a table cell: one wording everywhere the product shows a mark.
CONFIDENCE_SHORT = {
    "verified": ("已核实原文", "verified"),
    "quoted": ("转引", "quoted"),
    "unconfirmed": ("未证实", "unconfirmed"),
}


@dataclass(frozen=True)
class RuleSource:
    title: str
    article: str = ""
    text_date: date | None = None  # the date of the text that was read
    title_en: str = ""  # the title and article in English (optional; the Chinese title is the reference)

    def label(self, lang: str = "zh") -> str:
        """The source as shown: the Chinese title and article (the contract of the JSON `source`), or in
        English when asked and known."""
        parts = [self.title_en] if lang == "en" and self.title_en else [self.title]
        if self.article and not (lang == "en" and self.title_en):
            parts.append(self.article)
        if self.text_date is not None:
            parts.append(f"({self.text_date.isoformat()})")
        return " ".join(parts)


@dataclass(frozen=True)
class LegalRule:
    id: str
    text_zh: str
    text_en: str
    source: RuleSource
    confidence: str

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_zh

    def hedged_text(self, lang: str) -> str:
        """The rule's text, marked as a mere possibility when it is unconfirmed."""
        if self.confidence != "unconfirmed":
            return self.text(lang)
        return ("Possibly (unconfirmed): " if lang == "en" else "可能（未证实）：") + self.text(lang)

    def confidence_label(self, lang: str) -> str:
        zh, en = CONFIDENCE_LABELS[self.confidence]
        return en if lang == "en" else zh


class RuleBook(Mapping[str, LegalRule]):
    """All known rules by id."""

    def __init__(self, rules: Iterable[LegalRule]) -> None:
        self._rules: dict[str, LegalRule] = {}
        for rule in rules:
            if rule.id in self._rules:
                raise ValueError(f"duplicate rule id: {rule.id}")
            self._rules[rule.id] = rule

    def __getitem__(self, rule_id: str) -> LegalRule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise KeyError(f"no rule {rule_id!r} in the knowledge base (xieshang/knowledge/rules)") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)
