"""The borrower's own numbers and addresses (`Case.own_contacts`): the edit form normalises and refuses,
they survive a case-file replace without entering the case file, the evidence import reads direction
from them, and another user cannot see or change them."""

from __future__ import annotations

import html
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.fixtures.formats_email import EmailSpec, email_bytes
from xieshang.cases.casefile_io import case_file_for_case, case_store_from_file
from xieshang.cases.models import Case
from xieshang.evidence.models import EvidenceRecord
from xieshang.evidence.services import evidence_import

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

OWN_MAIL = "li.ming@example.com"
LENDER_MAIL = "collect@lender.example.cn"


def _form(case: Case, own_contacts: str) -> dict[str, Any]:
    return {
        "borrower_name": case.borrower_name,
        "monthly_income": str(case.monthly_income),
        "monthly_essential_expenses": str(case.monthly_essential_expenses),
        "hardships": list(case.hardships),
        "as_of": case.as_of.isoformat() if case.as_of else "",
        "own_contacts": own_contacts,
    }


def _edit(client: Client, case: Case, own_contacts: str) -> Any:
    return client.post(f"/cases/{case.name}/edit/", _form(case, own_contacts))


def test_entries_are_normalised(owner_client: Client, e1_case: Case) -> None:
    typed = (
        "138 0013 8000\n"
        "+86 139-0013-9000\n"
        "0086 137 0013 7000, 010-6512 3456\n"
        "Li.Ming@Example.COM\n"
        "QQ 12345678\n"
        "qq：87654321\n"
        "wxid_AbC123xyz\n"
        "微信 li_ming88\n"
        "13800138000\n"  # the first number again: kept once
    )
    response = _edit(owner_client, e1_case, typed)
    assert response.status_code == 302
    e1_case.refresh_from_db()
    assert e1_case.own_contacts == [
        "13800138000",
        "13900139000",
        "13700137000",
        "01065123456",
        "li.ming@example.com",
        "qq:12345678",
        "qq:87654321",
        "wechat:wxid_abc123xyz",
        "wechat:li_ming88",
    ]
    # The edit form shows them back, one per line, and saving again changes nothing.
    shown = owner_client.get(f"/cases/{e1_case.name}/edit/").context["form"]["own_contacts"].value()
    assert shown.splitlines()[:2] == ["13800138000", "13900139000"]
    assert _edit(owner_client, e1_case, shown).status_code == 302
    stored = list(e1_case.own_contacts)
    e1_case.refresh_from_db()
    assert e1_case.own_contacts == stored
    page = owner_client.get(f"/cases/{e1_case.name}/").content.decode()
    assert "li.ming@example.com" in page and "qq:12345678" in page


@pytest.mark.parametrize(
    ("entry", "zh", "en"),
    [
        ("hello world", "既不是电话号码", "is not a phone number, an e-mail address"),
        ("12345678", "不是手机号", "is not a mobile number"),
        ("li.ming@", "不是有效的电子邮箱地址", "is not a valid e-mail address"),
        ("QQ 0123", "不是 QQ 号", "is not a QQ number"),
        ("微信 1abc", "不是微信号", "is not a WeChat id"),
        ("+1 23", "位数太少或太多", "too few or too many digits"),
    ],
)
def test_junk_is_refused_naming_the_entry(
    owner_client: Client, e1_case: Case, entry: str, zh: str, en: str
) -> None:
    response = _edit(owner_client, e1_case, f"13800138000\n{entry}")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["own_contacts"])
    assert zh in errors and f"“{entry}”" in errors
    owner_client.cookies["django_language"] = "en"
    english = _edit(owner_client, e1_case, f"13800138000\n{entry}")
    errors_en = " ".join(english.context["form"].errors["own_contacts"])
    assert en in errors_en and f"“{entry}”" in errors_en
    assert entry in html.unescape(english.content.decode())
    e1_case.refresh_from_db()
    assert e1_case.own_contacts == []


def test_every_bad_entry_is_named_at_once(owner_client: Client, e1_case: Case) -> None:
    response = _edit(owner_client, e1_case, "abc\n13800138000\nxyz@")
    errors = response.context["form"].errors["own_contacts"]
    assert len(errors) == 2 and "“abc”" in errors[0] and "“xyz@”" in errors[1]


