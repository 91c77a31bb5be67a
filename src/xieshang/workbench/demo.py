"""The demo account and case of `make run` — only ever in demo mode, in a home of its own.

Demo mode keeps its data in its own home (config.xieshang_home: `xieshang-demo` beside the usual data folder)
and marks it (`DEMO_MARKER`), so trying the demo never puts a published password into the data a server
uses. Should a demo account reach a production start all the same (XIESHANG_HOME pointed at a demo home),
`demo_retire` disables it and makes its password unusable, and the login backend never lets the published
demo password in under XIESHANG_ENV=production.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from xieshang.accounts.demo_account import DEMO_PASSWORD, DEMO_USERNAME, is_demo_login
from xieshang.core.dates import add_months

DEMO_CASE = "demo"
CST = ZoneInfo("Asia/Shanghai")

# Worked example E1 of the calculation conventions (borrower 李明, a 360借条 loan).
E1_PAYMENTS = [
    (date(2026, 2, 15), Decimal("1833.60")),
    (date(2026, 3, 15), Decimal("1833.60")),
    (date(2026, 4, 14), Decimal("1833.60")),
    (date(2026, 5, 15), Decimal("1833.60")),
    (date(2026, 6, 17), Decimal("1833.60")),
    (date(2026, 7, 15), Decimal("1833.60")),
]
E1_DEBT = {
    "id": "jt360",
    "lender": "360借条",
    "lender_type": "online_lender",
    "principal": Decimal("20000.00"),
    "daily_rate": Decimal("0.0005"),
    "day_basis": 360,
    "method": "equal_installment",
    "term_months": 12,
    "start_date": date(2026, 1, 15),
    "grace_days": 3,
    "penalty_multiplier": Decimal("1.5"),
    "penalty_base": "installment",
}


__all__ = ["DEMO_PASSWORD", "DEMO_USERNAME", "demo_ensure", "demo_retire", "is_demo_login"]
DEMO_MARKER = "DEMO-HOME"  # written into a home the demo has used


@transaction.atomic
def demo_retire() -> bool:
    """Production: the demo account (if any) is disabled and its password invalidated. True if it acted."""
    user = get_user_model().objects.filter(username=DEMO_USERNAME).first()
    if user is None or (not user.is_active and not user.has_usable_password()):
        return False
    if not (user.check_password(DEMO_PASSWORD) or (Path(settings.HOME) / DEMO_MARKER).exists()):
        return False  # a real account that happens to be called "demo", with its own password
    user.set_unusable_password()
    user.is_active = False
    user.save(update_fields=["password", "is_active"])
    return True


# The demo moves with today: it is worked example E1 as it stood on DEMO_ANCHOR, moved by whole months
# (days of the month kept, so the schedule keeps its shape) to the latest anchor day on or before the day
# the demo is created, and evaluated on today like any real case — its to-do list, its figures and its
# evidence all live in the same present. Its SMS and call log are written for the demo (they are demo
# data, not anyone's evidence) with their dates moved the same way.
DEMO_ANCHOR = date(2026, 11, 28)


def demo_months(today: date) -> int:
    """The whole months the demo moves: DEMO_ANCHOR + that many months is the last such day <= today."""
    months = (today.year - DEMO_ANCHOR.year) * 12 + (today.month - DEMO_ANCHOR.month)
    return months - 1 if today.day < DEMO_ANCHOR.day else months


def _moved(d: date, months: int) -> date:
    return add_months(d, months)


@transaction.atomic
def demo_ensure(today: date | None = None) -> None:
    """Create the demo user and the demo case once (dated relative to `today`, default the local date);
    later calls change nothing."""
    if not settings.DEMO:
        raise RuntimeError("the demo account exists only in demo mode")
    from xieshang.cases.models import Case
    from xieshang.cases.services import case_create, debt_add

    (Path(settings.HOME) / DEMO_MARKER).write_text("make run / xieshang serve --demo\n", encoding="utf-8")
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=DEMO_USERNAME)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.first_name = "演示"
        user.save()
    if Case.objects.filter(name=DEMO_CASE).exists():
        return
    months = demo_months(today or timezone.localdate())
    case = case_create(
        owner=user,
        name=DEMO_CASE,
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
        hardships=["unemployment"],
        as_of=None,  # evaluated on today, as a real case is
    )
    fields = dict(E1_DEBT, start_date=_moved(E1_DEBT["start_date"], months))  # type: ignore[arg-type]
    payments = [(_moved(d, months), amount) for d, amount in E1_PAYMENTS]
    debt = debt_add(case=case, fields=fields, payments=payments)
    _demo_evidence(case, user, months)
    _demo_contact(case, debt, user, months)


DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def _moved_ms(match: re.Match[str], months: int) -> str:
    local = datetime.fromtimestamp(int(match.group(2)) / 1000, tz=CST)
    moved = datetime.combine(_moved(local.date(), months), local.time(), tzinfo=CST)
    return f'{match.group(1)}="{int(moved.timestamp() * 1000)}"'


def _moved_readable(match: re.Match[str], months: int) -> str:
    d = _moved(date(int(match.group(1)), int(match.group(2)), int(match.group(3))), months)
    return f'readable_date="{d.year}年{d.month:02d}月{d.day:02d}日 {match.group(4)}"'


def demo_backup_text(text: str, months: int) -> str:
    """One of the demo's backup files with every date moved by `months` (timestamps, readable dates and
    the dates written in message bodies)."""
    text = re.sub(r'\b(date|date_sent|backup_date)="(\d{13})"', lambda m: _moved_ms(m, months), text)
    text = re.sub(
        r'readable_date="(\d{4})年(\d{2})月(\d{2})日 ([\d:]+)"', lambda m: _moved_readable(m, months), text
    )
    return re.sub(
        r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)",
        lambda m: _moved(date(int(m.group(1)), int(m.group(2)), int(m.group(3))), months).isoformat(),
        text,
    )


def _demo_evidence(case: Any, user: Any, months: int) -> None:
    """A small phone backup: the lender's reminders, a collector's threats at night, and the call log."""
    from xieshang.evidence.services import evidence_import

    with tempfile.TemporaryDirectory(prefix="xieshang-demo-") as folder:
        paths = []
        for source in sorted(DEMO_DATA.glob("*.xml")):
            path = Path(folder) / source.name
            path.write_text(demo_backup_text(source.read_text(encoding="utf-8"), months), encoding="utf-8")
            paths.append(path)
        evidence_import(case=case, paths=paths, user=user)


def _demo_contact(case: Any, debt: Any, user: Any, months: int) -> None:
    """The first call the borrower made (step 1), with what was said and promised."""
    from xieshang.negotiation.models import Channel, Contact, Party
    from xieshang.negotiation.services import contact_record

    contact_record(
        case=case,
        debt=debt,
        channel=Channel.PHONE,
        direction=Contact.Direction.OUTGOING,
        occurred_at=datetime.combine(_moved(date(2026, 9, 24), months), time(15, 30), tzinfo=CST),
        lender="360借条",
        person="客服 王女士",
        staff_number="A1037",
        said="说明失业、收入中断，询问个性化分期。客服说需要提交失业证明和近 6 个月银行流水，审核约 7 个工作日。",
        promise="李明一周内通过 APP 提交材料；客服记录协商诉求并回电。",
        promise_by=Party.BORROWER,
        promise_due=_moved(date(2026, 10, 1), months),
        follow_up_on=_moved(date(2026, 12, 1), months),
        created_by=user,
    )
