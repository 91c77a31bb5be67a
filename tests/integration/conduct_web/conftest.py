"""A case with a real-format SMS backup and call log imported through the evidence service."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.fixtures.formats import CST, Call, Mms, MmsPart, Sms, write_call_log, write_sms_backup
from tests.integration.conduct.conftest import make_case as conduct_case
from xieshang.cases.models import Case
from xieshang.evidence.services import evidence_import

PASSWORD = "conduct-web-Passw0rd"
OWN = "13800138000"
FRIEND = "13900000002"
DAY = datetime(2024, 3, 6, tzinfo=CST)  # a Wednesday (heat map row 2)

LAWFUL = "【招联金融】尊敬的王芳，您的借款本期应还1,286.50元已逾期12天，请通过官方APP还款，以免影响征信。"
LEGAL = "【招联金融】如协商不成，我司将依法向人民法院提起诉讼，请于3月20日前处理。"
THREAT = "【招联金融】王芳，再不还款明天就派人去你单位找你领导，让你同事都知道你欠钱不还。"
SUMMONS = "【捷信】你已被起诉，法院传票明天送到你单位。"
GROUP = "【捷信】您的账单已逾期，请尽快还款。"


@pytest.fixture(autouse=True)
def vault(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    settings.XIESHANG_EVIDENCE_ROOT = root
    settings.XIESHANG_TSA_URL = ""
    settings.XIESHANG_TSA_CA_FILE = ""
    return root


def make_user(name: str) -> Any:
    return get_user_model().objects.create_user(name, password=PASSWORD)


def make_case(owner: Any, name: str = "wang-fang") -> Case:
    return conduct_case(name, owner=owner)


def write_evidence(folder: Path) -> list[Path]:
    """Lawful and unlawful messages, a 23:30 call, a 21:15 missed call, and a call to the borrower's mother."""
    folder.mkdir(parents=True, exist_ok=True)
    messages: list[Sms | Mms] = [
        Sms("1069055500", LAWFUL, DAY.replace(hour=10, minute=5)),
        Sms("1069055500", LEGAL, DAY.replace(hour=11, minute=20)),
        Sms("1069055500", THREAT, DAY.replace(hour=14, minute=10)),
        Sms("1069012345", SUMMONS, DAY.replace(hour=16, minute=45)),
        Mms(
            "1069012345",
            DAY.replace(hour=15),
            msg_box=1,
            addrs=(("1069012345", 137), (OWN, 151), (FRIEND, 151)),
            parts=(MmsPart("text/plain", text=GROUP, name="text_0.txt"),),
        ),
    ]
    calls = [
        Call("02161230000", DAY.replace(hour=23, minute=30), 35, 1, "招联金融催收"),
        Call("02198760000", DAY.replace(hour=21, minute=15) + timedelta(days=1), 0, 3, "捷信客服"),
        Call("13512345678", DAY.replace(hour=12), 60, 2, "妈妈"),
    ]
    return [
        write_sms_backup(folder / "sms-20240308.xml", messages),
        write_call_log(folder / "calls-20240308.xml", calls),
    ]


@pytest.fixture
def owner(db: None) -> Any:
    return make_user("owner")


@pytest.fixture
def imported_case(owner: Any, tmp_path: Path) -> Case:
    case = make_case(owner)
    evidence_import(case=case, paths=write_evidence(tmp_path / "export"))
    return case


@pytest.fixture
def client_of(owner: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.login(username=owner.username, password=PASSWORD)
    return client
