"""The conduct rules as values, parsed and validated from a mapping (the TOML file's content)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from xieshang.core.conduct.model import CONFIDENCES, SEVERITIES, ContactKind, SourceRef
from xieshang.core.errors import InputError

CERTAINTIES = ("likely", "possible")
PERIODS = ("day", "week")


@dataclass(frozen=True)
class HoursRule:
    """Contact by a lender in the local window [start, end) (wrapping past midnight when end <= start)."""

    id: str
    start: time
    end: time
    severity: str
    confidence: str
    certainty: str
    sources: tuple[SourceRef, ...]
    title_zh: str
    title_en: str

    def covers(self, moment: time) -> bool:
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass(frozen=True)
class FrequencyRule:
    """At least `threshold` contacts of `kinds` by one lender in one local day or ISO week."""

    id: str
    kinds: frozenset[ContactKind]
    period: str
    threshold: int
    severity: str
    confidence: str
    certainty: str
    sources: tuple[SourceRef, ...]
    title_zh: str
    title_en: str
    answered_only: bool = False  # count only calls that were answered (an "effective" call)


@dataclass(frozen=True)
class ModelRule:
    """What a finding the text classifier raises says and cites (one per finding kind it knows)."""

    id: str
    category: str
    severity: str
    confidence: str
    certainty: str
    sources: tuple[SourceRef, ...]
    title_zh: str
    title_en: str
    unless_court_case: bool = False
    # The kind's own words: the classifier's finding stands only when one of these is in the text (round 13:
    # posing as a public body names one, a private account is paid into, a legal step is named). Empty: none
    # needed (a threat or an insult can be worded any way).
    requires: tuple[re.Pattern[str], ...] = ()
    # Round 14: wording that makes the kind's words something else (a lender reserving its right to sue names a court
    # without posing as one): the classifier's finding does not stand when one of these is in the text.
    unless: tuple[re.Pattern[str], ...] = ()

    def admits(self, text: str) -> bool:
        """Whether the classifier's finding of this kind may stand on `text` (the rules' normal form)."""
        if self.requires and not any(p.search(text) for p in self.requires):
            return False  # none of the kind's own words in the text: a likeness of wording, not the conduct
        return not any(p.search(text) for p in self.unless)


@dataclass(frozen=True)
class TextRule:
    """A clause-level text rule: a pattern fires unless negated, defused by lawful context, or missing
    what it `requires` elsewhere in the message."""

    id: str
    category: str
    severity: str
    confidence: str
    certainty: str
    sources: tuple[SourceRef, ...]
    title_zh: str
    title_en: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()  # lawful context in the same sentence
    requires: tuple[re.Pattern[str], ...] = ()  # one of these must be somewhere in the message
    negatable: bool = True
    warnings_defuse: bool = True  # an anti-fraud warning in the sentence defuses the match
    needs_lender: bool = False  # only on contacts from a known lender
    unless_court_case: bool = False  # silent when the case has a real court case
    untagged_only: bool = False  # only on contacts from an untagged number (a lender's has its own rule)
    # From an untagged number, one of these must be somewhere in the message: a collector's context (a
    # friend's "微信转我就行" is not a demand to pay a collector).
    untagged_requires: tuple[re.Pattern[str], ...] = ()
    # From an untagged number, a hit of this rule lets the text be read even when the classifier's
    # `collection` label is not raised, provided the rules' debt words are in it too (round 12: a letter to the
    # employer about an employee's debt, a collector asking a contact "请问您是…的领导吗", read as collection).
    opens_gate: bool = False


@dataclass(frozen=True)
class ThirdPartyContactRule:
    """A lender's contact that the evidence shows reached a number that is not the borrower's."""

    id: str
    severity: str
    confidence: str
    certainty: str
    sources: tuple[SourceRef, ...]
    title_zh: str
    title_en: str


@dataclass(frozen=True)
class Lexicon:
    negation: re.Pattern[str]  # cue words that negate what follows in the clause
    negation_barrier: re.Pattern[str]  # between cue and match: the cue negates something else
    negation_breakers: re.Pattern[str]  # in the clause before the cue: not a negation ("别以为…不敢")
    warning: re.Pattern[str]  # anti-fraud warnings / reported speech: defuse the sentence
    reporting: re.Pattern[str]  # outside quotation marks: what is quoted is reported, not said
    collection: re.Pattern[str]  # the text is about a debt (gate for contacts of unknown counterparts)
    mask_names: tuple[str, ...]  # lender names that contain keywords ("马上消费金融")
    # Optional: before the match in the sentence, someone else's words are reported (催收说要…).
    reported_speech: re.Pattern[str] | None = None
    # Optional: in the match's clause, the writer is the one harassed (…骚扰我).
    self_voice: re.Pattern[str] | None = None
    # Optional: the sentence is the writer asking about their own fate (我…会坐牢吗).
    self_question: re.Pattern[str] | None = None
    # Optional: the text passes on what a collector wrote, or is the writer about their own loan (转发,
    # 催收给我发的, 我…逾期了): a text from an untagged number that matches is not a collector's.
    passed_on: re.Pattern[str] | None = None


@dataclass(frozen=True)
class ConductRules:
    version: str
    timezone: str
    sources: Mapping[str, SourceRef]
    lexicon: Lexicon
    hours: tuple[HoursRule, ...]
    frequency: tuple[FrequencyRule, ...]
    text: tuple[TextRule, ...]
    third_party_contact: ThirdPartyContactRule | None
    disclaimer_zh: str = ""
    disclaimer_en: str = ""
    # Written variants replaced before matching (homophones, pinyin abbreviations, emoji): variant → word.
    variants: tuple[tuple[str, str], ...] = ()
    model: tuple[ModelRule, ...] = ()  # the text classifier's kinds

    def model_rule(self, category: str) -> ModelRule | None:
        return next((r for r in self.model if r.category == category), None)

    def with_thresholds(self, thresholds: Mapping[str, int]) -> ConductRules:
        """A copy with some frequency thresholds replaced (rule id → threshold)."""
        unknown = set(thresholds) - {r.id for r in self.frequency}
        if unknown:
            raise InputError(
                f"未知的频率规则：{sorted(unknown)}", f"unknown frequency rules: {sorted(unknown)}"
            )
        for rule_id, value in thresholds.items():
            if value < 1:
                raise InputError(f"阈值必须 ≥ 1：{rule_id}", f"threshold must be >= 1: {rule_id}")
        freq = tuple(replace(r, threshold=thresholds.get(r.id, r.threshold)) for r in self.frequency)
        return replace(self, frequency=freq)


def _fail(where: str, zh: str, en: str) -> InputError:
    return InputError(f"行为规则 {where}：{zh}", f"conduct rules {where}: {en}")


def _str(raw: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or (default is None and not value):
        raise _fail(where, f"缺少文本字段 {key}", f"missing text field {key}")
    return value


def _choice(raw: Mapping[str, Any], key: str, where: str, allowed: Sequence[str], default: str = "") -> str:
    value = raw.get(key, default)
    if value not in allowed:
        raise _fail(where, f"{key} 必须是 {list(allowed)} 之一", f"{key} must be one of {list(allowed)}")
    return str(value)


# ^ and $ anchor at each sentence of a message; ASCII letters match in either case (VX, Vx, vx) — only
# patterns that hold a letter pay for IGNORECASE, which halves the speed of a search.
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)")
_LETTER = re.compile(r"[A-Za-z]")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    flags = re.MULTILINE
    if _LETTER.search(_ESCAPE.sub("", pattern)):
        flags |= re.IGNORECASE
    return re.compile(pattern, flags)


_MACRO = re.compile(r"(?<!\?P)<([A-Z][A-Z0-9_]*)>")


def _expand(pattern: str, macros: Mapping[str, str], where: str) -> str:
    """Replace `<NAME>` by the macro's alternation (word lists shared by many patterns)."""

    def one(m: re.Match[str]) -> str:
        if m.group(1) not in macros:
            raise _fail(where, f"未定义的宏 <{m.group(1)}>", f"undefined macro <{m.group(1)}>")
        return f"(?:{macros[m.group(1)]})"

    return _MACRO.sub(one, pattern)


