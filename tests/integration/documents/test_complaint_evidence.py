"""The complaint letter's evidence index lists each record the conduct findings rest on (证据1, 证据2, …),
with its time, kind, number, excerpt, source file, position and the file's SHA-256, and each finding in
the facts section points at its numbers. Real-format exports imported through the evidence service."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.fixtures.formats import CST, Call, Sms, write_call_log, write_sms_backup
from tests.unit.documents.probes import docx_text, pdf_text
from xieshang.cases.models import Case
from xieshang.cases.services import case_create, debt_add
from xieshang.evidence.services import evidence_import

from .conftest import cli

pytestmark = [pytest.mark.django_db(transaction=True)]

LENDER = "招联金融"
LAWFUL = "【招联金融】尊敬的王芳，您的借款本期应还1,286.50元已逾期12天，请通过官方APP还款，以免影响征信。"
THREAT = "【招联金融】王芳，再不还款明天就派人去你单位找你领导，让你同事都知道你欠钱不还。"
SUMMONS = "【招联金融】你已被起诉，法院传票明天送到你单位。"
SMS_NUMBER = "1069055500"
NIGHT_NUMBER = "02161230000"
DAY_NUMBER = "02161239999"
NIGHT = datetime(2024, 3, 5, 23, 30, tzinfo=CST)
THREAT_AT = datetime(2024, 3, 6, 14, 10, tzinfo=CST)
SUMMONS_AT = datetime(2024, 3, 6, 16, 45, tzinfo=CST)


@pytest.fixture
def exports(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "export"
    folder.mkdir()
    sms = write_sms_backup(
        folder / "sms-20240307.xml",
        [
            Sms(SMS_NUMBER, LAWFUL, datetime(2024, 3, 6, 10, 5, tzinfo=CST)),  # sms #1: lawful
            Sms(SMS_NUMBER, THREAT, THREAT_AT),  # sms #2
            Sms(SMS_NUMBER, SUMMONS, SUMMONS_AT),  # sms #3
        ],
    )
    calls = write_call_log(
        folder / "calls-20240307.xml",
        [
            Call(NIGHT_NUMBER, NIGHT, 35, 1, "招联金融催收"),  # call #1: 23:30
            Call(DAY_NUMBER, datetime(2024, 3, 6, 11, 0, tzinfo=CST), 60, 1, "招联金融客服"),  # lawful
        ],
    )
    return {"sms": sms, "calls": calls}


@pytest.fixture
def case(exports: dict[str, Path]) -> Case:
    owner = get_user_model().objects.create_user("owner", password="x" * 12)
    case = case_create(
        owner=owner,
        name="wang-fang",
        borrower_name="王芳",
        monthly_income=Decimal("5000"),
        monthly_essential_expenses=Decimal("3200"),
    )
    debt_add(
        case=case,
        fields={
            "id": "zl",
            "lender": LENDER,
            "lender_type": "consumer_finance",
            "principal": Decimal("20000"),
            "method": "equal_installment",
            "start_date": "2023-06-01",
            "term_months": 12,
            "annual_rate": Decimal("0.18"),
        },
    )
    evidence_import(case=case, paths=[exports["sms"], exports["calls"]])
    return case


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def download(case: Case, fmt: str, query: str = "") -> bytes:
    client = Client()
    client.force_login(case.owner)
    response = client.get(reverse("documents:letter", args=[case.name, "complaint", fmt]) + query)
    assert response.status_code == 200, response.content
    return bytes(response.content)


def row(text: str, ref: str) -> str:
    """The index line of evidence `ref` (a txt or DOCX table row starts with its number)."""
    lines = [x for x in text.splitlines() if re.match(rf"{ref}\b|{ref}\s*\|", x)]
    assert len(lines) == 1, (ref, lines)
    return lines[0]


def finding_rows(text: str) -> list[str]:
    return [x for x in text.splitlines() if x.startswith("2024-03-0")]


def test_txt_index_lists_each_cited_record(case: Case, exports: dict[str, Path]) -> None:
    text = download(case, "txt").decode()
    sms_sha, calls_sha = sha(exports["sms"]), sha(exports["calls"])
    # time order: the night call, the threat, the fake summons; the lawful reminder and the day call are
    # no evidence of anything and are not listed
    night, threat, summons = row(text, "证据1"), row(text, "证据2"), row(text, "证据3")
    assert "证据4" not in text
    assert "2024-03-05 23:30:00" in night and "通话" in night and NIGHT_NUMBER in night
    assert "来电，通话 35 秒" in night
    assert "calls-20240307.xml" in night and "第 1 条通话记录" in night and calls_sha[:12] in night
    assert "2024-03-06 14:10:00" in threat and "短信" in threat and SMS_NUMBER in threat
    assert "再不还款明天就派人去你单位" in threat
    assert "sms-20240307.xml" in threat and "第 2 条短信" in threat and sms_sha[:12] in threat
    assert "2024-03-06 16:45:00" in summons and "法院传票" in summons and "第 3 条短信" in summons
    assert "官方APP还款" not in text and DAY_NUMBER not in text
    # the full SHA-256 of each source file, once, with the evidence numbers it holds
    files = {x.split()[0]: x for x in text.splitlines() if sms_sha in x or calls_sha in x}
    assert calls_sha in files["calls-20240307.xml"] and "证据1" in files["calls-20240307.xml"]
    assert sms_sha in files["sms-20240307.xml"] and "证据2、证据3" in files["sms-20240307.xml"]
    # each finding points at its records: the night-call row at 证据1, the threat rows at 证据2, …
    rows = finding_rows(text)
    assert len(rows) >= 3 and all("（见证据" in r for r in rows)
    assert all("（见证据1）" in r for r in rows if r.startswith("2024-03-05 23:30"))
    assert all("（见证据2）" in r for r in rows if r.startswith("2024-03-06 14:10"))
    assert any(r.startswith("2024-03-06 16:45") and "（见证据3）" in r for r in rows)
    assert download(case, "txt") == text.encode()  # deterministic


def test_page_options_renumber_the_index(case: Case, exports: dict[str, Path]) -> None:
    """With a real court case the summons is no finding: it leaves the index, the others keep 1 and 2."""
    text = download(case, "txt", "?court=1&numbers=13800138000").decode()
    assert "法院传票" not in text and "证据3" not in text
    assert "第 1 条通话记录" in row(text, "证据1") and "第 2 条短信" in row(text, "证据2")
    assert not any(r.startswith("2024-03-06 16:45") for r in finding_rows(text))


def test_docx_and_pdf_carry_the_same_index(case: Case, exports: dict[str, Path]) -> None:
    sms_sha, calls_sha = sha(exports["sms"]), sha(exports["calls"])
    docx = docx_text(download(case, "docx"))
    threat = row(docx, "证据2")
    assert "第 2 条短信" in threat and SMS_NUMBER in threat and sms_sha[:12] in threat
    assert "2024-03-06 14:10:00" in threat
    assert any(sms_sha in x and "证据2、证据3" in x for x in docx.splitlines())
    assert any(x.startswith("2024-03-05 23:30") and "（见证据1）" in x for x in docx.splitlines())

    data = download(case, "pdf")
    assert download(case, "pdf") == data  # deterministic
    flat = re.sub(r"\s+", "", pdf_text(data))
    for needle in (
        "证据1",
        "证据3",
        "第1条通话记录",
        "第2条短信",
        "第3条短信",
        "（见证据1）",
        "（见证据2）",
        "（见证据3）",
        NIGHT_NUMBER,
        calls_sha,
        sms_sha,
        "2024-03-0523:30:00",
    ):
        assert needle in flat, needle
    assert flat.index("证据目录") < flat.index("证据来源文件及校验值") < flat.index(sms_sha)


def test_cli_letter_has_the_record_level_index(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "complaint.txt"
    status, _, err = cli("letter", "complaint", case.name, "-o", str(out))
    assert status == 0, err
    text = out.read_text(encoding="utf-8")
    assert "第 2 条短信" in row(text, "证据2") and "见证据2" in text
