"""The rules file: every rule sourced and marked; the marks follow regulations §4; bad data is refused."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from xieshang.core.conduct import CONFIDENCES, SEVERITIES, rules_from_mapping
from xieshang.core.errors import InputError
from xieshang.knowledge.conduct import load_conduct_rules


def _raw() -> dict[str, Any]:
    text = (resources.files("xieshang.knowledge.rules") / "conduct.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_every_rule_has_sources_severity_and_a_mark() -> None:
    rules = load_conduct_rules()
    every = [*rules.hours, *rules.frequency, *rules.text]
    assert rules.third_party_contact is not None
    assert len(rules.text) >= 8
    for rule in [*every, rules.third_party_contact]:
        assert rule.sources, rule.id
        assert rule.severity in SEVERITIES
        assert rule.confidence in CONFIDENCES
        assert rule.certainty in ("likely", "possible")
        # A rule is never more sure than its strongest source.
        strongest = max((s.confidence for s in rule.sources), key=CONFIDENCES.index)
        assert CONFIDENCES.index(rule.confidence) <= CONFIDENCES.index(strongest), rule.id


def test_marks_follow_the_regulations() -> None:
    rules = load_conduct_rules()
    sources = rules.sources
    for key, article in [
        ("card_68", "第六十八条"),
        ("cfc_56", "第五十六条"),
        ("internet_loan_56", "第五十六条"),
        ("criminal_293_1", "第二百九十三条之一"),
        ("public_security_42", "第四十二条"),
    ]:
        assert sources[key].confidence == "verified"
        assert sources[key].article == article
    # Hours and impersonation's article are unconfirmed: never stated as law.
    assert sources["convention_hours"].confidence == "unconfirmed"
    assert sources["consumer_protection_impersonation"].confidence == "unconfirmed"
    hours = {r.id: r for r in rules.hours}
    assert hours["hours.night"].confidence == "unconfirmed" and hours["hours.night"].certainty == "likely"
    assert hours["hours.late_evening"].certainty == "possible"
    # Call caps are this tool's settings (unconfirmed), except the 2025 national standard's "at most 3
    # effective calls a day", which is seen only in secondary reports: quoted, worded "possible".
    standard = sources["collection_standard_2025"]
    assert standard.confidence == "quoted" and "未确认" in standard.summary_zh
    for rule in rules.frequency:
        if rule.id == "frequency.effective_calls_per_day":
            assert rule.confidence == "quoted" and rule.certainty == "possible" and rule.answered_only
            assert rule.threshold == 4 and standard in rule.sources
        else:
            assert rule.confidence == "unconfirmed"
    # The classifier's findings are hints: every one is unconfirmed and "possible".
    assert {r.category for r in rules.model} == {
        "third_party",
        "threat",
        "insult",
        "impersonation",
        "fake_legal_process",
        "personal_account",
    }
    assert all(r.confidence == "unconfirmed" and r.certainty == "possible" for r in rules.model)
    impersonation = [r for r in rules.text if r.category == "impersonation"]
    assert impersonation and all(r.confidence == "unconfirmed" for r in impersonation)
    assert "不构成法律意见" in rules.disclaimer_zh and "Not legal advice" in rules.disclaimer_en


def test_hours_windows() -> None:
    from datetime import time

    hours = {r.id: r for r in load_conduct_rules().hours}
    night, evening = hours["hours.night"], hours["hours.late_evening"]
    assert night.covers(time(22, 0)) and night.covers(time(3, 0)) and night.covers(time(7, 59))
    assert not night.covers(time(8, 0)) and not night.covers(time(21, 59))
    assert evening.covers(time(21, 0)) and evening.covers(time(21, 59)) and not evening.covers(time(22, 0))


def test_thresholds_are_configurable() -> None:
    rules = load_conduct_rules()
    changed = rules.with_thresholds({"frequency.calls_per_day": 9})
    assert {r.id: r.threshold for r in changed.frequency}["frequency.calls_per_day"] == 9
    assert {r.id: r.threshold for r in rules.frequency}["frequency.calls_per_day"] != 9
    with pytest.raises(InputError):
        rules.with_thresholds({"frequency.no_such_rule": 3})
    with pytest.raises(InputError):
        rules.with_thresholds({"frequency.calls_per_day": 0})


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d["text"][0].update(patterns=["(unclosed"]), "text[0]"),
        (lambda d: d["text"][0].update(sources=["no_such_source"]), "no_such_source"),
        (lambda d: d["text"][0].update(severity="catastrophic"), "severity"),
        (lambda d: d["hours"][0].update(start="25:99"), "start"),
        (lambda d: d["frequency"][0].update(threshold=0), "threshold"),
        (lambda d: d["sources"]["card_68"].update(confidence="sure"), "confidence"),
        (lambda d: d["text"].append(dict(d["text"][0])), "duplicate"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(mutate: Any, needle: str) -> None:
    data = _raw()
    mutate(data)
    with pytest.raises(InputError) as err:
        rules_from_mapping(data)
    assert needle in err.value.message_en


def test_macros_expand_and_unknown_macros_are_refused() -> None:
    data = _raw()
    assert "THIRD" in data["macros"]
    rules = rules_from_mapping(data)
    third = next(r for r in rules.text if r.id == "third_party.disclosure")
    assert all("<THIRD>" not in p.pattern for p in third.patterns)
    data["text"][0]["patterns"] = ["<NO_SUCH_MACRO>"]
    with pytest.raises(InputError) as err:
        rules_from_mapping(data)
    assert "NO_SUCH_MACRO" in err.value.message_en
