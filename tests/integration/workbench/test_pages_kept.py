"""The dashboard and a case's overview are kept for the state of what they show (cases.kept_pages): a page
read again is the same page without its queries, and any write to what it shows — a bulk update that sends no
signal, raw SQL, the case's own row — gives the new page at the next request; so do another day, another
language and another user. Another user's case stays a 404. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xieshang.cases import kept_pages
from xieshang.cases.models import Case, Debt
from xieshang.negotiation.models import Contact

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _get(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200
    return answer.content.decode(), len(queries.captured_queries)


def _body(html: str) -> str:
    """The page without what is the request's own (the CSRF tokens of the head's forms)."""
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_page_read_again_is_the_same_page_with_fewer_queries(e1_case: Case, owner_client: Client) -> None:
    for url in ("/cases/e1/", "/"):
        first, first_queries = _get(owner_client, url)
        again, again_queries = _get(owner_client, url)
        assert _body(again) == _body(first)
        assert again_queries < first_queries
    assert kept_pages.kept_count() == 2
    assert "某银行" in first or "李明" in first


def test_a_write_that_sends_no_signal_is_on_the_next_page(e1_case: Case, owner_client: Client) -> None:
    _get(owner_client, "/cases/e1/")
    _get(owner_client, "/")
    Debt.objects.filter(case=e1_case).update(lender="批量改名银行")
    page, _ = _get(owner_client, "/cases/e1/")
    assert "批量改名银行" in page
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET borrower_name = %s WHERE id = %s", ["王新名", e1_case.pk])
    assert "王新名" in _get(owner_client, "/")[0]
    assert "王新名" in _get(owner_client, "/cases/e1/")[0]
    due = timezone.localdate() - timedelta(days=2)
    Contact.objects.create(
        case=e1_case,
        lender="批量改名银行",
        channel="phone",
        direction="outgoing",
        occurred_at=timezone.now() - timedelta(days=5),
        said="说好了再打",
        follow_up_on=due,
    )
    home, _ = _get(owner_client, "/")
    assert due.isoformat() in home  # the follow-up missed is on the dashboard at once


def test_another_day_language_or_user_is_another_page(
    e1_case: Case, owner_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _get(owner_client, "/cases/e1/")
    assert kept_pages.kept_count() == 1
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(kept_pages.timezone, "localdate", lambda *a: tomorrow)
    _get(owner_client, "/cases/e1/")
    assert kept_pages.kept_count() == 2
    monkeypatch.undo()
    owner_client.cookies["django_language"] = "en"
    english, _ = _get(owner_client, "/cases/e1/")
    assert kept_pages.kept_count() == 3 and "The steps" in english
    counselor = get_user_model().objects.create_user("counselor", password="a-long-password-1")
    e1_case.counselors.add(counselor)
    theirs = Client()
    theirs.force_login(counselor)
    _get(theirs, "/cases/e1/")
    assert kept_pages.kept_count() == 4


def test_another_users_case_stays_not_found_after_its_page_was_kept(
    e1_case: Case, owner_client: Client, other_client: Client
) -> None:
    _get(owner_client, "/cases/e1/")
    assert other_client.get("/cases/e1/").status_code == 404
    home = other_client.get("/").content.decode()
    assert "李明" not in home and "/cases/e1/" not in home


def test_a_kept_contact_log_s_forms_carry_this_request_s_token(e1_case: Case, owner: Any) -> None:
    import re

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    contact = Contact.objects.create(
        case=e1_case,
        lender="某银行",
        channel="phone",
        direction="outgoing",
        occurred_at=timezone.now(),
        said="下周再联系",
        follow_up_on=timezone.localdate() + timedelta(days=3),
    )
    url = "/cases/e1/contacts/"
    first, _ = _get(client, url)
    kept, _ = _get(client, url)  # the log from the kept page
    assert kept_pages.CSRF_MARK not in kept
    log = kept.split('id="new-contact"')[0]
    token = re.search(
        rf'action="[^"]*/{contact.pk}/done/".*?name="csrfmiddlewaretoken" value="([^"]+)"', log, re.S
    )
    assert token is not None
    done = client.post(f"{url}{contact.pk}/done/", {"done": "1", "csrfmiddlewaretoken": token.group(1)})
    assert done.status_code == 302
    after, _ = _get(client, url)
    assert 'name="done" value="1"' in kept and 'name="done" value="0"' in after  # now "reopen"
    Contact.objects.filter(pk=contact.pk).update(said="改过的话")
    assert "改过的话" in _get(client, url)[0]
