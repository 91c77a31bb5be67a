"""Collection-conduct check: find improper debt collection in the evidence (pure: values in, values out).

    rules_from_mapping(data) -> ConductRules          parse and validate the rules (knowledge/rules/conduct.toml)
    detect_conduct(events, rules, context) -> tuple[Finding, ...]
    summarize_conduct(events, findings, tz) -> ConductSummary   per-lender counts, weekday x hour heat map
    TextMatcher(rules).scan(text, ...) -> tuple[TextHit, ...]    the clause-level text engine alone

The rules are data (each with its sources and confidence mark); nothing here reads a file.
"""

from xieshang.core.conduct.detect import ConductContext, detect_conduct
from xieshang.core.conduct.model import (
    CONFIDENCES,
    SEVERITIES,
    ContactEvent,
    ContactKind,
    Finding,
    SourceRef,
)
from xieshang.core.conduct.rules import (
    ConductRules,
    FrequencyRule,
    HoursRule,
    TextRule,
    rules_from_mapping,
)
from xieshang.core.conduct.summary import ConductSummary, LenderCounts, summarize_conduct
from xieshang.core.conduct.text import TextHit, TextMatcher, normalize_text

__all__ = [
    "CONFIDENCES",
    "SEVERITIES",
    "ConductContext",
    "ConductRules",
    "ConductSummary",
    "ContactEvent",
    "ContactKind",
    "Finding",
    "FrequencyRule",
    "HoursRule",
    "LenderCounts",
    "SourceRef",
    "TextHit",
    "TextMatcher",
    "TextRule",
    "detect_conduct",
    "normalize_text",
    "rules_from_mapping",
    "summarize_conduct",
]
