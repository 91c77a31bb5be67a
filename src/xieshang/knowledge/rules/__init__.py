"""Legal rules as data: every `*.toml` file of this folder (one per subject) loaded into a `RuleBook`.

Each rule: `id`, `text_zh`, `text_en`, `confidence` (verified | quoted | unconfirmed) and
`source = { title, article, date, title_en }` (the date of the text that was read; `title_en`, optional,
names the text and article in English).
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from xieshang.core.rules import CONFIDENCE_LEVELS, LegalRule, RuleBook, RuleSource


def parse_rules(data: dict[str, Any], origin: str) -> list[LegalRule]:
    rules = []
    for i, row in enumerate(data.get("rules", [])):
        where = f"{origin}: rules[{i}]"
        confidence = row.get("confidence")
        if confidence not in CONFIDENCE_LEVELS:
            raise ValueError(f"{where}: confidence must be one of {CONFIDENCE_LEVELS}, got {confidence!r}")
        source = row["source"]
        text_date = source.get("date")
        if text_date is not None and not isinstance(text_date, date):
            raise ValueError(f"{where}: source.date must be a date")
        rules.append(
            LegalRule(
                id=row["id"],
                text_zh=row["text_zh"],
                text_en=row["text_en"],
                source=RuleSource(
                    title=source["title"],
                    article=source.get("article", ""),
                    text_date=text_date,
                    title_en=source.get("title_en", ""),
                ),
                confidence=confidence,
            )
        )
    return rules


@lru_cache(maxsize=1)
def load_rules() -> RuleBook:
    """All rules shipped with the product (read once)."""
    folder = resources.files("xieshang.knowledge.rules")
    rules: list[LegalRule] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            rules.extend(parse_rules(tomllib.loads(entry.read_text(encoding="utf-8")), f"rules/{entry.name}"))
    return RuleBook(rules)
