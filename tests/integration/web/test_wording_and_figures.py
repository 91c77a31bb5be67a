"""Issue 19's smaller items as a borrower meets them: plurals in English, one form of address in Chinese (您),
money with thousands separators on every page, a lender named on the offer form when it is not one of the
debts, and the record number the agreement form asks for shown on the Search page."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.integration.web.test_languages import _pages, full_case  # noqa: F401  (a fixture)
from xieshang.cases.models import Case
from xieshang.negotiation.models import Offer

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[3] / "src" / "xieshang"
# A money figure as the workbench prints it without grouping: four or more digits before two decimals.
UNGROUPED = re.compile(r"(?<![\d,.])\d{4,}\.\d{2}(?![\d.])")
# An English count of one followed by a plural noun ("1 contacts", "1 agreements", "1 debt(s)").
ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (contacts|agreements|debts|offers|payments|days|months|records|results|messages|"
    r"follow-ups|instalments|minutes|passages|files|contact\(s\)|debt\(s\))\b|\(s\)"
)


class ReadText(HTMLParser):
    """What a reader sees as text: no scripts, styles or SVG, no form values (a textarea's digits are what
    the user typed and stay plain), attributes a reader sees (title, placeholder, aria-label)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg", "textarea"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg", "textarea"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def _text(html: str) -> str:
    parser = ReadText()
    parser.feed(html)
    return "\n".join(parser.parts)


# How a payments field is filled in ("2026-02-15 1833.60", one per line): an example of what to type, whose
# digits must stay plain, like the form's own values.
INPUT_EXAMPLE = re.compile(r"\d{4}-\d{2}-\d{2} \d+\.\d{2}")


def ungrouped(text: str) -> list[str]:
    return UNGROUPED.findall(INPUT_EXAMPLE.sub("", text))


