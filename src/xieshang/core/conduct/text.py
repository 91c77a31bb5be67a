"""The clause-level text engine: normalise, mask lender names, split into sentences and clauses, match
each rule's patterns, then drop matches that are negated (我们不会上门), defused by lawful context in
the same sentence (依法向人民法院提起诉讼), part of an anti-fraud warning or reported speech
(谨防冒充公检法), or missing what the rule requires elsewhere in the message.

Not naive substring matching: "法院" alone fires nothing; patterns are phrases around a verb or an
addressee, and the lexicon (negation cues, barriers, warnings) is data in the rules file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from xieshang.core.conduct.rules import ConductRules, TextRule

_CJK = r"\u3400-\u9fff"
# Filler that people put between characters to dodge filters: "上 门", "坐*牢", "曝-光".
_FILLER = re.compile(rf"(?<=[{_CJK}])[ \t\u200b\u200c\u200d\ufeff*·•_~\-]{{1,3}}(?=[{_CJK}])")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
_CLAUSE_END = re.compile(r"[，,：:、]")
_QUOTES = re.compile(r"[“\"「『'‘]([^”\"」』'’]{1,80})[”\"」』'’]")
MASK = "〇〇"  # what a masked lender name becomes (matches no pattern)


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width, compatibility forms), without filler between CJK characters."""
    return _FILLER.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class TextHit:
    rule: TextRule
    sentence: str  # the (normalised, masked) sentence that fired
    matched: str  # the phrase that matched
    excerpt: str = ""  # the same sentence as the original text has it


def _mask(text: str, names: Iterable[str]) -> str:
    for name in names:
        if len(name) >= 2:
            text = text.replace(name, MASK)
    return text


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


class TextMatcher:
    """Scans one text against every text rule of `rules`."""

    def __init__(self, rules: ConductRules) -> None:
        self.rules = rules
        self.lexicon = rules.lexicon

    def is_collection_text(self, text: str) -> bool:
        return bool(self.lexicon.collection.search(normalize_text(text)))

    def _negated(self, sentence: str, start: int) -> bool:
        """A negation cue in the same clause, right before the match, that is about the match."""
        clause_start = 0
        for m in _CLAUSE_END.finditer(sentence, 0, start):
            clause_start = m.end()
        prefix = sentence[clause_start:start]
        cues = list(self.lexicon.negation.finditer(prefix))
        if not cues:
            return False
        cue = cues[-1]
        if self.lexicon.negation_breakers.search(prefix[: cue.end()]):
            return False  # 别以为我们不敢上门: the negation is rhetorical
        gap = prefix[cue.end() :]
        return len(gap) <= 8 and not self.lexicon.negation_barrier.search(gap)

    def _in_reported_quote(self, sentence: str, start: int) -> bool:
        """Inside quotation marks, in a sentence that reports or warns about what is quoted."""
        for q in _QUOTES.finditer(sentence):
            if q.start() <= start < q.end():
                outside = sentence[: q.start()] + sentence[q.end() :]
                return bool(self.lexicon.warning.search(outside) or self.lexicon.reporting.search(outside))
        return False

    def scan(
        self,
        text: str,
        *,
        from_lender: bool,
        court_case_exists: bool = False,
        extra_names: Iterable[str] = (),
    ) -> tuple[TextHit, ...]:
        """Every rule that fires on `text` (at most one hit per rule)."""
        names = sorted({*self.lexicon.mask_names, *(n for n in extra_names if n)}, key=len, reverse=True)
        body = _mask(normalize_text(text), names)
        sentences = _sentences(body)
        # Normalising and masking never add or remove sentence ends: the original's sentences line up.
        originals = _sentences(text)
        if len(originals) != len(sentences):
            originals = sentences
        hits: list[TextHit] = []
        for rule in self.rules.text:
            if rule.needs_lender and not from_lender:
                continue
            if rule.unless_court_case and court_case_exists:
                continue
            if rule.requires and not any(p.search(body) for p in rule.requires):
                continue
            found = self._first_hit(rule, sentences)
            if found is not None:
                index, matched = found
                hits.append(TextHit(rule, sentences[index], matched, originals[index]))
        return tuple(hits)

    def _first_hit(self, rule: TextRule, sentences: list[str]) -> tuple[int, str] | None:
        for index, sentence in enumerate(sentences):
            if any(u.search(sentence) for u in rule.unless):
                continue
            warned = rule.warnings_defuse and bool(self.lexicon.warning.search(sentence))
            if warned:
                continue
            for pattern in rule.patterns:
                for m in pattern.finditer(sentence):
                    if rule.negatable and self._negated(sentence, m.start()):
                        continue
                    if self._in_reported_quote(sentence, m.start()):
                        continue
                    return index, m.group(0)
        return None
