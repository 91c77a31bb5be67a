"""The clause-level text engine: normalise, mask lender names, split into sentences and clauses, match
each rule's patterns, then drop matches that are negated (我们不会上门), defused by lawful context in
the same sentence (依法向人民法院提起诉讼), part of an anti-fraud warning or reported speech
(谨防冒充公检法, 催收说要上门), said by the borrower about themselves (他们再上门骚扰我), or missing what the
rule requires elsewhere in the message.

Normalising makes unseen spellings read as the rules' words: NFKC (full-width → half-width), traditional →
simplified characters (`hanzi`), filler between characters removed (上 门, 坐*牢), then the rules'
`variants` (homophones, pinyin abbreviations, emoji: 尚门, sm, txl, 🐶). Patterns match case-insensitively,
and `^`/`$` anchor at each sentence.

Not naive substring matching: "法院" alone fires nothing; patterns are phrases around a verb or an
addressee, and the lexicon (negation cues, barriers, warnings) is data in the rules file.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from xieshang.core.conduct.hanzi import to_simplified
from xieshang.core.conduct.rules import ConductRules, TextRule

_CJK = r"\u3400-\u9fff"
# Filler that people put between characters to dodge filters: "上 门", "坐*牢", "曝-光", "坐.牢".
_FILLER = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u200b\u200c\u200d\ufeff*·•_~\-/|.'`^丶]{{1,3}}(?=[{_CJK}])")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
_CLAUSE_END = re.compile(r"[，,：:、]")
_QUOTES = re.compile(r"[“\"「『'‘]([^”\"」』'’]{1,80})[”\"」』'’]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
MASK = "〇〇"  # what a masked lender name becomes (matches no pattern)
_NEGATION_REACH = 12  # characters between a negation cue and the match it negates


class Variants:
    """Written variants replaced by the rules' words (尚门 → 上门, txl → 通讯录). An ASCII edge of a
    variant must not touch another ASCII letter (sm in "sms" is left alone)."""

    def __init__(self, pairs: Mapping[str, str]) -> None:
        self._to = {k.lower(): v for k, v in pairs.items()}
        alternatives = []
        for key in sorted(pairs, key=len, reverse=True):
            head = "(?<![a-z])" if _ASCII_LETTER.match(key[0]) else ""
            tail = "(?![a-z])" if _ASCII_LETTER.match(key[-1]) else ""
            alternatives.append(f"{head}{re.escape(key)}{tail}")
        self._pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None

    def apply(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._to[m.group(0).lower()], text)


def normalize_text(text: str, variants: Variants | None = None) -> str:
    """NFKC (full-width → half-width), traditional → simplified, no filler between CJK characters,
    then the written variants replaced. Never adds or removes a sentence end."""
    text = _FILLER.sub("", to_simplified(unicodedata.normalize("NFKC", text)))
    return variants.apply(text) if variants is not None else text


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


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty sentence, surrounding whitespace left out (as `_sentences`)."""
    spans = []
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        a, b = start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
        if m is not None:
            start = m.end()
    return spans


