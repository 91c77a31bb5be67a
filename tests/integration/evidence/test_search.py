"""Chinese search: 1-, 2- and longer queries, phrases, filters, snippets — identical on SQLite and PostgreSQL.

Every result is checked against the reference semantics (each term is a substring of the normalised
text) computed here over all records, so a missing or an extra hit fails.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from xieshang.core.errors import InputError
from xieshang.evidence import tokens as tk
from xieshang.evidence.models import EvidenceRecord
from xieshang.evidence.search import searchable_text
from xieshang.evidence.services import evidence_search

from .conftest import fake_import, make_case
from .fakes import fake_file, line

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

WORDS = [
    "逾期",
    "还款",
    "借条",
    "360借条",
    "您好",
    "客户",
    "律师",
    "催收",
    "短信",
    "分期",
    "协商",
    "罚息",
    "账单",
    "银行",
    "信用卡",
    "喆",
    "珺",
    "还",
    "款",
    "期",
    "的",
    "金额",
    "1,234.56元",
    "95188",
    "APP",
    "Loan",
    "Overdue",
    "请",
    "尽快",
    "处理",
    "法院",
    "起诉",
    "家人",
    "通讯录",
    "【某某消费金融】",
    "？",
    "！",
    "，",
    " ",
]


def corpus(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(WORDS) for _ in range(rng.randint(1, 14))).strip() or "空" for _ in range(n)]


@pytest.fixture
def loaded(db, tmp_path):  # type: ignore[no-untyped-def]
    case_a = make_case("case-a")
    case_b = make_case("case-b")
    texts = corpus(7, 240)
    lines_a = [
        line(f"2024-03-{1 + i % 28:02d}T10:{i % 60:02d}:00+08:00", f"1380013{i % 7:04d}", t,
             kind="sms" if i % 3 else "chat")
        for i, t in enumerate(texts[:160])
    ]  # fmt: skip
    lines_b = [
        line(f"2024-04-{1 + i % 28:02d}T10:00:00+08:00", "95188", t) for i, t in enumerate(texts[160:])
    ]
    fake_import(case_a, fake_file(tmp_path / "a.txt", lines_a))
    fake_import(case_b, fake_file(tmp_path / "b.txt", lines_b))
    return case_a, case_b


def reference(query: str, records: list[EvidenceRecord]) -> list[int]:
    terms = tk.parse_query(query)
    hits = [
        r.pk for r in records if tk.matches(terms, searchable_text(text=r.text, counterpart=r.counterpart))
    ]
    return sorted(hits, reverse=True)


def queries(seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = corpus(7, 240)
    out = ["逾", "期", "逾期", "借条", "360借条", "还款", "款期", "喆", "珺", "1,234", "1234", "234.56", "loan",
           "LOAN", "app", "95188", "13800130003", "某某消费金融", '"逾期 还款"', "逾期 还款", "逾期，还款",
           "不存在的词", "x", "Ｌｏａｎ", "【360借条】"]  # fmt: skip
    for _ in range(120):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        out.append(text[start : start + rng.choice([1, 2, 2, 3, 4, 6])])
    return [q for q in out if tk.parse_query(q)]


def test_every_query_finds_exactly_the_records_containing_it(loaded):
    records = list(EvidenceRecord.objects.all())
    checked = 0
    for query in queries(11):
        result = evidence_search(query=query, limit=1000)
        expected = reference(query, records)
        assert [h.record.pk for h in result.hits] == expected, query
        assert result.total == len(expected), query
        checked += bool(expected)
    assert checked > 100  # most queries do find something


def test_totals_of_a_first_page_are_exact_with_and_without_a_case(loaded):
    """limit=1 makes the total come from the token counts (one token) or a count of the matches."""
    case_a, _ = loaded
    records = list(EvidenceRecord.objects.all())
    in_a = [r for r in records if r.case_id == case_a.pk]
    for query in ["期", "逾期", "借条", "喆", "x", "95188", "逾期还款", '"逾期 还款"', "还 款", "不存在"]:
        assert evidence_search(query=query, limit=1).total == len(reference(query, records)), query
        assert evidence_search(query=query, case=case_a, limit=1).total == len(reference(query, in_a)), query
        owner = evidence_search(query=query, user=case_a.owner, limit=1)
        assert owner.total == len(reference(query, in_a)), query
        kinds = evidence_search(query=query, kinds=["chat"], limit=1).total
        assert kinds == len(
            [pk for pk in reference(query, records) if pk in {r.pk for r in records if r.kind == "chat"}]
        )


def test_one_two_and_four_character_queries(loaded):
    records = list(EvidenceRecord.objects.all())
    for query in ("期", "逾期", "逾期还款"):
        expected = reference(query, records)
        assert expected, query
        assert [h.record.pk for h in evidence_search(query=query, limit=1000).hits] == expected


def test_phrase_matches_across_punctuation_but_not_elsewhere(db, tmp_path):
    case = make_case("phrase")
    fake_import(
        case,
        fake_file(
            tmp_path / "p.txt",
            [
                line("2024-01-01T08:00:00+08:00", "1", "您已逾期，还款请联系"),
                line("2024-01-01T08:01:00+08:00", "1", "逾期后还款"),
                line("2024-01-01T08:02:00+08:00", "1", "还款逾期"),
            ],
        ),
    )
    texts = {h.record.text for h in evidence_search(query='"逾期 还款"').hits}
    assert texts == {"您已逾期，还款请联系"}
    both = {h.record.text for h in evidence_search(query="逾期 还款").hits}
    assert both == {"您已逾期，还款请联系", "逾期后还款", "还款逾期"}


def test_filters_case_kind_dates_counterpart_and_pagination(loaded):
    case_a, case_b = loaded
    records = list(EvidenceRecord.objects.all())
    query = "期"
    in_a = [pk for pk in reference(query, records) if EvidenceRecord.objects.get(pk=pk).case_id == case_a.pk]
    assert [h.record.pk for h in evidence_search(query=query, case=case_a, limit=1000).hits] == in_a
    chats = evidence_search(query=query, kinds=["chat"], limit=1000)
    assert chats.hits and {h.record.kind for h in chats.hits} == {"chat"}
    april = evidence_search(query=query, date_from=date(2024, 4, 1), date_to=date(2024, 4, 30), limit=1000)
    assert april.hits and {h.record.case_id for h in april.hits} == {case_b.pk}
    one_day = evidence_search(query=query, date_from=date(2024, 3, 2), date_to=date(2024, 3, 2), limit=1000)
    assert {h.record.timestamp.astimezone(tk_zone()).day for h in one_day.hits} <= {2}
    by_number = evidence_search(query=query, counterpart="0130003", limit=1000)
    assert by_number.hits and {h.record.counterpart for h in by_number.hits} == {"13800130003"}
    page1 = evidence_search(query=query, limit=5)
    page2 = evidence_search(query=query, limit=5, offset=5)
    everything = evidence_search(query=query, limit=1000)
    assert [h.record.pk for h in page1.hits + page2.hits] == [h.record.pk for h in everything.hits[:10]]
    assert page1.total == page2.total == everything.total == len(everything.hits)


def tk_zone():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def test_users_only_search_their_own_cases(loaded):
    case_a, case_b = loaded
    owner_a = case_a.owner
    hits = evidence_search(query="期", user=owner_a, limit=1000).hits
    assert hits and {h.record.case_id for h in hits} == {case_a.pk}
    from xieshang.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        evidence_search(query="期", user=owner_a, case=case_b)


def test_snippets_highlight_the_match(db, tmp_path):
    case = make_case("snip")
    long_text = "前言" * 60 + "您的借款已逾期三天，请尽快还款" + "后记" * 60
    fake_import(case, fake_file(tmp_path / "s.txt", [line("2024-01-01T08:00:00+08:00", "95188", long_text)]))
    hit = evidence_search(query="逾期").hits[0]
    assert len(hit.snippet) <= 82 and hit.snippet.startswith("…") and hit.snippet.endswith("…")
    [(start, end)] = hit.highlights
    assert hit.snippet[start:end] == "逾期"
    latin = evidence_search(query="95188").hits[0]
    assert latin.record.counterpart == "95188"


def test_bad_queries_are_input_errors(db):
    for query in ("", "   ", "，。！", '""'):
        with pytest.raises(InputError):
            evidence_search(query=query)
    with pytest.raises(InputError):
        evidence_search(query="期", limit=0)
    with pytest.raises(InputError):
        evidence_search(query="期", kinds=["fax"])