def test_a_new_case_can_carry_them(owner_client: Client) -> None:
    response = owner_client.post(
        "/cases/new/",
        {
            "name": "new-one",
            "borrower_name": "张三",
            "monthly_income": "4000",
            "monthly_essential_expenses": "2500",
            "own_contacts": "+86 135 0000 0001",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(name="new-one").own_contacts == ["13500000001"]


def test_kept_when_a_case_file_replaces_the_case_and_never_exported(
    owner_client: Client, e1_case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert _edit(owner_client, e1_case, "13800138000\nLi.Ming@example.com").status_code == 302
    exported = owner_client.get(f"/cases/{e1_case.name}/export.toml").content
    assert b"13800138000" not in exported and b"li.ming" not in exported.lower()
    text = exported.replace("李明".encode(), "李明明".encode())
    response = owner_client.post(
        f"/cases/{e1_case.name}/replace/", {"file": SimpleUploadedFile("x.toml", text)}
    )
    assert response.status_code == 302
    e1_case.refresh_from_db()
    assert e1_case.borrower_name == "李明明" and e1_case.debts.count() == 1
    assert e1_case.own_contacts == ["13800138000", "li.ming@example.com"]
    # The service itself, as the CLI's import uses it.
    case_store_from_file(owner=e1_case.owner, name=e1_case.name, case_file=case_file_for_case(e1_case))
    e1_case.refresh_from_db()
    assert e1_case.own_contacts == ["13800138000", "li.ming@example.com"]
    assert "13800138000" not in caplog.text and "li.ming" not in caplog.text.lower()


def test_another_user_gets_404_and_changes_nothing(
    owner_client: Client, other_client: Client, e1_case: Case
) -> None:
    assert _edit(owner_client, e1_case, "13800138000").status_code == 302
    assert other_client.get(f"/cases/{e1_case.name}/edit/").status_code == 404
    assert _edit(other_client, e1_case, "13900000000").status_code == 404
    e1_case.refresh_from_db()
    assert e1_case.own_contacts == ["13800138000"]


def test_evidence_page_hints_until_numbers_are_saved(owner_client: Client, e1_case: Case) -> None:
    hint = 'id="own-contacts-hint"'
    assert hint in owner_client.get(f"/cases/{e1_case.name}/evidence/").content.decode()
    _edit(owner_client, e1_case, "13800138000")
    assert hint not in owner_client.get(f"/cases/{e1_case.name}/evidence/").content.decode()


def _mbox(path: Path) -> Path:
    """Two people writing to each other only: nothing in the file says which one owns the mailbox."""
    start = datetime(2024, 3, 5, 10, 0, tzinfo=timezone(timedelta(hours=8)))
    messages = [
        EmailSpec(subject="逾期提醒", from_name="催收", from_addr=LENDER_MAIL, to_addr=OWN_MAIL,
                  body="您的借款已逾期，请尽快还款。", charset="utf-8", date=start,
                  message_id="<m1@lender.example.cn>"),
        EmailSpec(subject="Re: 逾期提醒", from_name="李明", from_addr="Li.Ming@Example.com",
                  to_name="催收", to_addr=LENDER_MAIL, body="我下周一先还500元。", charset="utf-8",
                  date=start + timedelta(hours=2), message_id="<m2@example.com>"),
        EmailSpec(subject="还款方案", from_name="催收", from_addr=LENDER_MAIL, to_addr=OWN_MAIL,
                  body="请确认分期方案。", charset="utf-8", date=start + timedelta(hours=5),
                  message_id="<m3@lender.example.cn>"),
        EmailSpec(subject="Re: 还款方案", from_name="李明", from_addr=OWN_MAIL, to_name="催收",
                  to_addr=LENDER_MAIL, body="同意。", charset="utf-8", date=start + timedelta(hours=6),
                  message_id="<m4@example.com>"),
    ]  # fmt: skip
    with path.open("wb") as out:
        for spec in messages:
            raw = email_bytes(spec).replace(b"\r\n", b"\n")
            out.write(f"From {spec.from_addr} {spec.date:%a %b %d %H:%M:%S %Y}\n".encode() + raw + b"\n")
    return path


def _directions(case: Case) -> dict[str, str]:
    return dict(
        EvidenceRecord.objects.filter(case=case, kind="email").values_list("external_id", "direction")
    )


def test_the_import_reads_direction_from_the_owners_addresses(
    owner_client: Client, e1_case: Case, settings: Any, tmp_path: Path
) -> None:
    settings.XIESHANG_EVIDENCE_ROOT = tmp_path / "vault"
    settings.XIESHANG_TSA_URL = ""
    mbox = _mbox(tmp_path / "mail.mbox")
    # Without the owner's address the mailbox is a tie: the importer cannot tell who wrote what.
    guess = Case.objects.create(
        owner=e1_case.owner,
        name="no-contacts",
        borrower_name="李明",
        monthly_income=1,
        monthly_essential_expenses=1,
    )
    evidence_import(case=guess, paths=[mbox])
    assert set(_directions(guess).values()) == {"unknown"}
    # Saved on the case: the owner's messages are outgoing, the lender's incoming.
    assert _edit(owner_client, e1_case, "li.ming@EXAMPLE.com").status_code == 302
    response = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/",
        {"files": SimpleUploadedFile("mail.mbox", mbox.read_bytes())},
    )
    assert response.status_code in (200, 302)
    assert _directions(e1_case) == {
        "m1@lender.example.cn": "incoming",
        "m2@example.com": "outgoing",
        "m3@lender.example.cn": "incoming",
        "m4@example.com": "outgoing",
    }
