"""The contact log a page at a time: the newest 20 first, older pages behind a link, open follow-ups from
other pages listed on each page, and every change bringing the user back to the contact's own page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.fixtures.contacts import hourly_contacts
from xieshang.cases.models import Case
from xieshang.negotiation import services
from xieshang.negotiation.contact_log import CONTACTS_PER_PAGE, contact_log, contact_log_page
from xieshang.negotiation.models import Contact

pytestmark = pytest.mark.django_db


def _shown(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="neg-entry" id="contact-(\d+)"', page)]


def test_the_log_shows_the_newest_twenty_and_pages_to_the_older(e1_case: Case, owner_client: Client) -> None:
    made = hourly_contacts(e1_case, 45)
    url = f"/cases/{e1_case.name}/contacts/"
    first = owner_client.get(url).content.decode()
    assert _shown(first) == [c.pk for c in made[:20]]
    assert "第 1–20 条，共 45 条" in first and "第 1 页，共 3 页" in first
    assert 'href="?page=2" rel="next"' in first and 'rel="prev"' not in first
    newest = made[0].pk  # each entry's links are the views' own addresses
    assert f'href="{reverse("negotiation:contact-edit", args=[e1_case.name, newest])}"' in first
    assert (
        f'action="{reverse("negotiation:contact-done", args=[e1_case.name, newest])}"' not in first
    )  # no follow-up
    last = owner_client.get(url + "?page=3").content.decode()
    assert _shown(last) == [c.pk for c in made[40:]]
    assert 'href="?page=2" rel="prev"' in last and 'rel="next"' not in last
    # A page out of range or not a number: the nearest page, never an error.
    assert _shown(owner_client.get(url + "?page=99").content.decode()) == _shown(last)
    assert _shown(owner_client.get(url + "?page=abc").content.decode()) == _shown(first)


def test_a_short_log_has_no_pages(e1_case: Case, owner_client: Client) -> None:
    made = hourly_contacts(e1_case, CONTACTS_PER_PAGE)
    page = owner_client.get(f"/cases/{e1_case.name}/contacts/").content.decode()
    assert _shown(page) == [c.pk for c in made]
    assert 'class="pager"' not in page and "open-follow-ups" not in page


def test_open_follow_ups_on_other_pages_are_listed_on_every_page(e1_case: Case, owner_client: Client) -> None:
    made = hourly_contacts(e1_case, 45)
    today = timezone.localdate()
    old, done, recent = made[42], made[30], made[3]
    on_the_day = timezone.localtime(old.occurred_at).date()  # 42 hours back: before today
    assert on_the_day < today
    services.contact_update(contact=old, fields={"follow_up_on": on_the_day})
    services.contact_update(
        contact=done, fields={"follow_up_on": timezone.localtime(done.occurred_at).date()}
    )
    services.contact_follow_up_done(contact=done, done=True)
    services.contact_update(contact=recent, fields={"follow_up_on": today + timedelta(days=3)})
    url = f"/cases/{e1_case.name}/contacts/"
    first = owner_client.get(url).content.decode()
    box = first[first.index('id="open-follow-ups"') :].split("</div>", 1)[0]
    assert f'href="?page=3#contact-{old.pk}"' in box and "已逾期" in box
    assert f'action="{reverse("negotiation:contact-done", args=[e1_case.name, recent.pk])}"' in first
    assert f'contact-{done.pk}"' not in box  # done: nothing to chase
    assert f'contact-{recent.pk}"' not in box  # on this page already
    third = owner_client.get(url + "?page=3").content.decode()
    box = third[third.index('id="open-follow-ups"') :].split("</div>", 1)[0]
    assert f'href="?page=1#contact-{recent.pk}"' in box and f'contact-{old.pk}"' not in box


def test_each_change_returns_to_the_contacts_own_page(e1_case: Case, owner_client: Client) -> None:
    made = hourly_contacts(e1_case, 45)
    base = f"/cases/{e1_case.name}/contacts/"
    old = made[41]
    assert contact_log_page(old) == 3
    edited = owner_client.post(
        f"{base}{old.pk}/",
        {"channel": "phone", "direction": "outgoing", "occurred_at": timezone.localtime(old.occurred_at)
         .strftime("%Y-%m-%dT%H:%M"), "said": "改过的记录", "lender": "某银行"},
    )  # fmt: skip
    assert edited.status_code == 302 and edited["Location"] == f"{base}?page=3#contact-{old.pk}"
    done = owner_client.post(f"{base}{made[25].pk}/done/")
    assert done["Location"] == f"{base}?page=2#contact-{made[25].pk}"
    # A contact written down late, dated a week back, is found where it falls in the log; a new one on page 1.
    week_ago = timezone.localtime() - timedelta(days=7)
    late = owner_client.post(
        base,
        {"channel": "sms", "direction": "incoming", "occurred_at": week_ago.strftime("%Y-%m-%dT%H:%M"),
         "said": "一周前的短信", "lender": "某银行"},
    )  # fmt: skip
    recorded = Contact.objects.get(said="一周前的短信")
    assert late["Location"] == f"{base}?page=3#contact-{recorded.pk}"
    page = owner_client.get(late["Location"]).content.decode()
    assert recorded.pk in _shown(page) and "msg msg-success" in page
    now = owner_client.post(
        base,
        {"channel": "sms", "direction": "incoming", "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
         "said": "刚才的短信", "lender": "某银行"},
    )  # fmt: skip
    assert now["Location"] == f"{base}#contact-{Contact.objects.get(said='刚才的短信').pk}"


def test_contacts_at_the_same_minute_keep_the_logs_order(e1_case: Case) -> None:
    when = timezone.now().replace(second=0, microsecond=0)
    same = [
        services.contact_record(case=e1_case, lender="某银行", channel="phone", occurred_at=when, said=str(k))
        for k in range(25)
    ]
    log = contact_log(e1_case, 2)
    newest_first = sorted(same, key=lambda c: -c.pk)
    assert [c.pk for c in log.contacts] == [c.pk for c in newest_first[20:]]
    assert all(contact_log_page(c) == (1 if n < 20 else 2) for n, c in enumerate(newest_first))


def test_a_page_reads_the_same_queries_for_a_long_log_as_for_a_short_one(
    e1_case: Case, owner_client: Client
) -> None:
    url = f"/cases/{e1_case.name}/contacts/"

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            page = owner_client.get(url)
        return len(captured.captured_queries), len(_shown(page.content.decode()))

    made = hourly_contacts(e1_case, 25)
    today = timezone.localdate()
    for contact in made[21:]:
        services.contact_update(contact=contact, fields={"follow_up_on": today})
    short = queries()
    more = hourly_contacts(e1_case, 100, start=25)
    for contact in more[::10]:
        services.contact_update(contact=contact, fields={"follow_up_on": today})
    long = queries()
    assert short == long == (short[0], 20)


def test_the_log_of_another_users_case_is_not_found(e1_case: Case, other_client: Client) -> None:
    hourly_contacts(e1_case, 25)
    assert other_client.get(f"/cases/{e1_case.name}/contacts/?page=2").status_code == 404
    assert isinstance(contact_log(e1_case, 2).contacts[0], Contact)
