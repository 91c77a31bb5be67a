"""Chinese-aware tokens for full-text search (no Django): the Lucene CJKAnalyzer idea, made exact.

Text is normalised (NFKC, lower case) and cut into *runs* of word characters (letters, digits, CJK —
anything `str.isalnum()`); everything else is a separator. The index holds, for every run, each single
character and each pair of neighbouring characters (bigrams). The *normalised text* joins the runs with
one space.

A query is split into terms on white space ("double quotes" keep a phrase together). A record matches
when every normalised term is a substring of the record's normalised text — so one-character,
two-character and longer queries, Chinese or not, and phrases ("逾期 还款" matches "逾期，还款") mean
exactly "appears in the text".

Two index forms give exactly these semantics:
- the *positional stream* (SQLite FTS5, `detail=full`): the record's distinct characters, then every
  pair of neighbouring characters of the runs joined and ended by END (`逾期，还款` → `逾 期 还 款 逾期
  期⟂ ⟂还 还款 款⟂`). A term is the phrase of the pairs of its runs joined by END (`期 还款` → `期⟂ ⟂还
  还款`): a pair with END exists only at a run's end or start, so the phrase matches exactly where the
  term is a substring of the normalised text — no candidate needs a second look. A one-character term is
  its character.
- the *token set* (PostgreSQL GIN): the distinct unigrams and bigrams; they narrow to candidates and terms
  longer than two characters (or of several runs) are checked as substrings by the database.

Exact totals without counting matches: per case, the number of records holding each *counted token* — every
unigram and bigram, and every *Chinese phrase* of three or four Han characters inside a run (`phrases`).
A term of one run of up to two characters, or of three or four Han characters, is one counted token, so its
total is a lookup, however many records it matches (a four-character phrase like 逾期还款 can match a tenth
of a phone's messages). Phrases with digits or letters are not counted (amounts, dates and numbers would
multiply the table); their totals come from the index, and they rarely match many records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_QUOTED = re.compile(r'"([^"]*)"|(\S+)')


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


_RUN = re.compile(r"[^\W_]+")  # \w is isalnum() or "_": this is exactly the isalnum() runs


def runs(text: str) -> list[str]:
    """The maximal runs of word characters (`str.isalnum()`) of the normalised text."""
    return runs_of_normalised(normalise(text))


def runs_of_normalised(norm: str) -> list[str]:
    """`runs` of a text already normalised (`normalise`)."""
    return _RUN.findall(norm)


def normalised_text(text: str) -> str:
    """The text the substring check runs on: the runs joined by one space."""
    return " ".join(runs(text))


def tokens_of_runs(text_runs: list[str]) -> str:
    """The distinct unigrams and bigrams of the runs, space separated, sorted."""
    tokens: set[str] = set()
    for run in text_runs:
        tokens.update(run)
        tokens.update(map(str.__add__, run, run[1:]))
    return " ".join(sorted(tokens))


END = "\ue000"  # a private-use character: never a word character, so never part of a run


def positional_stream(text_runs: list[str]) -> str:
    """The positional token stream of the runs (see the module docstring), space separated: the definition.
    Imports make the same strings a batch at a time (`evidence.batchforms`, tested against this)."""
    if not text_runs:
        return ""
    joined = END.join(text_runs) + END
    chars = set(joined)
    chars.discard(END)
    return " ".join([*sorted(chars), *map(str.__add__, joined, joined[1:])])


# Han characters: CJK unified ideographs, extension A, compatibility ideographs, extensions B-H.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_ALL_HAN = re.compile(f"[{_HAN}]+")
PHRASE_MIN, PHRASE_MAX = 3, 4  # lengths of the counted Chinese phrases


_HAN_3 = re.compile(f"(?=([{_HAN}]{{3}}))")  # every 3 Han characters in a row, overlapping
_HAN_4 = re.compile(f"(?=([{_HAN}]{{4}}))")


def phrases(joined: str) -> set[str]:
    """The distinct counted Chinese phrases (3 and 4 Han characters in a row) of normalised text."""
    found = set(_HAN_3.findall(joined))
    if found:
        found.update(_HAN_4.findall(joined))
    return found


def counted_token(term: Term) -> str | None:
    """The counted token whose per-case count is the term's exact total, if there is one."""
    if term.exact:
        return term.tokens[0] if len(term.tokens) == 1 else None
    text = term.text
    if PHRASE_MIN <= len(text) <= PHRASE_MAX and _ALL_HAN.fullmatch(text):
        return text
    return None


