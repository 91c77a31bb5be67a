"""The demo case (`make run`): the collector who writes from an ordinary mobile number shows in the
report page's timeline, lender table and heat map, and in the complaint letter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from xieshang.cases.models import Case
from xieshang.evidence.models import EvidenceRecord
from xieshang.workbench import demo

from .test_report_page import cell, findings_citing, page_of

pytestmark = pytest.mark.django_db
COLLECTOR = "17100001234"


@pytest.fixture
def demo_client(client: Client) -> tuple[Client, Case]:
    with override_settings(DEMO=True):
        demo.demo_ensure(today=demo.DEMO_ANCHOR)
    assert client.login(username=demo.DEMO_USERNAME, password=demo.DEMO_PASSWORD)
    return client, Case.objects.get(name=demo.DEMO_CASE)


def test_collector_night_contacts_in_timeline_table_and_heat_map(demo_client: tuple[Client, Case]) -> None:
    client, case = demo_client
    doc = page_of(client, case)
    collector = EvidenceRecord.objects.filter(case=case, counterpart=COLLECTOR).order_by("timestamp")
    assert collector.count() == 5
    for rec in collector:
        assert "hours.night" in findings_citing(doc, rec.pk), rec
    (tr,) = doc.xpath('//table[@class="lender-table"]//tr[@data-lender="360借条"]')
    counts: dict[str, Any] = {td.get("data-col"): int(td.text) for td in tr.xpath("./td[@data-col]")}
    assert counts["night"] == 5  # 22:40, 22:43, 22:47 on Friday 9 Oct; 23:05, 23:12 on Saturday 10 Oct
    assert int(cell(doc, 4, 22).get("data-count")) == 3 and int(cell(doc, 5, 23).get("data-count")) == 2
    # The lender's lawful reminders and the 法院 notice cite nothing.
    for rec in EvidenceRecord.objects.filter(case=case, counterpart="10690360360"):
        assert findings_citing(doc, rec.pk) == set(), rec.text


def test_complaint_letter_cites_the_collector(demo_client: tuple[Client, Case]) -> None:
    client, case = demo_client
    response = client.get(reverse("documents:letter", args=[case.name, "complaint", "txt"]))
    assert response.status_code == 200
    letter = response.content.decode()
    facts = letter.split("【一、投诉事实】")[1].split("【二、")[0]
    for moment in ("2026-10-09 22:40", "2026-10-10 23:05"):  # the two night findings, by their first contact
        (line,) = [row for row in facts.splitlines() if row.startswith(moment)]
        assert "22:00至次日08:00" in line
        # its evidence numbers (证据1至证据3 …) name records of the call log and of the SMS backup
        named = re.findall(r"证据\d+", line.rsplit("（见", 1)[1])
        rows = [r for r in letter.splitlines() for n in named if r.startswith(n + " ")]
        assert any("calls-demo.xml" in r for r in rows) and any("sms-demo.xml" in r for r in rows)