class TextMatcher:
    """Scans one text against every text rule of `rules`."""

    def __init__(self, rules: ConductRules) -> None:
        self.rules = rules
        self.lexicon = rules.lexicon
        self.variants = Variants(dict(rules.variants))

    def normalize(self, text: str) -> str:
        return normalize_text(text, self.variants)

    def is_collection_text(self, text: str) -> bool:
        return bool(self.lexicon.collection.search(self.normalize(text)))

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
        gap_start = clause_start + cue.end()
        if start - gap_start > _NEGATION_REACH:
            return False
        # A barrier word starting in the gap; its look-ahead sees the match (将还款…: 将 marks the object).
        barrier = self.lexicon.negation_barrier.search(sentence, gap_start)
        return barrier is None or barrier.start() >= start

    def _own_voice(self, sentence: str, start: int) -> bool:
        """Someone else's words reported (催收说要上门), or the borrower speaking of themselves: as the
        one harassed in the match's clause (他们再上门骚扰我), or asking about their fate (我…会坐牢吗)."""
        lex = self.lexicon
        if lex.reported_speech is not None and lex.reported_speech.search(sentence, 0, start):
            return True
        if lex.self_voice is not None:
            clause_start = 0
            for m in _CLAUSE_END.finditer(sentence, 0, start):
                clause_start = m.end()
            end = _CLAUSE_END.search(sentence, start)
            clause = sentence[clause_start : end.start() if end else len(sentence)]
            if lex.self_voice.search(clause):
                return True
        return lex.self_question is not None and bool(lex.self_question.search(sentence))

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
        masked = _mask(self.normalize(text), names)
        sentences = [masked[a:b] for a, b in _sentence_spans(masked)]
        if not sentences:
            return ()
        # One sentence a line: patterns compiled MULTILINE anchor ^ and $ at each sentence.
        body = "\n".join(sentences)
        spans = _sentence_spans(body)
        # Normalising and masking never add or remove sentence ends: the original's sentences line up.
        originals = _sentences(text)
        if len(originals) != len(sentences):
            originals = sentences
        warned = [bool(self.lexicon.warning.search(s)) for s in sentences]
        hits: list[TextHit] = []
        for rule in self.rules.text:
            if rule.needs_lender and not from_lender:
                continue
            if rule.untagged_only and from_lender:
                continue
            if (
                rule.untagged_requires
                and not from_lender
                and not any(p.search(body) for p in rule.untagged_requires)
            ):
                continue
            if rule.unless_court_case and court_case_exists:
                continue
            if rule.requires and not any(p.search(body) for p in rule.requires):
                continue
            found = self._first_hit(rule, body, spans, sentences, warned)
            if found is not None:
                index, matched = found
                hits.append(TextHit(rule, sentences[index], matched, originals[index]))
        return tuple(hits)

    def _first_hit(
        self,
        rule: TextRule,
        body: str,
        spans: list[tuple[int, int]],
        sentences: list[str],
        warned: list[bool],
    ) -> tuple[int, str] | None:
        """The first sentence (then the first pattern) with a match that survives every check.

        Each pattern runs once over the whole text to find the sentences worth a closer look: a match
        inside a sentence is always found there, or covered by a body-wide match that starts in or runs
        through that sentence — so the result equals trying every pattern on every sentence.
        """
        starts = [a for a, _ in spans]
        allowed: dict[int, bool] = {}
        best: tuple[int, int, str] | None = None
        for pattern_index, pattern in enumerate(rule.patterns):
            if pattern.search(body) is None:
                continue  # the common case: checked without building anything
            candidates: set[int] = set()
            for m in pattern.finditer(body):
                first = max(0, bisect_right(starts, m.start()) - 1)
                last = max(0, bisect_right(starts, max(m.start(), m.end() - 1)) - 1)
                candidates.update(range(first, last + 1))
            for index in sorted(candidates):
                if best is not None and (index, pattern_index) >= best[:2]:
                    break
                if index not in allowed:
                    sentence = sentences[index]
                    allowed[index] = not (
                        (rule.warnings_defuse and warned[index])
                        or any(u.search(sentence) for u in rule.unless)
                    )
                if not allowed[index]:
                    continue
                matched = self._valid_match(rule, pattern, sentences[index])
                if matched is not None:
                    best = (index, pattern_index, matched)
                    break
        return (best[0], best[2]) if best is not None else None

    def _valid_match(self, rule: TextRule, pattern: re.Pattern[str], sentence: str) -> str | None:
        for m in pattern.finditer(sentence):
            if rule.negatable and self._negated(sentence, m.start()):
                continue
            if self._in_reported_quote(sentence, m.start()):
                continue
            if self._own_voice(sentence, m.start()):
                continue
            return m.group(0)
        return None