def distinct_tokens(text_runs: list[str]) -> set[str]:
    """The distinct unigrams and bigrams of the runs (what the per-case token counts count)."""
    tokens: set[str] = set()
    for run in text_runs:
        tokens.update(run)
        tokens.update(map(str.__add__, run, run[1:]))
    return tokens


def index_forms(text_runs: list[str]) -> tuple[str, set[str]]:
    """(positional stream, the distinct tokens to count) of the runs, in one pass over the text.

    The counted tokens are the unigrams and bigrams plus the pairs with END (never a one-token query),
    and the Chinese phrases of three and four characters.
    """
    if not text_runs:
        return "", set()
    joined = END.join(text_runs) + END
    pairs = list(map(str.__add__, joined, joined[1:]))
    chars = set(joined)
    chars.discard(END)
    return " ".join([*sorted(chars), *pairs]), chars.union(pairs, phrases(joined))


def fts_phrase(term: Term) -> str:
    """The FTS5 expression matching exactly the records whose normalised text contains the term."""
    if len(term.text) == 1:
        return f'"{term.text}"'
    joined = term.text.replace(" ", END)
    return '"' + " ".join(map(str.__add__, joined, joined[1:])) + '"'


def index_tokens(text: str) -> str:
    """The distinct tokens of a text (unigrams and bigrams of each run), space separated, sorted."""
    return tokens_of_runs(runs(text))


@dataclass(frozen=True)
class Term:
    """One query term: its normalised text, the index tokens it needs, and whether the index decides it."""

    text: str
    tokens: tuple[str, ...]
    exact: bool  # the tokens alone prove the substring (one run of one or two characters)


def parse_query(query: str) -> list[Term]:
    """Terms of a query; quoted phrases stay together. Terms without a word character are dropped."""
    terms: list[Term] = []
    seen: set[str] = set()
    for match in _QUOTED.finditer(query):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        term_runs = runs(raw)
        if not term_runs:
            continue
        text = " ".join(term_runs)
        if text in seen:
            continue
        seen.add(text)
        needed: list[str] = []
        for run in term_runs:
            needed.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        exact = len(term_runs) == 1 and len(term_runs[0]) <= 2
        terms.append(Term(text=text, tokens=tuple(dict.fromkeys(needed)), exact=exact))
    return terms


def matches(terms: Iterable[Term], text: str) -> bool:
    """The reference semantics (used by tests and to verify): every term is a substring."""
    norm = normalised_text(text)
    return all(term.text in norm for term in terms)


def highlight_spans(text: str, terms: Iterable[Term]) -> list[tuple[int, int]]:
    """Where the terms occur in the *original* text (case-insensitive; separators between runs free)."""
    spans: list[tuple[int, int]] = []
    for term in terms:
        parts = [re.escape(run) for run in term.text.split(" ")]
        pattern = re.compile(r"[\W_]+".join(parts), re.IGNORECASE)
        for found in pattern.finditer(text):
            if found.end() > found.start():
                spans.append((found.start(), found.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, terms: list[Term], width: int = 80) -> tuple[str, list[tuple[int, int]]]:
    """A window of the text around the first match, and the highlighted spans inside it."""
    flat = " ".join(text.split())
    spans = highlight_spans(flat, terms)
    if not spans:
        cut = flat[:width]
        return (cut + ("…" if len(flat) > width else ""), [])
    first = spans[0][0]
    start = max(0, min(first - width // 4, len(flat) - width))
    end = min(len(flat), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    inner = [
        (max(s, start) - start + len(prefix), min(e, end) - start + len(prefix))
        for s, e in spans
        if s < end and e > start
    ]
    return prefix + flat[start:end] + suffix, inner
