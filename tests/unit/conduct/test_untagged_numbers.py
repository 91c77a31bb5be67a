"""Issue 16: every contact that reads as collection is checked whatever number made it; a finding from an
untagged number says so; a tag (here: the event's lender, as the service applies the user's ledger tag)
moves it under the lender. Drafts and file-timed records never count; third parties' evidence does."""

from __future__ import annotations

from datetime import datetime, timedelta

from xieshang.core.conduct import ConductContext, ContactEvent, ContactKind, detect_conduct
from xieshang.core.conduct.model import ContactDirection
from xieshang.core.conduct.suggest import suggest_lender_tags
from xieshang.knowledge.conduct import load_conduct_model, load_conduct_rules

NIGHT = datetime.fromisoformat("2026-03-02T23:30:00+08:00")
COLLECTOR = "17712345678"
THREAT = "我是法务部工号A1024，你在360借条的欠款已严重逾期，三日内不处理将起诉立案。"
ALIASES = (("360借条", "360借条"), ("招联金融", "招联金融"))


def _sms(text: str, when: datetime = NIGHT, number: str = COLLECTOR, **kw: object) -> ContactEvent:
    return ContactEvent(
        id=str(kw.pop("id", "1")),
        kind=ContactKind.MESSAGE,
        timestamp=when,
        direction=ContactDirection.INCOMING,
        counterpart=number,
        text=text,
        **kw,  # type: ignore[arg-type]
    )


def _context(**kw: object) -> ConductContext:
    return ConductContext(model=load_conduct_model(), lender_aliases=ALIASES, **kw)  # type: ignore[arg-type]


def test_the_night_threat_from_a_private_mobile_is_a_finding_and_says_it_is_untagged() -> None:
    findings = detect_conduct([_sms(THREAT)], load_conduct_rules(), _context())
    night = [f for f in findings if f.rule == "hours.night"]
    assert len(night) == 1
    finding = night[0]
    assert finding.untagged and finding.lender == "" and finding.counterpart == COLLECTOR
    assert finding.suspected_lender == "360借条"
    assert f"来自未标记的号码 {COLLECTOR}：内容像是 360借条 的催收" in finding.detail_zh
    assert "untagged number" in finding.detail_en
    assert finding.evidence_ids == ("1",)
    assert finding.as_json()["untagged"] is True


def test_tagging_the_number_moves_the_finding_under_the_lender() -> None:
    tagged = _sms(THREAT, lender="360借条")  # what the service makes of a user's tag (a ledger entry)
    night = [f for f in detect_conduct([tagged], load_conduct_rules(), _context()) if f.rule == "hours.night"]
    assert [(f.lender, f.untagged) for f in night] == [("360借条", False)]
    assert "未标记" not in night[0].detail_zh and "360借条 于 2026-03-02 23:30" in night[0].detail_zh


def test_a_collector_numbers_calls_count_once_its_texts_read_as_collection() -> None:
    call = ContactEvent(
        "2", ContactKind.CALL, NIGHT + timedelta(minutes=5), ContactDirection.MISSED, COLLECTOR
    )
    night = [
        f
        for f in detect_conduct([_sms(THREAT), call], load_conduct_rules(), _context())
        if f.rule == "hours.night"
    ]
    assert night and night[0].evidence_ids == ("1", "2")
    # A call alone from a number nobody knows says nothing about collection.
    assert not detect_conduct([call], load_conduct_rules(), _context())


def test_a_friend_at_night_is_not_a_collector() -> None:
    friend = [
        _sms("今晚一起吃饭吗？", id="1"),
        _sms("我借你的钱下个月还你，别急。", id="2", when=NIGHT + timedelta(minutes=3)),
        _sms("你看，催收给我发的：再不还就上门。", id="3", when=NIGHT + timedelta(minutes=4)),
    ]
    assert not detect_conduct(friend, load_conduct_rules(), _context())


def test_without_the_model_the_rules_alone_still_gate_by_debt_words() -> None:
    findings = detect_conduct([_sms(THREAT)], load_conduct_rules(), ConductContext())
    assert [f.rule for f in findings if f.category == "hours"] == ["hours.night"]


def test_a_file_timed_record_is_no_night_contact_nor_a_count() -> None:
    events = [_sms(THREAT, time_known=False)]
    events += [
        _sms(
            THREAT + str(i),
            id=str(10 + i),
            when=NIGHT.replace(hour=10) + timedelta(minutes=i),
            time_known=False,
        )
        for i in range(8)
    ]
    findings = detect_conduct(events, load_conduct_rules(), _context())
    assert not [f for f in findings if f.category in ("hours", "frequency")]