def _macros(data: Mapping[str, Any]) -> dict[str, str]:
    raw = data.get("macros", {})
    if not isinstance(raw, dict):
        raise _fail("macros", "必须是表", "must be a table")
    macros: dict[str, str] = {}
    for name, words in raw.items():
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
            raise _fail(f"macros.{name}", "宏名须为大写字母", "macro names are upper-case")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise _fail(f"macros.{name}", "必须是非空的词语列表", "must be a non-empty list of words")
        macros[name] = "|".join(sorted(words, key=len, reverse=True))
    return macros


def _regexes(
    raw: Mapping[str, Any], key: str, where: str, macros: Mapping[str, str] | None = None
) -> tuple[re.Pattern[str], ...]:
    items = raw.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise _fail(where, f"{key} 必须是正则表达式列表", f"{key} must be a list of regular expressions")
    try:
        return tuple(compile_pattern(_expand(i, macros or {}, where)) for i in items)
    except re.error as exc:
        raise _fail(
            where, f"{key} 的正则表达式有误：{exc}", f"bad regular expression in {key}: {exc}"
        ) from exc


def _alternation(raw: Mapping[str, Any], key: str, where: str) -> re.Pattern[str]:
    items = raw.get(key, [])
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        raise _fail(where, f"{key} 必须是非空列表", f"{key} must be a non-empty list")
    # Longest first, so that 不会 wins over 不.
    ordered = sorted(items, key=len, reverse=True)
    try:
        return compile_pattern("|".join(f"(?:{i})" for i in ordered))
    except re.error as exc:
        raise _fail(
            where, f"{key} 的正则表达式有误：{exc}", f"bad regular expression in {key}: {exc}"
        ) from exc


