from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.fixtures.formats import CST, Call, Mms, MmsPart, Sms, write_call_log, write_sms_backup
from xieshang.cases.models import Case
from xieshang.cases.services import case_create, debt_add
from xieshang.evidence.services import evidence_import

OWN = "13800138000"
FRIEND = "13900000002"
DAY = datetime(2024, 3, 6, tzinfo=CST)  # a Wednesday


@pytest.fixture(autouse=True)
def vault(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    settings.XIESHANG_EVIDENCE_ROOT = root
    settings.XIESHANG_TSA_URL = ""
    settings.XIESHANG_TSA_CA_FILE = ""
    return root


def make_case(
    name: str = "wang-fang", lenders: tuple[str, ...] = ("招联金融", "捷信"), owner: Any = None
) -> Case:
    """王芳's case with a consumer-finance debt per lender (owner: a new user unless given)."""
    owner = owner or get_user_model().objects.create_user(f"owner-{name}", password="x" * 12)
    case = case_create(
        owner=owner,
        name=name,
        borrower_name="王芳",
        monthly_income=Decimal("5000"),
        monthly_essential_expenses=Decimal("3200"),
    )
    for n, lender in enumerate(lenders):
        debt_add(
            case=case,
            fields={
                "id": f"d{n}",
                "lender": lender,
                "lender_type": "consumer_finance",
                "principal": Decimal("20000"),
                "method": "equal_installment",
                "start_date": "2023-06-01",
                "term_months": 12,
                "annual_rate": Decimal("0.18"),
            },
        )
    return case


# Texts the tests look records up by.
LAWFUL = "【招联金融】尊敬的王芳，您的借款本期应还1,286.50元已逾期12天，请通过官方APP还款，以免影响征信。"
LEGAL = "【招联金融】如协商不成，我司将依法向人民法院提起诉讼，请于3月20日前处理。"
THREAT = "【招联金融】王芳，再不还款明天就派人去你单位找你领导，让你同事都知道你欠钱不还。"
INSULT = "你这个老赖，欠款拖了这么久还不还，要不要脸？"
SUMMONS = "【捷信】你已被起诉，法院传票明天送到你单位。"
GROUP = "【捷信】您的账单已逾期，请尽快还款。"
SENT = "我下周一先还500元"


def write_evidence(tmp_path: Path) -> list[Path]:
    """A real-format SMS backup and call log: lawful and unlawful messages, night calls, a call flood."""
    messages: list[Sms | Mms] = [
        Sms("1069055500", LAWFUL, DAY.replace(hour=10)),
        Sms("1069055500", LEGAL, DAY.replace(hour=11)),
        Sms("1069055500", THREAT, DAY.replace(hour=23, minute=15)),
        Sms("13712345678", INSULT, DAY.replace(hour=14)),
        Sms("1069012345", SUMMONS, DAY.replace(hour=16)),
        Sms("1069055500", SENT, DAY.replace(hour=23, minute=40), type=2),
        Mms(
            "1069012345",
            DAY.replace(hour=15),
            msg_box=1,
            addrs=(("1069012345", 137), (OWN, 151), (FRIEND, 151)),
            parts=(MmsPart("text/plain", text=GROUP, name="text_0.txt"),),
        ),
    ]
    calls = [
        Call("02161230000", DAY.replace(hour=9) + timedelta(minutes=40 * i), 0, 3, "招联金融催收")
        for i in range(6)
    ] + [
        Call("02161230000", DAY.replace(hour=22, minute=30) + timedelta(days=1), 35, 1, "招联金融催收"),
        Call("13512345678", DAY.replace(hour=12), 60, 2, "妈妈"),
    ]
    return [
        write_sms_backup(tmp_path / "sms-20240307.xml", messages),
        write_call_log(tmp_path / "calls-20240307.xml", calls),
    ]


@pytest.fixture
def imported_case(db: None, tmp_path: Path) -> Case:
    case = make_case()
    evidence_import(case=case, paths=write_evidence(tmp_path))
    return case