def _client(user: Any, lang: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


@pytest.fixture
def big_case(full_case: Case) -> Case:  # noqa: F811
    """The full case of the language test (E1: 20,000 borrowed, an offer and an agreement of 10,000) with a
    lender's counter-offer of 12,345.67 in 12 payments and a waiver, so that every money figure has 4+ digits."""
    from xieshang.negotiation import services as neg

    offer = Offer.objects.get(case=full_case)
    neg.offer_record(
        case=full_case,
        proposed_by="lender",
        proposed_on=date(2026, 11, 21),
        kind="installments",
        debt=offer.debt,
        responds_to=offer,
        amount=Decimal("12345.67"),
        months=12,
        waived_amount=Decimal("1234.50"),
        first_due_date=date(2026, 12, 28),
        today=date(2026, 11, 28),
    )
    return full_case


def _html_pages(client: Client, case: Case) -> dict[str, str]:
    out: dict[str, str] = {}
    for url in _pages(case):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        out[url] = response.content.decode()
    return out


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_every_money_figure_on_the_pages_of_a_case_is_grouped(big_case: Case, owner: Any, lang: str) -> None:
    pages = _html_pages(_client(owner, lang), big_case)
    must = {f"/cases/{big_case.name}/{p}" for p in ("", "assessment/", "plans/", "budget/", "offers/")}
    must |= {f"/cases/{big_case.name}/{p}" for p in ("agreement/", "conduct/", "documents/", "contacts/")}
    assert must <= set(pages), must - set(pages)
    found = {url: ungrouped(_text(html)) for url, html in pages.items()}
    assert {url: hits for url, hits in found.items() if hits} == {}
    offers = _text(pages[f"/cases/{big_case.name}/offers/"])
    assert "12,345.67" in offers and "1,234.50" in offers and "10,000.00" in offers
    agreement = _text(pages[f"/cases/{big_case.name}/agreement/"])
    assert "10,000.00" in agreement


def test_form_inputs_keep_plain_digits(big_case: Case, owner: Any) -> None:
    """What a form sends back must parse: the offer's edit form shows 12345.67, not 12,345.67."""
    client = _client(owner, "zh-hans")
    counter = Offer.objects.get(case=big_case, amount=Decimal("12345.67"))
    html = client.get(f"/cases/{big_case.name}/offers/{counter.pk}/edit/").content.decode()
    assert 'value="12345.67"' in html


def test_english_counts_of_one_take_the_singular(big_case: Case, owner: Any) -> None:
    from xieshang.negotiation.models import Agreement, Contact

    assert Contact.objects.filter(case=big_case).count() == 1
    assert Agreement.objects.filter(case=big_case).count() == 1 and big_case.debts.count() == 1
    pages = _html_pages(_client(owner, "en"), big_case)
    found = {url: [m.group(0) for m in ONE_PLURAL.finditer(_text(html))] for url, html in pages.items()}
    assert {url: hits for url, hits in found.items() if hits} == {}
    detail = _text(pages[f"/cases/{big_case.name}/"])
    assert "1 contact logged" in detail
    assert "1 agreement:" in detail
    assert "1 debt entered; figures computed." in detail


def test_plural_entries_are_translated_with_one_chinese_form() -> None:
    import polib

    plural = 0
    for po_path in sorted(SRC.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        assert po.metadata["Plural-Forms"].startswith("nplurals=1;"), po_path
        for entry in po:
            if entry.msgid_plural:
                plural += 1
                assert list(entry.msgstr_plural) == [0] and entry.msgstr_plural[0], entry.msgid
    assert plural >= 20  # the counts of the case page, the assessment, the offers, the agreement, …


# --- one form of address ------------------------------------------------------------------------------

# Words where 你 is not the workbench addressing the reader (a lender's brand name).
NI_ALLOWED = ("你我贷",)


def _ni(text: str) -> bool:
    for word in NI_ALLOWED:
        text = text.replace(word, "")
    return "你" in text


def test_every_chinese_message_addresses_the_reader_as_nin() -> None:
    import polib

    offenders = []
    for po_path in sorted(SRC.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(po_path)):
            for text in (entry.msgstr, *entry.msgstr_plural.values()):
                if _ni(text):
                    offenders.append(f"{po_path.parts[-5]}: {text}")
    assert offenders == []
    assert "您" in (SRC / "web/locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")


def test_templates_and_letters_use_one_form_of_address() -> None:
    """Templates (and their scripts) speak 您; the letters the borrower writes to a lender call it 贵方 and
    never mix 你 in."""
    files = [p for p in SRC.rglob("*") if p.suffix in (".html", ".js", ".txt")]
    files += list((SRC / "documents" / "templates_data").glob("*.toml"))
    assert len(files) > 40
    offenders = [str(p.relative_to(SRC)) for p in files if _ni(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_a_chinese_page_says_nin() -> None:
    client = Client()
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/accounts/login/").content.decode()
    text = _text(html)
    assert "你" not in text and "您" in text


# --- the lender of an offer that is not one of the debts ------------------------------------------------


def test_an_offer_for_another_lender_is_saved_with_its_name_and_listed(e1_case: Case, owner: Any) -> None:
    client = _client(owner, "zh-hans")
    form = client.get(f"/cases/{e1_case.name}/offers/").content.decode()
    assert "其他平台" in form and 'name="lender"' in form
    response = client.post(
        f"/cases/{e1_case.name}/offers/",
        {
            "debt": "",
            "lender": "招联金融",
            "proposed_by": "borrower",
            "proposed_on": "2026-11-20",
            "kind": "installments",
            "amount": "8000",
            "months": "10",
            "annual_rate_percent": "0",
            "first_due_date": "2026-12-20",
        },
        follow=True,
    )
    assert response.status_code == 200
    offer = Offer.objects.get(case=e1_case)
    assert offer.debt is None and offer.lender == "招联金融" and offer.lender_name == "招联金融"
    listed = _text(response.content.decode())
    assert "招联金融" in listed and "8,000.00" in listed
    # the dossier's negotiation record and the CLI's JSON name it too
    from zoneinfo import ZoneInfo

    from xieshang.cli.negotiation_common import offer_json
    from xieshang.documents.negotiation_record import negotiation_facts

    facts = negotiation_facts(e1_case, {}, [], ZoneInfo("Asia/Shanghai"))
    assert any("招联金融" in str(f) for f in facts)
    assert offer_json(offer, date(2026, 11, 28))["lender"] == "招联金融"
    # Editing keeps it; choosing one of the debts replaces the typed name with the debt's lender.
    debt = e1_case.debts.get()
    client.post(
        f"/cases/{e1_case.name}/offers/{offer.pk}/edit/",
        {
            "debt": str(debt.pk),
            "lender": "招联金融",
            "proposed_by": "borrower",
            "proposed_on": "2026-11-20",
            "kind": "installments",
            "amount": "8000",
            "months": "10",
            "annual_rate_percent": "0",
            "first_due_date": "2026-12-20",
        },
    )
    offer.refresh_from_db()
    assert offer.debt == debt and offer.lender == "" and offer.lender_name == debt.lender


def test_the_contact_and_agreement_forms_also_name_another_lender(e1_case: Case, owner: Any) -> None:
    from xieshang.negotiation.models import Agreement, Contact

    client = _client(owner, "zh-hans")
    for page in ("contacts", "agreement"):
        html = client.get(f"/cases/{e1_case.name}/{page}/").content.decode()
        assert "其他平台" in html and 'name="lender"' in html, page
    client.post(
        f"/cases/{e1_case.name}/contacts/",
        {
            "debt": "",
            "lender": "招联金融",
            "channel": "phone",
            "direction": "outgoing",
            "occurred_at": "2026-11-20T10:00",
            "said": "说明了情况",
        },
    )
    assert Contact.objects.get(case=e1_case).lender_name == "招联金融"
    client.post(
        f"/cases/{e1_case.name}/agreement/",
        {
            "debt": "",
            "lender": "招联金融",
            "agreed_on": "2026-11-20",
            "kind": "installments",
            "amount": "8000",
            "months": "4",
            "annual_rate_percent": "0",
            "method": "equal_installment",
            "first_due_date": "2026-12-20",
            "penalty_annual_rate_percent": "0",
            "breaks_after_days": "0",
        },
    )
    assert Agreement.objects.get(case=e1_case).lender_name == "招联金融"
    assert "招联金融" in _text(client.get(f"/cases/{e1_case.name}/agreement/").content.decode())


# --- the record number the agreement form asks for -----------------------------------------------------


def test_the_search_page_shows_each_record_number_and_hands_it_to_the_agreement_form(
    full_case: Case,  # noqa: F811
    owner: Any,
) -> None:
    from xieshang.evidence.models import EvidenceRecord

    client = _client(owner, "zh-hans")
    html = client.get(f"/cases/{full_case.name}/search/", {"q": "律师"}).content.decode()
    hits = re.findall(r'<code class="record-id" data-record-id="(\d+)">(\d+)</code>', html)
    assert hits and all(a == b for a, b in hits)
    record = EvidenceRecord.objects.get(pk=int(hits[0][0]))
    assert record.case_id == full_case.pk and "律师" in record.text
    assert "编号 <code" in html
    link = f"/cases/{full_case.name}/agreement/?confirmation_record={record.pk}#new-agreement"
    assert link.replace("&", "&amp;") in html
    form = client.get(
        f"/cases/{full_case.name}/agreement/", {"confirmation_record": record.pk}
    ).content.decode()
    assert re.search(rf'name="confirmation_record"[^>]*value="{record.pk}"', form)
    # an agreement already recorded: its confirmation form says where the number is, with a link there
    assert "“搜索”页面上每条消息旁显示的编号" in form and f'href="/cases/{full_case.name}/search/"' in form
    # A number of another case's record is not offered.
    other = client.get(
        f"/cases/{full_case.name}/agreement/", {"confirmation_record": "999999"}
    ).content.decode()
    assert 'value="999999"' not in other