def _optional_alternation(raw: Mapping[str, Any], key: str, where: str) -> re.Pattern[str] | None:
    return _alternation(raw, key, where) if key in raw else None


def _variants(data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    raw = data.get("variants", {})
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and k and isinstance(v, str) and v for k, v in raw.items()
    ):
        raise _fail("variants", "必须是“写法 = 词”的表", "must be a table of variant = word")
    bad = [k for k in raw if re.search(r"[。！？!?；;\n]", k + raw[k])]
    if bad:
        raise _fail("variants", f"不得含句末标点：{bad}", f"must not hold sentence ends: {bad}")
    return tuple(sorted(raw.items()))


def _time(raw: Mapping[str, Any], key: str, where: str) -> time:
    value = raw.get(key)
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(where, f"{key} 必须是 HH:MM", f"{key} must be HH:MM")


def _sources(raw: Mapping[str, Any], where: str, known: Mapping[str, SourceRef]) -> tuple[SourceRef, ...]:
    keys = raw.get("sources")
    if not isinstance(keys, list) or not keys:
        raise _fail(where, "缺少 sources", "missing sources")
    missing = [k for k in keys if k not in known]
    if missing:
        raise _fail(where, f"未定义的来源 {missing}", f"undefined sources {missing}")
    return tuple(known[k] for k in keys)


def _common(raw: Mapping[str, Any], where: str, known: Mapping[str, SourceRef]) -> dict[str, Any]:
    sources = _sources(raw, where, known)
    weakest = min((s.confidence for s in sources), key=CONFIDENCES.index)
    return {
        "id": _str(raw, "id", where),
        "severity": _choice(raw, "severity", where, SEVERITIES),
        "confidence": _choice(raw, "confidence", where, CONFIDENCES, weakest),
        "certainty": _choice(raw, "certainty", where, CERTAINTIES, "possible"),
        "sources": sources,
        "title_zh": _str(raw, "title_zh", where),
        "title_en": _str(raw, "title_en", where),
    }


