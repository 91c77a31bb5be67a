"""The complaint's record-level evidence index (pure: facts in, document out)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from xieshang.documents.complaint_tables import evidence_label
from xieshang.documents.facts import CitedRecordFacts, FindingFacts
from xieshang.documents.fill import fill
from xieshang.documents.render_text import render_text
from xieshang.documents.templates import load_file_template

from .e1_facts import e1_facts

TODAY = date(2026, 11, 28)
BJ = timezone(timedelta(hours=8))
SHA_A = "a" * 60 + "0001"
SHA_B = "b" * 60 + "0002"


def record(rid: str, hour: int, sha: str = SHA_A, kind: str = "短信", text: str = "") -> CitedRecordFacts:
    return CitedRecordFacts(
        id=rid,
        when=datetime(2026, 11, 20, hour, 5, tzinfo=BJ),
        kind=kind,
        counterpart=f"10690{rid}",
        excerpt=text or f"记录{rid}的内容",
        source_file="sms.xml" if sha == SHA_A else "calls.xml",
        sha256=sha,
        position=f"第 {rid} 条短信",
    )


def finding(detail: str, ids: tuple[str, ...], lender: str = "360借条", hour: int = 9) -> FindingFacts:
    return FindingFacts(
        rule="threat.visit",
        severity="medium",
        confidence="verified",
        source="某办法",
        when=datetime(2026, 11, 20, hour, 5, tzinfo=BJ),
        detail=detail,
        lender=lender,
        evidence_ids=ids,
    )


def complaint(**changes: object) -> str:
    return render_text(fill(load_file_template("complaint"), e1_facts(**changes), today=TODAY))


def line_of(text: str, start: str) -> str:
    lines = [x for x in text.splitlines() if re.match(rf"{start}\s", x)]
    assert len(lines) == 1, (start, lines)
    return lines[0]


def test_labels_list_pairs_and_join_runs() -> None:
    assert evidence_label([4, 3]) == "证据3、证据4"
    assert evidence_label([9, 5, 6, 7, 8, 11, 11]) == "证据5至证据9、证据11"
    assert evidence_label([]) == ""


@settings(max_examples=150, deadline=None)
@given(st.sets(st.integers(1, 60), max_size=25))
def test_labels_name_exactly_the_numbers(numbers: set[int]) -> None:
    named: set[int] = set()
    for part in evidence_label(numbers).split("、") if numbers else []:
        bounds = [int(x) for x in re.findall(r"证据(\d+)", part)]
        named |= set(range(bounds[0], bounds[-1] + 1))
    assert named == numbers


def test_index_numbers_the_letters_records_and_findings_point_at_them() -> None:
    cited = (
        record("7", 8),
        record("3", 9),
        record("5", 10, sha=SHA_B, kind="通话", text="来电，未接通"),
        record("9", 11),
    )
    findings = (
        finding("上门威胁甲", ("3",), hour=9),
        finding("深夜来电乙", ("5", "7"), hour=8),
        finding("别家机构丙", ("9",), lender="借呗", hour=11),  # about another lender: not in this letter
    )
    text = complaint(cited=cited, findings=findings)
    # 证据1 is the earliest record the letter cites; record 9 belongs to the other lender's finding only
    assert "记录7的内容" in line_of(text, "证据1") and "第 7 条短信" in line_of(text, "证据1")
    assert "记录3的内容" in line_of(text, "证据2")
    call = line_of(text, "证据3")
    assert "通话" in call and "106905" in call and "calls.xml，第 5 条短信" in call and SHA_B[:12] in call
    assert "证据4" not in text and "记录9的内容" not in text and "别家机构丙" not in text
    assert "上门威胁甲（见证据2）" in text and "深夜来电乙（见证据1、证据3）" in text
    # full hashes once per file, with the numbers each file holds
    assert re.search(rf"sms\.xml\s+证据1、证据2\s+{SHA_A}", text)
    assert re.search(rf"calls\.xml\s+证据3\s+{SHA_B}", text)
    assert text.count(SHA_A) == 1 and text.count(SHA_B) == 1


def test_without_cited_records_the_file_index_remains() -> None:
    from xieshang.documents.facts import EvidenceFacts

    evidence = (EvidenceFacts(ref="E01", name="calls.xml", kind="通话记录", sha256=SHA_B, source="/x"),)
    text = complaint(
        evidence=evidence, findings=(finding("别家", ("9",), lender="借呗"),), cited=(record("9", 9),)
    )
    assert (
        "E01" in text and "calls.xml" in text and "证据1" not in text and "证据来源文件及校验值" not in text
    )


def test_the_index_adds_no_number_of_its_own() -> None:
    """Every digit run in the facts section and the index is a record's time, number, position or hash, an
    evidence number, or a figure of the facts — nothing counted or computed by the letter."""
    cited = tuple(record(str(i), 8 + i) for i in range(1, 6))
    text = complaint(cited=cited, findings=(finding("频繁联系", tuple(str(i) for i in range(1, 6))),))
    section = text.split("【一、投诉事实】")[1].split("【二、投诉请求】")[0]
    index = text.split("【三、证据目录】")[1].split("投诉人（签名）")[0]
    allowed = {"2026", "11", "20", "05", "00", "256", "08", "09", "10", "12", "13"}
    allowed |= {str(i) for i in range(1, 6)} | {f"10690{i}" for i in range(1, 6)}
    allowed |= {"0001", "0002", "12315"}  # hashes' tails; the market regulator's hotline (cc)
    for chunk in (section, index.replace(SHA_A, "")):
        for number in re.findall(r"\d+", chunk.replace(SHA_A[:12], "")):
            assert number in allowed, number
    assert "（见证据1至证据5）" in section


def test_many_findings_are_condensed_to_the_first_and_latest_of_each_kind() -> None:
    """3,000 threatening messages make a letter of a few lines: per rule and lender the first and the latest
    finding, each saying how many of that kind there were and over which days; only their records cited."""
    import dataclasses

    from xieshang.documents.conduct_facts import condense_findings

    cited = [record(str(i), 8 + i % 12) for i in range(70)]
    visits = [
        dataclasses.replace(
            finding(f"上门{i}", (str(i),)), when=datetime(2026, 11, 1 + i % 28, 9, i % 60, tzinfo=BJ)
        )
        for i in range(50)
    ]
    insults = [
        dataclasses.replace(
            finding(f"辱骂{i}", (str(i),)), rule="insult", when=datetime(2026, 10, i - 49, 10, 0, tzinfo=BJ)
        )
        for i in range(50, 70)
    ]
    few, few_cited = condense_findings(visits[:3], cited)
    assert few == visits[:3] and few_cited == cited  # under the limit: untouched

    kept, kept_cited = condense_findings(visits + insults, cited)
    assert len(kept) == 4
    by_rule = {(f.rule, f.detail) for f in kept}
    first_visit = min(visits, key=lambda f: f.when)  # type: ignore[arg-type,return-value]
    last_visit = max(visits, key=lambda f: f.when)  # type: ignore[arg-type,return-value]
    assert ("threat.visit", first_visit.detail) in by_rule and ("threat.visit", last_visit.detail) in by_rule
    assert ("insult", "辱骂50") in by_rule and ("insult", "辱骂69") in by_rule
    for f in kept:
        group = visits if f.rule == "threat.visit" else insults
        assert f.similar == len(group)
        assert f.similar_first == min(g.when for g in group)  # type: ignore[type-var]
        assert f.similar_last == max(g.when for g in group)  # type: ignore[type-var]
    assert {c.id for c in kept_cited} == {i for f in kept for i in f.evidence_ids}

    text = complaint(findings=tuple(kept), cited=tuple(kept_cited))
    assert "（同类共 50 次，2026-11-01 至 2026-11-28）" in text
    assert "（同类共 20 次，2026-10-01 至 2026-10-20）" in text
    assert "证据5" not in text  # four findings cite four records
