"""Every page, read in English and in Chinese: no text of the other language leaks in. The pages are found by
walking the URL configuration (as the access test does) on a case with evidence, a contact, an offer and an
agreement, so a page added later — or a string not marked for translation — is caught here.

Data the user typed (names, lenders, messages) and the names of laws, apps and file formats are allowed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.integration.web.test_access import case_routes
from xieshang.cases.models import Case

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff]")
# What an English page may show in Chinese: the user's data, the brand, the language menu, and the names of
# laws, official apps and Chinese terms given beside their English explanation.
DATA_ZH = ("李明", "360借条", "王女士", "说明失业", "三个工作日内回电", "简体中文", "协", "借呗")
DATA_ZH += ("您好，这里是XX", "律师", "事务所，关于您的欠款……")  # the SMS found by the search
# What a Chinese page may show in Latin letters: formats, product names, abbreviations, file names, the slug.
LATIN_OK = {
    "APP",
    "App",
    "PDF",
    "DOCX",
    "ZIP",
    "CSV",
    "Excel",
    "WPS",
    "Word",
    "SHA",
    "toml",
    "ics",
    "eml",
    "mbox",
    "XML",
    "SMS",
    "Backup",
    "Restore",
    "QQ",
    "WechatMsg",
    "PyWxDump",
    "LPR",
    "IRR",
    "KB",
    "MB",
    "Asia",
    "Shanghai",
    "Standard",
    "Financial",
    "Statement",
    "jt360",
    "liming",
    "ming",
    "xml",
    "sms",
    "png",
    "image",
    "line",
    "mms",
    "xxx",
}


class VisibleText(HTMLParser):
    """The text a reader sees: element text, plus placeholders, titles and labels (no scripts, no SVG)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._quoted: list[str] = []  # open elements marked lang="zh…" (Chinese quoted on purpose)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg"):
            self._skip += 1
        if (
            self._quoted
            or any(name == "lang" and (value or "").startswith("zh") for name, value in attrs)
            and tag != "html"
        ):
            self._quoted.append(tag)
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self._skip -= 1
        if self._quoted and self._quoted[-1] == tag:
            self._quoted.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._quoted and data.strip():
            self.parts.append(data.strip())


def visible(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def chinese_leaks(text: str) -> str:
    """Chinese in an English text once data, sources and terms in brackets are taken out ('' = none)."""
    for data in DATA_ZH:
        text = text.replace(data, "")
    if text.startswith("Source:") or "source:" in text:
        return ""  # the names of laws and notices are given in Chinese on purpose
    text = re.sub(r"\([^)]*\)|“[^”]*”|\"[^\"]*\"", "", text)  # 分期 in “instalments (分期)”
    text = re.sub(r"\b(e\.g\.|the|The official)\s+\S+", "", text)  # “e.g. 逾期”, “the 掌上12333 app”
    return "".join(CJK.findall(text))


def english_leaks(text: str) -> list[str]:
    text = re.sub(r"\b[0-9a-f]{16}…", "", text)  # a shortened SHA-256
    words = re.findall(r"[A-Za-z]+", text)
    return [w for w in words if w not in LATIN_OK and len(w) > 2]


@pytest.fixture
def full_case(e1_case: Case, owner: Any, tmp_path: Path) -> Case:
    from tests.fixtures.formats import write_sms_backup
    from xieshang.evidence.services import evidence_import
    from xieshang.negotiation import services as neg

    evidence_import(case=e1_case, paths=[write_sms_backup(tmp_path / "sms-1.xml")], user=owner)
    debt = e1_case.debts.get()
    neg.contact_record(
        case=e1_case,
        channel="phone",
        occurred_at=datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
        said="说明失业",
        debt=debt,
        person="王女士",
        staff_number="A1024",
        promise="三个工作日内回电",
        promise_by="lender",
        promise_due=date(2026, 11, 25),
        follow_up_on=date(2026, 11, 26),
    )
    neg.offer_record(
        case=e1_case,
        proposed_by="borrower",
        proposed_on=date(2026, 11, 21),
        kind="installments",
        debt=debt,
        amount=Decimal("10000"),
        months=12,
        first_due_date=date(2026, 12, 28),
        valid_until=date(2026, 12, 1),
    )
    neg.agreement_record(
        case=e1_case,
        agreed_on=date(2026, 11, 22),
        kind="installments",
        amount=Decimal("10000"),
        first_due_date=date(2026, 11, 25),
        months=6,
        debt=debt,
    )
    return e1_case


def _pages(case: Case) -> list[str]:
    from xieshang.negotiation.models import Contact

    contact = Contact.objects.get(case=case)
    pages = ["/", "/cases/new/", "/cases/no-such-case/", f"/cases/{case.name}/search/?q=律师"]
    pages.append(f"/cases/{case.name}/contacts/{contact.pk}/")
    pages.append(f"/cases/{case.name}/debts/new/?kind=card")  # the card form and its bill guidance
    for route in case_routes():
        if route.startswith("api/") or "<" in route.replace("<slug:case_name>", ""):
            continue  # the API is JSON; rows with their own ids are covered above
        pages.append("/" + route.replace("<slug:case_name>", case.name))
    return pages


def _client(user: Any, lang: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def test_every_page_in_english_has_no_untranslated_chinese(full_case: Case, owner: Any) -> None:
    client = _client(owner, "en")
    leaks, read = [], 0
    for url in _pages(full_case):
        response = client.get(url)
        if "html" not in response.get("Content-Type", "") or response.status_code == 405:
            continue
        read += 1
        assert 'lang="en"' in response.content.decode(), url
        for text in visible(response.content.decode()):
            if chinese_leaks(text):
                leaks.append((url, text[:120]))
    assert read >= 18
    assert leaks == [], "\n".join(map(str, leaks))


def test_every_page_in_chinese_has_no_untranslated_english(full_case: Case, owner: Any) -> None:
    client = _client(owner, "zh-hans")
    leaks, read = [], 0
    for url in _pages(full_case):
        response = client.get(url)
        if "html" not in response.get("Content-Type", "") or response.status_code == 405:
            continue
        read += 1
        for text in visible(response.content.decode()):
            if english_leaks(text):
                leaks.append((url, text[:120], english_leaks(text)))
    assert read >= 18
    assert leaks == [], "\n".join(map(str, leaks))


@pytest.mark.parametrize("lang, expected", [("en", "Page not found"), ("zh-hans", "页面不存在")])
def test_not_found_page_is_translated(owner: Any, lang: str, expected: str) -> None:
    response = _client(owner, lang).get("/cases/no-such-case/")
    assert response.status_code == 404 and expected in response.content.decode()


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/register/"])
def test_anonymous_pages_in_both_languages(url: str, db: Any) -> None:
    for lang in ("en", "zh-hans"):
        client = Client()
        client.cookies["django_language"] = lang
        texts = visible(client.get(url).content.decode())
        if lang == "en":
            assert [t for t in texts if chinese_leaks(t)] == []
        else:
            assert [t for t in texts if english_leaks(t)] == []


def test_the_leak_checks_can_fail() -> None:
    assert chinese_leaks("Next: 联系平台") and not chinese_leaks("instalments (分期)")
    assert english_leaks("页面 Not Found") and not english_leaks("下载案件文件（.toml）")
