"""The tone helper flags what hurts a negotiation, leaves calm messages alone, and highlights exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xieshang.core.tone import (
    CALM_TEMPLATE_EN,
    CALM_TEMPLATE_ZH,
    Severity,
    ToneCode,
    soften_punctuation,
    tone_check,
)


@pytest.mark.parametrize(
    ("draft", "code", "fragment"),
    [
        ("你们这群傻逼，天天打电话", ToneCode.INSULT, "傻逼"),
        ("垃圾平台，利息这么高", ToneCode.INSULT, "垃圾平台"),
        ("滚开，别再打了", ToneCode.INSULT, "滚开"),
        ("You idiots keep calling me", ToneCode.INSULT, "idiots"),
        ("再打电话我就曝光你们", ToneCode.THREAT, "我就曝光"),
        ("信不信我去投诉你们", ToneCode.THREAT, "信不信我去投诉"),
        ("I will sue you all", ToneCode.THREAT, "I will sue"),
        ("一分钱都不还", ToneCode.REFUSAL, "一分钱都不还"),
        ("有本事来抓我", ToneCode.REFUSAL, "有本事来抓我"),
        ("I am never going to pay", ToneCode.REFUSAL, "never going to pay"),
        ("你们就是骗子", ToneCode.ACCUSATION, "骗子"),
        ("this is a scam", ToneCode.ACCUSATION, "scam"),
        ("高利贷吸血鬼", ToneCode.ACCUSATION, "吸血鬼"),
        ("否则后果自负", ToneCode.ULTIMATUM, "否则后果自负"),
        ("为什么又扣款！！！", ToneCode.SHOUTING, "！！！"),
        ("why??? again", ToneCode.SHOUTING, "???"),
        ("STOP CALLING MY FAMILY", ToneCode.SHOUTING, "STOP CALLING MY FAMILY"),
        ("逼急了我就跟你们同归于尽", ToneCode.VIOLENCE, "同归于尽"),
        ("你给我等着", ToneCode.VIOLENCE, "你给我等着"),
        ("我真的不想活了", ToneCode.DESPAIR, "不想活"),
        ("再催我就死给你们看", ToneCode.DESPAIR, "死给你们看"),
    ],
)
def test_flags_the_wording(draft: str, code: ToneCode, fragment: str) -> None:
    report = tone_check(draft)
    assert not report.calm
    hits = [f for f in report.flags if f.code is code]
    assert hits, f"{code} not flagged in {draft!r}: {report.flags}"
    at = draft.index(fragment)
    assert any(f.start < at + len(fragment) and at < f.end for f in hits)
    for f in hits:
        assert draft[f.start : f.end] == f.text
        assert f.suggestion("zh") and f.suggestion("en") and f.explanation("en") != f.explanation("zh")


@pytest.mark.parametrize(
    "draft",
    [
        CALM_TEMPLATE_ZH,
        CALM_TEMPLATE_EN,
        "您好，我因失业暂时无法按时还款，希望能协商分期，每月还 800 元，谢谢。",
        "请问罚息是怎么计算的？能否提供明细？",
        "我收到了很多垃圾短信，想确认是不是贵司发送的。",  # 垃圾短信 = spam, not an insult
        "滚动分期的利率是多少？",
        "我已经在 APP 里提交了 LPR 的问题，ICBC 的流水也附上了。",
        "如果协商不成，我会依照规定向 12378 反映情况。",  # a calm statement, no threat marker
        "Hello, I lost my job in March and ask for a 12-month plan. Thank you!",
    ],
)
def test_calm_messages_pass(draft: str) -> None:
    report = tone_check(draft)
    assert report.calm, [(f.code, f.text) for f in report.flags]
    assert report.worst is None


def test_despair_asks_for_care_and_names_the_help_line() -> None:
    report = tone_check("我活不下去了，你们还天天打电话")
    assert report.needs_care and report.worst is Severity.HIGH
    flag = next(f for f in report.flags if f.code is ToneCode.DESPAIR)
    assert "12356" in flag.suggestion("zh") and "12356" in flag.suggestion("en")


def test_overlaps_keep_the_most_severe_and_codes_are_ordered() -> None:
    report = tone_check("骗子！！你们这群王八蛋，我一分钱都不还")
    codes = report.codes()
    assert codes == [ToneCode.INSULT, ToneCode.REFUSAL, ToneCode.ACCUSATION, ToneCode.SHOUTING]
    spans = [(f.start, f.end) for f in report.flags]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_accusation_span_covers_the_whole_word() -> None:
    (flag,) = tone_check("你们就是骗子").flags
    assert flag.text == "你们就是骗子"


def test_soften_punctuation() -> None:
    assert soften_punctuation("为什么！！！又扣款？？？") == "为什么！又扣款？"
    assert soften_punctuation("why!!! again???") == "why! again?"
    assert tone_check(soften_punctuation("为什么！！！又扣款？？？")).calm


_ALPHABET = st.sampled_from(
    list("我你们还钱骗子傻逼！!？?ABCD 滚开曝光不想活，。abc") + ["一分钱都不还", "STOP NOW"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_segments_cover_the_text_exactly(text: str) -> None:
    report = tone_check(text)
    segments = report.segments()
    assert "".join(s.text for s in segments) == text
    flagged = [s for s in segments if s.flag is not None]
    assert len(flagged) == len(report.flags)
    for seg in flagged:
        assert seg.flag is not None and seg.text == seg.flag.text
