"""`conduct.*`: the collection-conduct detector over a seeded, vault-sized set of contacts.

Data: N contacts over 90 days from 12 lenders — calls at every hour and messages filled from the test
suite's labelled templates (lawful and unlawful, about half each). Measured: the whole `detect_conduct`
(hours, frequency, third parties, every text rule with negation, context and masking). Baseline in the
same run: one naive pass that only asks "does the text contain any trigger keyword?" (the substring check
the issue warns against) — the floor of any text scan. Goal: the clause-level engine costs at most 40× that
floor, and stays fast enough for a counselor's whole vault (≥ 5,000 contacts a second).

`conduct.findings_200k_messages` (issue 16): every incoming message checked whatever number sent it — the
rules and the text classifier over 200,000 messages (a third from lenders' numbers, the rest from 5,000
untagged mobiles; texts filled from the labelled templates, each with its own names and amounts, plus
everyday messages), against a plain keyword scan of the same texts in the same run. Goal: at most 400× the
scan (a substring test per text is the floor of any reading; the classifier reads every n-gram and the
rules every clause).

`conduct.number_association`: `associate_by_number` (lender tags carried to every record of a tagged
number, nearest in time) over N records from 2,000 numbers, against sorting the same rows by number and
time (the floor of any grouping). Goal: at most 5× that floor.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from tests.unit.conduct.blind_set import BLIND_TEMPLATES
from tests.unit.conduct.heldout_set import HELDOUT_TEMPLATES
from tests.unit.conduct.labelled_set import ALL_TEMPLATES, LENDERS, _fill

from benchmarks.framework import BenchResult, best_of
from xieshang.core.conduct import ConductContext, ContactEvent, ContactKind, detect_conduct
from xieshang.core.conduct.model import ContactDirection
from xieshang.core.lender_tags import TagRow, associate_by_number, association_key
from xieshang.knowledge.conduct import load_conduct_model, load_conduct_rules

KEYWORDS = (
    "上门",
    "曝光",
    "通讯录",
    "坐牢",
    "拘留",
    "公安",
    "法院",
    "传票",
    "家人",
    "单位",
    "老赖",
    "个人账户",
)


def make_events(n: int, seed: int = 8) -> list[ContactEvent]:
    rng = random.Random(seed)
    templates = [*ALL_TEMPLATES, *HELDOUT_TEMPLATES, *BLIND_TEMPLATES]
    texts = [_fill(t[4], rng) for t in templates for _ in range(3)]
    lenders = LENDERS[:12]
    start = datetime.fromisoformat("2024-01-01T00:00:00+08:00")
    events = []
    for i in range(n):
        when = start + timedelta(seconds=rng.randrange(90 * 86400))
        is_call = rng.random() < 0.6
        events.append(
            ContactEvent(
                id=str(i),
                kind=ContactKind.CALL if is_call else ContactKind.MESSAGE,
                timestamp=when,
                direction=rng.choice((ContactDirection.INCOMING, ContactDirection.MISSED))
                if rng.random() < 0.9
                else ContactDirection.OUTGOING,
                counterpart=f"95{rng.randrange(100, 999)}",
                text="" if is_call else rng.choice(texts),
                lender=rng.choice(lenders) if rng.random() < 0.85 else "",
            )
        )
    return events


EVERYDAY = (
    "今晚一起吃饭吗？",
    "快递已放在你家门口，请及时取件。",
    "【工商银行】您的账户入账{amount}元。",
    "{name}，明天上午十点开会，别迟到。",
    "妈，我周末回家。",
    "验证码{n}，5分钟内有效。",
)


def make_messages(n: int, seed: int = 16) -> list[ContactEvent]:
    """n incoming SMS: a third from lenders' numbers, the rest from 5,000 untagged mobiles."""
    rng = random.Random(seed)
    templates = [t[4] for t in [*ALL_TEMPLATES, *HELDOUT_TEMPLATES, *BLIND_TEMPLATES]] + list(EVERYDAY) * 20
    numbers = [f"1{rng.randrange(30, 99)}{rng.randrange(10**8):08d}" for _ in range(5_000)]
    lenders = LENDERS[:12]
    start = datetime.fromisoformat("2024-01-01T00:00:00+08:00")
    events = []
    for i in range(n):
        tagged = rng.random() < 1 / 3
        events.append(
            ContactEvent(
                id=str(i),
                kind=ContactKind.MESSAGE,
                timestamp=start + timedelta(seconds=rng.randrange(90 * 86400)),
                direction=ContactDirection.INCOMING,
                counterpart=f"95{rng.randrange(100, 999)}" if tagged else rng.choice(numbers),
                text=_fill(rng.choice(templates), rng),
                lender=rng.choice(lenders) if tagged else "",
            )
        )
    return events