def test_effective_calls_cap_counts_answered_calls_only() -> None:
    day = NIGHT.replace(hour=10)
    answered = [
        ContactEvent(
            str(i),
            ContactKind.CALL,
            day + timedelta(hours=i),
            ContactDirection.INCOMING,
            "95188",
            lender="招联金融",
        )
        for i in range(4)
    ]
    missed = [
        ContactEvent(
            str(10 + i),
            ContactKind.CALL,
            day + timedelta(hours=i),
            ContactDirection.MISSED,
            "95188",
            lender="招联金融",
        )
        for i in range(4)
    ]
    rules = load_conduct_rules()
    found = [
        f
        for f in detect_conduct(answered, rules, _context())
        if f.rule == "frequency.effective_calls_per_day"
    ]
    assert len(found) == 1 and found[0].confidence == "quoted" and found[0].certainty == "possible"
    assert "3次" in found[0].detail_zh and len(found[0].evidence_ids) == 4
    assert not [
        f for f in detect_conduct(missed, rules, _context()) if f.rule == "frequency.effective_calls_per_day"
    ]
    assert not [
        f
        for f in detect_conduct(answered[:3], rules, _context())
        if f.rule == "frequency.effective_calls_per_day"
    ]


def test_evidence_a_third_party_received_is_third_party_contact() -> None:
    relative = _sms(
        "你儿子欠我们360借条的钱，赶紧让他还。", when=NIGHT.replace(hour=15), received_by="母亲 13800000000"
    )
    findings = detect_conduct([relative], load_conduct_rules(), _context())
    contact = [f for f in findings if f.rule == "third_party.reached_other_number"]
    assert len(contact) == 1 and "母亲 13800000000" in contact[0].detail_zh
    # The same message on the borrower's own phone is no third-party contact.
    own = _sms("你儿子欠我们360借条的钱，赶紧让他还。", when=NIGHT.replace(hour=15))
    assert not [
        f
        for f in detect_conduct([own], load_conduct_rules(), _context())
        if f.rule == "third_party.reached_other_number"
    ]


def test_suggestions_name_the_lender_and_the_staff_number() -> None:
    events = [_sms(THREAT), _sms("请问你今天还款吗？", id="2", number="13912345678")]
    suggestions = suggest_lender_tags(events, load_conduct_rules(), _context())
    assert len(suggestions) == 1
    s = suggestions[0]
    assert (s.counterpart, s.lender, s.reasons) == (COLLECTOR, "360借条", ("names_lender", "staff_mark"))
    assert "工号A1024" in s.marks and s.evidence_ids == ("1",)
    assert "360借条" in s.reason_zh() and "工号A1024" in s.reason_zh()
    # Once tagged, the number is not suggested again.
    assert not suggest_lender_tags([_sms(THREAT, lender="360借条")], load_conduct_rules(), _context())


def test_model_findings_carry_a_confidence_and_the_words_that_weighed() -> None:
    text = "你再不处理，我们就让你全村人都知道你是个骗子，明天就去你家找你爸妈。"
    findings = detect_conduct([_sms(text, when=NIGHT.replace(hour=15))], load_conduct_rules(), _context())
    model = [f for f in findings if f.rule.startswith("model.")]
    for f in model:
        assert f.model_score is not None and f.cues and f.certainty == "possible"
        assert "置信度" in f.detail_zh and "起作用的字词" in f.detail_zh
    assert {f.category for f in findings} >= {"third_party", "threat"}


def test_a_number_a_lenders_message_gives_is_suggested_for_that_lender() -> None:
    day = NIGHT.replace(hour=10)
    events = [
        _sms(
            "【招联金融】您的借款已逾期，请回电我司专员 177-1234-5678 协商。",
            when=day,
            number="95188",
            lender="招联金融",
        ),
        ContactEvent("2", ContactKind.CALL, day + timedelta(hours=1), ContactDirection.MISSED, COLLECTOR),
        ContactEvent("3", ContactKind.CALL, day + timedelta(hours=2), ContactDirection.MISSED, "13900001111"),
    ]
    suggestions = suggest_lender_tags(events, load_conduct_rules(), _context())
    assert [(s.counterpart, s.lender, s.reasons) for s in suggestions] == [
        (COLLECTOR, "招联金融", ("mentioned_by_lender",))
    ]
    assert (
        suggestions[0].evidence_ids == ("1",)
        and "招联金融 的消息里提到了这个号码" in suggestions[0].reason_zh()
    )
