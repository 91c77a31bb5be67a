"""The conduct report page on real-format files imported through the evidence service."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html

from xieshang.cases.models import Case
from xieshang.conduct import conduct_report
from xieshang.evidence.models import EvidenceRecord

from .conftest import GROUP, LAWFUL, LEGAL, OWN, PASSWORD, SUMMONS, THREAT, make_case, make_user

pytestmark = pytest.mark.django_db


def page_of(client: Client, case: Case, query: str = "") -> Any:
    response = client.get(reverse("conduct:report", args=[case.name]) + query)
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def record(**lookup: Any) -> EvidenceRecord:
    return EvidenceRecord.objects.get(**lookup)


def cell(doc: Any, day: int, hour: int) -> Any:
    (td,) = doc.xpath(f'//table[@class="heatmap"]//td[@data-day="{day}"][@data-hour="{hour}"]')
    return td


def findings_citing(doc: Any, record_id: int) -> set[str]:
    rules = set()
    for li in doc.xpath('//li[contains(@class, "finding")]'):
        if str(record_id) in li.get("data-evidence").split(","):
            rules.add(li.get("data-rule"))
    return rules


def test_night_call_in_heat_map_and_timeline(imported_case: Case, client_of: Client) -> None:
    doc = page_of(client_of, imported_case)
    night_call = record(kind="call", counterpart__endswith="02161230000")
    late_call = record(kind="call", counterpart__endswith="02198760000")
    # Wednesday (row 2) 23:30 → hour 23, in the night band; Thursday 21:15 → the late-evening band.
    assert cell(doc, 2, 23).get("data-count") == "1" and "in-night" in cell(doc, 2, 23).get("class")
    assert cell(doc, 3, 21).get("data-count") == "1" and "in-late-evening" in cell(doc, 3, 21).get("class")
    assert "in-" not in cell(doc, 2, 10).get("class")
    assert findings_citing(doc, night_call.pk) == {"hours.night"}
    assert findings_citing(doc, late_call.pk) == {"hours.late_evening"}
    # Every lender contact is in exactly one cell: 5 messages and 2 calls; the call to mother is not.
    counts = [int(td.get("data-count")) for td in doc.xpath('//table[@class="heatmap"]//td[@data-count]')]
    assert len(counts) == 7 * 24 and sum(counts) == 7
    assert cell(doc, 2, 12).get("data-count") == "0"  # the borrower's own call at noon
    # The night hours header cells are marked: 22, 23 and 0–7 night, 21 late evening, 8–20 neither.
    headers = {
        int(th.text): th.get("class")
        for th in doc.xpath('//table[@class="heatmap"]//th[contains(@class, "hour")]')
    }
    assert all("band-night" in headers[h] for h in (*range(0, 8), 22, 23))
    assert "band-late-evening" in headers[21]
    assert all("band-" not in headers[h] for h in range(8, 21))


def test_lawful_messages_produce_no_finding(imported_case: Case, client_of: Client) -> None:
    doc = page_of(client_of, imported_case)
    for text in (LAWFUL, LEGAL):
        assert findings_citing(doc, record(text=text).pk) == set(), text
    assert "threat.visit" in findings_citing(doc, record(text=THREAT).pk)
    assert "court.fake_process" in findings_citing(doc, record(text=SUMMONS).pk)
    # The threat's excerpt shows the matched words highlighted.
    (threat,) = [li for li in doc.xpath('//li[@data-rule="threat.visit"]')]
    marks = threat.xpath('.//blockquote[@class="excerpt"]/mark/text()')
    assert marks and all(m in THREAT for m in marks)


def test_timeline_in_time_order_with_badges_and_sources(imported_case: Case, client_of: Client) -> None:
    doc = page_of(client_of, imported_case)
    items = doc.xpath('//li[contains(@class, "finding")]')
    report = conduct_report(case=imported_case)
    assert [li.get("data-rule") for li in items] == [f.rule for f in report.findings]
    times = [li.xpath(".//time/@datetime")[0] for li in items]
    assert times == sorted(times)
    for li, finding in zip(items, report.findings, strict=True):
        badge = li.xpath('.//div[@class="finding-head"]/span[contains(@class, "badge")]/@class')[0]
        assert badge.split() == ["badge", finding.confidence]
        assert li.xpath('.//*[@class="source"]'), finding.rule
    # The summary counts by severity agree with the findings.
    for severity in ("high", "medium", "low"):
        (count,) = doc.xpath(
            f'//ul[contains(@class, "severity-counts")]/li[@data-severity="{severity}"]/strong/text()'
        )
        assert int(count) == sum(1 for f in report.findings if f.severity == severity)
    assert report.disclaimer("zh") in doc.xpath('string(//p[@id="conduct-disclaimer"])')


def test_per_lender_counts(imported_case: Case, client_of: Client) -> None:
    doc = page_of(client_of, imported_case)

    def row(lender: str) -> dict[str, int]:
        (tr,) = doc.xpath(f'//table[@class="lender-table"]//tr[@data-lender="{lender}"]')
        return {td.get("data-col"): int(td.text) for td in tr.xpath("./td[@data-col]")}

    zhaolian, jiexin = row("招联金融"), row("捷信")
    assert (zhaolian["calls"], zhaolian["messages"], zhaolian["night"]) == (1, 3, 1)
    assert (jiexin["calls"], jiexin["messages"], jiexin["night"]) == (1, 2, 1)  # the 21:15 call
    report = conduct_report(case=imported_case)
    assert zhaolian["findings"] == sum(1 for f in report.findings if f.lender == "招联金融")


def test_findings_link_to_their_records(imported_case: Case, client_of: Client) -> None:
    doc = page_of(client_of, imported_case)
    threat = record(text=THREAT)
    (item,) = doc.xpath(f'//li[@data-rule="threat.visit"]//li[@data-record="{threat.pk}"]')
    links = item.xpath(".//a/@href")
    file_url = reverse("case-evidence-file", args=[imported_case.name, threat.source_file_id])
    assert file_url in links
    original = client_of.get(file_url)
    assert original.status_code == 200 and THREAT.encode() in b"".join(original.streaming_content)
    search = next(
        link for link in links if link.startswith(reverse("case-search", args=[imported_case.name]))
    )
    found = client_of.get(search)
    assert found.status_code == 200 and THREAT in found.content.decode()


def test_options_are_url_parameters(imported_case: Case, client_of: Client) -> None:
    group = record(text=GROUP).pk
    summons = record(text=SUMMONS).pk
    plain = page_of(client_of, imported_case)
    assert "third_party.reached_other_number" not in findings_citing(plain, group)
    with_numbers = page_of(client_of, imported_case, f"?numbers={OWN}%2C+abc&court=1")
    assert "third_party.reached_other_number" in findings_citing(with_numbers, group)
    assert "court.fake_process" not in findings_citing(with_numbers, summons)
    assert with_numbers.xpath('//input[@name="numbers"]/@value') == [f"{OWN}, abc"]
    assert with_numbers.xpath('//input[@name="court"]/@checked')
    assert "abc" in with_numbers.xpath('string(//form[@id="conduct-options"]//p[@role="alert"])')


def test_complaint_letter_links(imported_case: Case, client_of: Client) -> None:
    doc = page_of(client_of, imported_case)
    hrefs = doc.xpath('//section[@id="conduct-letter"]//a/@href')
    for fmt in ("docx", "pdf", "txt"):
        url = reverse(
            "documents:letter", kwargs={"case_name": imported_case.name, "kind": "complaint", "fmt": fmt}
        )
        assert url in hrefs
    txt = client_of.get(reverse("documents:letter", args=[imported_case.name, "complaint", "txt"]))
    assert txt.status_code == 200
    assert "招联金融" in txt.content.decode()
    # Per lender: that lender's debt.
    per_lender = doc.xpath('//tr[@data-lender="捷信"]//a/@href')
    assert per_lender and per_lender[0].endswith("?debt=d1")


def test_tab_on_case_pages(imported_case: Case, client_of: Client) -> None:
    url = reverse("conduct:report", args=[imported_case.name])
    detail = html.fromstring(
        client_of.get(reverse("case-detail", args=[imported_case.name])).content.decode()
    )
    assert detail.xpath(f'//nav[@class="tabs"]/a[@href="{url}"]')
    own = page_of(client_of, imported_case)
    assert own.xpath(f'//nav[@class="tabs"]/a[@href="{url}"]/@aria-current') == ["page"]


def test_empty_case(owner: Any, client_of: Client) -> None:
    case = make_case(owner, name="empty-case")
    doc = page_of(client_of, case)
    assert not doc.xpath('//li[contains(@class, "finding")]')
    assert {td.get("data-count") for td in doc.xpath("//td[@data-count]")} == {"0"}


def test_another_users_case_is_404_and_anonymous_redirected(imported_case: Case) -> None:
    url = reverse("conduct:report", args=[imported_case.name])
    make_user("stranger")
    stranger = Client()
    assert stranger.login(username="stranger", password=PASSWORD)
    assert stranger.get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]


def test_chinese_first_english_available(imported_case: Case, client_of: Client) -> None:
    zh = page_of(client_of, imported_case)
    assert zh.xpath("string(//h1)") == "催收行为"
    assert "星期三" in zh.xpath('string(//table[@class="heatmap"])')
    client_of.cookies["django_language"] = "en"
    en = page_of(client_of, imported_case)
    assert en.xpath("string(//h1)") == "Collection conduct"
    assert "Wednesday" in en.xpath('string(//table[@class="heatmap"])')
    report = conduct_report(case=imported_case)
    assert report.disclaimer("en") in en.xpath('string(//p[@id="conduct-disclaimer"])')


def test_complaint_letter_links_carry_the_page_options(imported_case: Case, client_of: Client) -> None:
    url = reverse("conduct:report", args=[imported_case.name])
    doc = html.fromstring(client_of.get(url, {"numbers": "13800138000", "court": "1"}).content.decode())
    hrefs = doc.xpath('//section[@id="conduct-letter"]//a/@href')
    assert hrefs and all("numbers=13800138000" in h and "court=1" in h for h in hrefs)
    per_lender = doc.xpath('//tr[@data-lender="捷信"]//a/@href')
    assert per_lender and "numbers=13800138000" in per_lender[0] and per_lender[0].endswith("debt=d1")