def _table_list(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise _fail(key, "必须是表的数组", "must be an array of tables")
    return items


def rules_from_mapping(data: Mapping[str, Any]) -> ConductRules:
    """Validate the rules file's content; every error names the rule and the field."""
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, dict) or not raw_sources:
        raise _fail("sources", "缺少来源表", "missing the sources table")
    sources: dict[str, SourceRef] = {}
    for key, raw in raw_sources.items():
        where = f"sources.{key}"
        if not isinstance(raw, dict):
            raise _fail(where, "必须是表", "must be a table")
        sources[key] = SourceRef(
            key=key,
            title=_str(raw, "title", where),
            article=_str(raw, "article", where, ""),
            confidence=_choice(raw, "confidence", where, CONFIDENCES),
            summary_zh=_str(raw, "summary_zh", where, ""),
            summary_en=_str(raw, "summary_en", where, ""),
        )
    lex = data.get("lexicon")
    if not isinstance(lex, dict):
        raise _fail("lexicon", "缺少词表", "missing the lexicon table")
    masks = lex.get("mask_names", [])
    if not isinstance(masks, list) or not all(isinstance(m, str) and m for m in masks):
        raise _fail("lexicon.mask_names", "必须是名称列表", "must be a list of names")
    lexicon = Lexicon(
        negation=_alternation(lex, "negation", "lexicon"),
        negation_barrier=_alternation(lex, "negation_barrier", "lexicon"),
        negation_breakers=_alternation(lex, "negation_breakers", "lexicon"),
        warning=_alternation(lex, "warning", "lexicon"),
        reporting=_alternation(lex, "reporting", "lexicon"),
        collection=_alternation(lex, "collection", "lexicon"),
        mask_names=tuple(sorted(set(masks), key=len, reverse=True)),
        reported_speech=_optional_alternation(lex, "reported_speech", "lexicon"),
        self_voice=_optional_alternation(lex, "self_voice", "lexicon"),
        self_question=_optional_alternation(lex, "self_question", "lexicon"),
        passed_on=_optional_alternation(lex, "passed_on", "lexicon"),
    )
    hours = tuple(
        HoursRule(
            **_common(r, f"hours[{i}]", sources),
            start=_time(r, "start", f"hours[{i}]"),
            end=_time(r, "end", f"hours[{i}]"),
        )
        for i, r in enumerate(_table_list(data, "hours"))
    )
    frequency: list[FrequencyRule] = []
    for i, r in enumerate(_table_list(data, "frequency")):
        where = f"frequency[{i}]"
        kinds = r.get("kinds", [])
        if (
            not isinstance(kinds, list)
            or not kinds
            or not all(k in ContactKind._value2member_map_ for k in kinds)
        ):
            raise _fail(
                where, "kinds 必须是 message/call/transcript 列表", "kinds must list message/call/transcript"
            )
        threshold = r.get("threshold")
        if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
            raise _fail(where, "threshold 必须是 ≥ 1 的整数", "threshold must be an integer >= 1")
        answered_only = r.get("answered_only", False)
        if not isinstance(answered_only, bool):
            raise _fail(where, "answered_only 必须是 true/false", "answered_only must be true or false")
        frequency.append(
            FrequencyRule(
                **_common(r, where, sources),
                kinds=frozenset(ContactKind(k) for k in kinds),
                period=_choice(r, "period", where, PERIODS),
                threshold=threshold,
                answered_only=answered_only,
            )
        )
    macros = _macros(data)
    text: list[TextRule] = []
    for i, r in enumerate(_table_list(data, "text")):
        where = f"text[{i}]"
        patterns = _regexes(r, "patterns", where, macros)
        if not patterns:
            raise _fail(where, "缺少 patterns", "missing patterns")
        flags = {}
        for flag in (
            "negatable",
            "warnings_defuse",
            "needs_lender",
            "unless_court_case",
            "untagged_only",
            "opens_gate",
        ):
            if flag in r:
                if not isinstance(r[flag], bool):
                    raise _fail(where, f"{flag} 必须是 true/false", f"{flag} must be true or false")
                flags[flag] = r[flag]
        text.append(
            TextRule(
                **_common(r, where, sources),
                category=_str(r, "category", where),
                patterns=patterns,
                unless=_regexes(r, "unless", where, macros),
                requires=_regexes(r, "requires", where, macros),
                untagged_requires=_regexes(r, "untagged_requires", where, macros),
                **flags,
            )
        )
    model: list[ModelRule] = []
    for i, r in enumerate(_table_list(data, "model")):
        where = f"model[{i}]"
        flag = r.get("unless_court_case", False)
        if not isinstance(flag, bool):
            raise _fail(
                where, "unless_court_case 必须是 true/false", "unless_court_case must be true or false"
            )
        model.append(
            ModelRule(
                **_common(r, where, sources),
                category=_str(r, "category", where),
                unless_court_case=flag,
                requires=_regexes(r, "requires", where, macros),
                unless=_regexes(r, "unless", where, macros),
            )
        )
    categories = [r.category for r in model]
    if len(set(categories)) != len(categories):
        raise _fail("model", "每个类别只能有一条模型规则", "one model rule per category")
    tp_raw = data.get("third_party_contact")
    third_party = None
    if tp_raw is not None:
        if not isinstance(tp_raw, dict):
            raise _fail("third_party_contact", "必须是表", "must be a table")
        third_party = ThirdPartyContactRule(**_common(tp_raw, "third_party_contact", sources))
    ids = [r.id for r in hours] + [r.id for r in frequency] + [r.id for r in text]
    ids += [third_party.id] if third_party else []
    ids += [r.id for r in model]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise _fail("id", f"规则编号重复：{duplicates}", f"duplicate rule ids: {duplicates}")
    return ConductRules(
        version=_str(data, "version", "version"),
        timezone=_str(data, "timezone", "timezone", "Asia/Shanghai"),
        sources=sources,
        lexicon=lexicon,
        hours=hours,
        frequency=tuple(frequency),
        text=tuple(text),
        third_party_contact=third_party,
        disclaimer_zh=_str(data, "disclaimer_zh", "disclaimer_zh", ""),
        disclaimer_en=_str(data, "disclaimer_en", "disclaimer_en", ""),
        variants=_variants(data),
        model=tuple(model),
    )