def _findings_over_messages(n: int) -> BenchResult:
    events = make_messages(n)
    texts = [e.text for e in events]
    rules = load_conduct_rules()
    context = ConductContext(borrower_numbers=frozenset({"13800138000"}), model=load_conduct_model())
    found: list[int] = []

    def scan() -> int:
        return sum(1 for text in texts if any(k in text for k in KEYWORDS))

    def check() -> None:
        found.append(len(detect_conduct(events, rules, context)))

    baseline = best_of(3, scan)
    value = best_of(1, check)
    return BenchResult(
        name="conduct.findings_200k_messages" if n == 200_000 else f"conduct.findings_{n // 1000}k_messages",
        value=value,
        unit="s",
        baseline=f"plain keyword scan of the same {n} texts",
        baseline_value=baseline,
        goal="ratio <= 400",
        note=f"{n} messages, {found[-1]} findings, {n / value:,.0f} messages/s (rules + classifier); "
        f"keyword scan {n / baseline:,.0f} messages/s",
    )


def make_rows(n: int, seed: int = 9) -> list[TagRow]:
    rng = random.Random(seed)
    start = datetime.fromisoformat("2024-01-01T00:00:00+08:00")
    numbers = [f"1{rng.randrange(30, 99)}{rng.randrange(10**8):08d}" for _ in range(2_000)]
    lenders = LENDERS[:12]
    return [
        TagRow(
            i,
            rng.choice(numbers),
            start + timedelta(seconds=rng.randrange(90 * 86400)),
            rng.choice(lenders) if rng.random() < 0.1 else "",
        )
        for i in range(n)
    ]


def _association(n: int) -> BenchResult:
    rows = make_rows(n)
    found: list[int] = []

    def floor() -> None:
        sorted(rows, key=lambda r: (association_key(r.counterpart) or "", r.timestamp))

    def associate() -> None:
        found.append(len(associate_by_number(rows)))

    baseline = best_of(3, floor)
    value = best_of(3, associate)
    return BenchResult(
        name="conduct.number_association",
        value=value,
        unit="s",
        baseline=f"sorting the same {n} rows by number and time",
        baseline_value=baseline,
        goal="ratio <= 5",
        note=f"{n} records, 2,000 numbers, {found[-1]} tagged by association",
    )


def run(quick: bool) -> list[BenchResult]:
    n = 5_000 if quick else 50_000
    events = make_events(n)
    rules = load_conduct_rules()
    context = ConductContext(borrower_numbers=frozenset({"13800138000"}))
    messages = [e.text for e in events if e.text]

    def naive() -> int:
        return sum(1 for text in messages if any(k in text for k in KEYWORDS))

    found: list[int] = []

    def engine() -> None:
        found.append(len(detect_conduct(events, rules, context)))

    baseline = best_of(3, naive)
    value = best_of(3, engine)
    per_second = n / value
    return [
        BenchResult(
            name="conduct.detect_vs_keyword_scan",
            value=value,
            unit="s",
            baseline=f"naive keyword scan of the same {len(messages)} texts",
            baseline_value=baseline,
            goal="ratio <= 40",
            note=f"{n} contacts, {found[-1]} findings",
        ),
        BenchResult(
            name="conduct.contacts_per_second",
            value=per_second,
            unit="1/s",
            baseline="5,000 contacts a second",
            baseline_value=5_000.0,
            goal="ratio >= 1",
            note=f"{n} contacts in {value:.2f} s",
        ),
        _association(20_000 if quick else 200_000),
        _findings_over_messages(20_000 if quick else 200_000),
    ]
