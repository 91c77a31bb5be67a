"""Detection over events: hours in Beijing time, frequency, third-party reach, text; links to evidence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from xieshang.core.conduct import (
    ConductContext,
    ContactEvent,
    ContactKind,
    detect_conduct,
    summarize_conduct,
)
from xieshang.core.conduct.model import ContactDirection
from xieshang.knowledge.conduct import load_conduct_rules

SH = ZoneInfo("Asia/Shanghai")
CST = timezone(timedelta(hours=8))
RULES = load_conduct_rules()
LAWFUL = "【招联金融】您的借款本期应还1,286.50元已逾期3天，请尽快通过APP还款，以免影响征信。"


def ev(
    id: str,
    when: datetime,
    *,
    kind: ContactKind = ContactKind.CALL,
    direction: ContactDirection = ContactDirection.INCOMING,
    text: str = "",
    lender: str = "招联金融",
    recipients: tuple[str, ...] = (),
    counterpart: str = "95188",
) -> ContactEvent:
    return ContactEvent(
        id=id,
        kind=kind,
        timestamp=when,
        direction=direction,
        counterpart=counterpart,
        text=text,
        lender=lender,
        recipients=recipients,
    )


def by_rule(findings: tuple[object, ...]) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {}
    for f in findings:
        out.setdefault(f.rule, []).append(f)  # type: ignore[attr-defined]
    return out


def test_night_hours_in_beijing_time_from_utc_timestamps() -> None:
    events = [
        ev("1", datetime(2024, 3, 4, 15, 30, tzinfo=UTC)),  # 23:30 Beijing → night
        ev("2", datetime(2024, 3, 4, 13, 30, tzinfo=UTC)),  # 21:30 → late evening
        ev("3", datetime(2024, 3, 5, 0, 0, tzinfo=UTC)),  # 08:00 → fine
        ev("4", datetime(2024, 3, 4, 23, 59, tzinfo=UTC)),  # 07:59 → night
        ev("5", datetime(2024, 3, 5, 6, 0, tzinfo=UTC)),  # 14:00 → fine
    ]
    found = by_rule(detect_conduct(events, RULES))
    night_ids = sorted(i for f in found["hours.night"] for i in f.evidence_ids)  # type: ignore[attr-defined]
    assert night_ids == ["1", "4"]
    evening = found["hours.late_evening"]
    assert [f.evidence_ids for f in evening] == [("2",)]  # type: ignore[attr-defined]
    night = found["hours.night"][0]
    assert night.confidence == "unconfirmed" and night.certainty == "likely"  # type: ignore[attr-defined]
    assert "未确认" in night.detail_zh and night.when.tzinfo is not None  # type: ignore[attr-defined]


def test_outgoing_and_unknown_lender_contacts_do_not_count() -> None:
    night = datetime(2024, 3, 4, 23, 30, tzinfo=CST)
    events = [
        ev("1", night, direction=ContactDirection.OUTGOING),  # the borrower called
        ev("2", night, lender=""),  # not a known lender
    ]
    assert detect_conduct(events, RULES) == ()


def test_frequency_per_lender_per_day_and_configurable() -> None:
    day = datetime(2024, 3, 6, 10, 0, tzinfo=CST)
    threshold = {r.id: r.threshold for r in RULES.frequency}["frequency.calls_per_day"]
    a = [ev(f"a{i}", day + timedelta(minutes=7 * i), lender="捷信") for i in range(threshold)]
    b = [ev(f"b{i}", day + timedelta(minutes=7 * i), lender="安逸花") for i in range(threshold - 1)]
    found = by_rule(detect_conduct([*a, *b], RULES))
    daily = found["frequency.calls_per_day"]
    assert len(daily) == 1
    assert daily[0].lender == "捷信"  # type: ignore[attr-defined]
    assert set(daily[0].evidence_ids) == {e.id for e in a}  # type: ignore[attr-defined]
    # Lower the threshold: the second lender is flagged too.
    lower = RULES.with_thresholds({"frequency.calls_per_day": threshold - 1})
    assert len(by_rule(detect_conduct([*a, *b], lower))["frequency.calls_per_day"]) == 2


def test_frequency_per_week_spans_days() -> None:
    monday = datetime(2024, 3, 4, 10, 0, tzinfo=CST)
    weekly = {r.id: r.threshold for r in RULES.frequency}["frequency.calls_per_week"]
    events = [ev(str(i), monday + timedelta(days=i % 7, minutes=i)) for i in range(weekly)]
    found = by_rule(detect_conduct(events, RULES))
    assert len(found["frequency.calls_per_week"]) == 1
    # Split across two ISO weeks: below the threshold in each.
    shifted = [ev(str(i), monday + timedelta(days=4 + i % 7, minutes=i)) for i in range(weekly)]
    assert "frequency.calls_per_week" not in by_rule(detect_conduct(shifted, RULES))


def test_group_message_to_other_numbers_is_third_party_contact() -> None:
    when = datetime(2024, 3, 6, 10, 0, tzinfo=CST)
    group = ev("9", when, kind=ContactKind.MESSAGE, text=LAWFUL, recipients=("13800138000", "13900000002"))
    alone = ev("10", when, kind=ContactKind.MESSAGE, text=LAWFUL, recipients=("+86 138 0013 8000",))
    context = ConductContext(borrower_numbers=frozenset({"13800138000"}))
    found = by_rule(detect_conduct([group, alone], RULES, context))
    tp = found["third_party.reached_other_number"]
    assert [f.evidence_ids for f in tp] == [("9",)]  # type: ignore[attr-defined]
    assert "13900000002" in tp[0].detail_zh  # type: ignore[attr-defined]
    # Without the borrower's numbers nothing can be said.
    assert "third_party.reached_other_number" not in by_rule(detect_conduct([group], RULES))


def test_text_findings_link_to_their_message() -> None:
    t0 = datetime(2024, 3, 6, 10, 0, tzinfo=CST)
    events = [
        ev("m1", t0, kind=ContactKind.MESSAGE, text=LAWFUL),
        ev(
            "m2",
            t0 + timedelta(hours=1),
            kind=ContactKind.MESSAGE,
            text="再不还钱明天就派人去你单位找你领导。",
        ),
        ev("m3", t0 + timedelta(hours=2), kind=ContactKind.MESSAGE, text="你这个老赖。"),
        ev(
            "m4",
            t0 + timedelta(hours=3),
            kind=ContactKind.MESSAGE,
            text="我要去你家",
            direction=ContactDirection.OUTGOING,
        ),
    ]
    findings = detect_conduct(events, RULES)
    assert {f.evidence_ids for f in findings} == {("m2",), ("m3",)}
    assert {f.category for f in findings if f.evidence_ids == ("m2",)} >= {"threat", "third_party"}
    insult = next(f for f in findings if f.evidence_ids == ("m3",))
    assert insult.category == "insult" and insult.excerpt == "你这个老赖"
    assert insult.as_json()["source"].startswith("商业银行信用卡业务监督管理办法")


def test_unknown_counterpart_is_scanned_only_about_debts() -> None:
    t0 = datetime(2024, 3, 6, 10, 0, tzinfo=CST)
    events = [
        ev(
            "u1",
            t0,
            kind=ContactKind.MESSAGE,
            lender="",
            text="你再不还欠款，明天就上门。",
            counterpart="13912345678",
        ),
        ev(
            "u2",
            t0,
            kind=ContactKind.MESSAGE,
            lender="",
            text="周末我上门来看你，带点水果。",
            counterpart="13912345679",
        ),
    ]
    assert [f.evidence_ids for f in detect_conduct(events, RULES)] == [("u1",)]


def test_summary_counts_and_heat_map() -> None:
    t0 = datetime(2024, 3, 4, 23, 10, tzinfo=CST)  # a Monday night
    events = [
        ev("1", t0),
        ev("2", t0 + timedelta(minutes=5), kind=ContactKind.MESSAGE, text=LAWFUL),
        ev("3", t0 + timedelta(days=1, hours=-12), lender="捷信"),  # Tuesday 11:10
        ev("4", t0, direction=ContactDirection.OUTGOING),
    ]
    findings = detect_conduct(events, RULES)
    summary = summarize_conduct(events, findings, SH)
    assert summary.contacts == 3
    assert summary.heatmap[0][23] == 2 and summary.heatmap[1][11] == 1
    assert sum(map(sum, summary.heatmap)) == 3
    rows = {r.lender: r for r in summary.per_lender}
    assert (rows["招联金融"].calls, rows["招联金融"].messages, rows["招联金融"].night_contacts) == (1, 1, 2)
    assert rows["捷信"].findings == 0 and rows["招联金融"].findings >= 1


# --- properties ----------------------------------------------------------------------------------

DAYTIME = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(SH)
).filter(lambda d: 8 <= d.hour < 21)
ANY_TIME = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(st.lists(DAYTIME, min_size=1, max_size=4, unique=True))
def test_lawful_daytime_reminders_produce_no_finding(times: list[datetime]) -> None:
    events = [ev(str(i), t, kind=ContactKind.MESSAGE, text=LAWFUL) for i, t in enumerate(times)]
    assert detect_conduct(events, RULES) == ()


@settings(max_examples=150, deadline=None)
@given(st.lists(ANY_TIME, min_size=1, max_size=30))
def test_hours_findings_exactly_cover_the_night_and_cite_real_events(times: list[datetime]) -> None:
    events = [ev(str(i), t) for i, t in enumerate(times)]
    findings = detect_conduct(events, RULES)
    ids = {e.id for e in events}
    assert all(set(f.evidence_ids) <= ids and f.evidence_ids for f in findings)
    night = {i for f in findings if f.rule == "hours.night" for i in f.evidence_ids}
    expected = {e.id for e in events if not 8 <= e.timestamp.astimezone(SH).hour < 22}
    assert night == expected
    summary = summarize_conduct(events, findings, SH)
    assert sum(map(sum, summary.heatmap)) == len(events)
