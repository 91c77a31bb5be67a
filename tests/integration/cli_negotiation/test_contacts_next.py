"""`xieshang contact add|list|done` and `xieshang next`: checked against the models and
`negotiation.progress.next_actions`; bad input is exit 2 with the service's message and writes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from xieshang.cases.models import Case
from xieshang.cli.negotiation_common import CHANNELS, KINDS, PARTIES
from xieshang.negotiation.models import Agreement, Channel, Contact, Offer, Party, TermsKind
from xieshang.negotiation.progress import next_actions

from .conftest import TODAY, Cli

pytestmark = [pytest.mark.django_db]

FOLLOW_UP = TODAY + timedelta(days=2)


def add_contact(cli_json, *extra: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return cli_json(
        "contact", "add", "e1", "--channel", "phone", "--said", "说明失业，请求分期 [bold]",
        "--debt", "jt360", "--at", "2026-11-20 10:30", "--person", "王经理", "--staff-number", "A123",
        "--promise", "三天内回电", "--promise-by", "lender", "--promise-due", "2026-11-23",
        "--follow-up", FOLLOW_UP.isoformat(), *extra,
    )  # fmt: skip


def test_the_choices_in_help_are_the_models(cli: Cli) -> None:
    assert tuple(Channel.values) == CHANNELS
    assert tuple(Party.values) == PARTIES
    assert tuple(TermsKind.values) == KINDS
    for lang in ("zh_CN.UTF-8", "en_US.UTF-8"):
        status, out, _ = cli("contact", "add", "--help", lang=lang)
        assert status == 0 and "|".join(Channel.values) in out and "|".join(Party.values) in out


def test_contact_round_trip(cli: Cli, cli_json, e1_case: Case) -> None:  # type: ignore[no-untyped-def]
    added = add_contact(cli_json)
    contact = Contact.objects.get(pk=added["id"])
    assert (
        contact.case == e1_case and contact.debt is not None and contact.debt.key == added["debt"] == "jt360"
    )
    assert (added["channel"], added["direction"], added["said"]) == (
        contact.channel,
        contact.direction,
        contact.said,
    )
    assert contact.direction == Contact.Direction.OUTGOING
    assert contact.said == "说明失业，请求分期 [bold]"
    assert (contact.person, contact.staff_number, contact.promise_by) == ("王经理", "A123", "lender")
    assert contact.occurred_at == timezone.make_aware(datetime(2026, 11, 20, 10, 30))
    assert added["at"] == timezone.localtime(contact.occurred_at).isoformat()
    assert added["at"].startswith("2026-11-20T10:30:00") and added["at"][-6] in "+-"
    assert added["promise_due"] == contact.promise_due.isoformat() == "2026-11-23"
    assert added["follow_up_on"] == FOLLOW_UP.isoformat() and added["follow_up_done"] is False

    listed = cli_json("contact", "list", "e1")
    assert listed["case"] == "e1" and [c["id"] for c in listed["contacts"]] == [contact.pk]
    assert listed["contacts"][0] == added

    with translation.override("zh-hans"):
        expected = next_actions(e1_case, today=TODAY)
    shown = cli_json("next", "e1")
    assert shown["today"] == TODAY.isoformat()
    assert [(a["kind"], a["text"], a["due"], a["overdue"]) for a in shown["actions"]] == [
        (a.kind, a.text, a.due.isoformat() if a.due else None, a.overdue) for a in expected
    ]
    kinds = [a["kind"] for a in shown["actions"]]
    assert "follow_up" in kinds and "first_contact" not in kinds  # the debt has been contacted now
    promise = next(a for a in shown["actions"] if a["kind"] == "promise")
    assert promise["overdue"] is True and promise["due"] == "2026-11-23"
    assert shown["actions"][0]["overdue"] is True  # overdue first
    follow = next(a for a in shown["actions"] if a["kind"] == "follow_up")
    assert follow["due"] == FOLLOW_UP.isoformat() and follow["overdue"] is False

    status, out, _ = cli("next", "e1")
    assert status == 0 and follow["text"] in out and "【已逾期】" in out
    status, out, _ = cli("contact", "list", "e1")
    assert status == 0 and "说明失业，请求分期 [bold]" in out and "电话" in out and "A123" in out

    done = cli_json("contact", "done", "e1", str(contact.pk))
    assert done["follow_up_done"] is True
    contact.refresh_from_db()
    assert contact.follow_up_done is True
    assert "follow_up" not in [a["kind"] for a in cli_json("next", "e1")["actions"]]
    assert cli_json("contact", "done", "e1", str(contact.pk), "--undo")["follow_up_done"] is False


def test_english_output(cli: Cli, cli_json, e1_case: Case) -> None:  # type: ignore[no-untyped-def]
    add_contact(cli_json)
    with translation.override("en"):
        expected = next_actions(e1_case, today=TODAY)
    status, out, _ = cli("--lang", "en", "next", "e1")
    assert status == 0 and "Next steps in case e1" in out and "[OVERDUE]" in out
    assert all(a.text in out for a in expected)
    status, out, _ = cli("contact", "list", "e1", lang="en_US.UTF-8")
    assert status == 0 and "phone" in out and "I contacted them" in out and "said:" in out


def test_next_of_a_case_without_records_has_the_first_contact(cli_json, e1_case: Case) -> None:  # type: ignore[no-untyped-def]
    shown = cli_json("next", "e1")
    assert [a["kind"] for a in shown["actions"]] == ["first_contact", "documents"]
    assert "360借条" in shown["actions"][0]["text"] and shown["due_soon"] == []


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Contact, Offer, Agreement))


GOOD = ["--channel", "phone", "--said", "x", "--debt", "jt360", "--at", "2026-11-20 10:00"]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["next", "nobody"], "nobody"),
        (["contact", "add", "nobody", *GOOD], "nobody"),
        (["contact", "list", "nobody"], "nobody"),
        (["contact", "add", "e1", *GOOD[:4], "--debt", "nope"], "nope"),
        (["contact", "add", "e1", *GOOD[2:], "--channel", "fax"], "fax"),
        (["contact", "add", "e1", *GOOD, "--promise-due", "2026-12-01"], "承诺日期"),
        (["contact", "add", "e1", *GOOD[:-1], "2026-13-45 10:00"], "--at"),
        (["contact", "add", "e1", *GOOD, "--follow-up", "tomorrow"], "--follow-up"),
        (["contact", "add", "e1", *GOOD, "--follow-up", "2026-11-01"], "跟进日期"),
        (["contact", "add", "e1", *GOOD, "--promise", "p", "--promise-by", "bank"], "promise_by"),
        (["contact", "done", "e1", "999"], "999"),
        (["next", "e1", "--on", "2026/11/28"], "--on"),
    ],
)
def test_bad_input_is_exit_2_and_writes_nothing(
    cli: Cli, e1_case: Case, argv: list[str], needle: str
) -> None:
    before = _counts()
    status, out, err = cli(*argv)
    assert status == 2, err
    assert needle in err and "Traceback" not in err and out == ""
    assert _counts() == before


def test_bad_input_in_english(cli: Cli, e1_case: Case) -> None:
    status, _, err = cli("contact", "add", "e1", *GOOD, "--promise-due", "2026-12-01", lang="en_US.UTF-8")
    assert status == 2 and "a promise date needs the promise itself" in err
    status, _, err = cli("next", "nobody", lang="en_US.UTF-8")
    assert status == 2 and "no case named 'nobody'" in err
