"""A case's revision (cases.changes) is counted by the database: every table of a case's data has its triggers,
and any write — the ORM, a bulk update that sends no signal, raw SQL, a delete, a row reaching its case through
its parent — makes it grow; an import's records are counted through their file. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from xieshang.cases.changes import EXCLUDED, OPS, PREFIX, case_revisions, case_tables, installed_triggers
from xieshang.cases.models import Case, Debt, Payment
from xieshang.evidence.models import EvidenceRecord
from xieshang.evidence.services import evidence_import
from xieshang.negotiation.models import Contact

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _revision(case: Case) -> int:
    return case_revisions([case.pk])[case.pk]


def test_every_table_of_a_case_s_data_has_its_triggers() -> None:
    tables = {t.table: t for t in case_tables()}
    # Found from the models: direct foreign keys, through a parent, and the links of many-to-many fields.
    for table in ("cases_debt", "negotiation_contact", "evidence_evidencefile", "jobs_job"):
        assert tables[table].parent_table is None
    assert tables["cases_payment"].parent_table == "cases_debt"
    assert tables["negotiation_agreedpayment"].parent_table == "negotiation_agreement"
    assert tables["negotiation_contact_evidence_records"].parent_table == "negotiation_contact"
    names = installed_triggers()
    for table in tables.values():
        ops = [op for op in OPS if op not in EXCLUDED.get(table.table, frozenset())]
        if connection.vendor == "postgresql":
            assert (f"{PREFIX}{table.table}" in names) == bool(ops), table.table
        else:
            for op in OPS:
                assert (f"{PREFIX}{table.table}_{op.lower()}" in names) == (op in ops), (table.table, op)


def test_any_write_makes_the_revision_grow(e1_case: Case) -> None:
    seen = [_revision(e1_case)]

    def grew() -> bool:
        now = _revision(e1_case)
        grown = now > seen[-1]
        seen.append(now)
        return grown

    debt = e1_case.debts.get()
    Debt.objects.filter(pk=debt.pk).update(lender="改名银行")  # no signal, no save()
    assert grew()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_payment SET note = %s WHERE debt_id = %s", ["raw SQL", debt.pk])
    assert grew()  # a payment reaches its case through its debt
    Payment.objects.filter(debt=debt).delete()
    assert grew()
    contact = Contact.objects.create(
        case=e1_case,
        lender="改名银行",
        channel="phone",
        direction="outgoing",
        occurred_at="2026-11-20T10:00Z",
    )
    assert grew()
    Contact.objects.filter(pk=contact.pk).update(follow_up_done=True)
    assert grew()
    assert not grew()  # reading counts nothing


def test_an_import_counts_through_its_file_and_a_changed_record_counts(e1_case: Case, tmp_path: Path) -> None:
    from tests.fixtures.formats import write_sms_backup

    before = _revision(e1_case)
    evidence_import(case=e1_case, paths=[write_sms_backup(tmp_path / "sms.xml")])
    records = EvidenceRecord.objects.filter(case=e1_case).count()
    after = _revision(e1_case)
    assert after > before
    assert after - before < records  # the records themselves are not counted one by one
    EvidenceRecord.objects.filter(case=e1_case).update(lender="某银行")
    assert _revision(e1_case) >= after + records


def test_each_case_has_its_own_revision(e1_case: Case, owner: Any) -> None:
    from xieshang.cases.services import case_create

    other = case_create(
        owner=owner,
        name="second",
        borrower_name="王芳",
        monthly_income=Decimal("3000.00"),
        monthly_essential_expenses=Decimal("2000.00"),
        hardships=[],
        as_of=date(2026, 11, 28),
    )
    first = case_revisions([e1_case.pk, other.pk])
    Debt.objects.filter(case=e1_case).update(lender="只改这个")
    second = case_revisions([e1_case.pk, other.pk])
    assert second[e1_case.pk] > first[e1_case.pk]
    assert second[other.pk] == first[other.pk]
    assert case_revisions([]) == {}
    many = case_revisions([e1_case.pk, *range(10**6, 10**6 + 2500), other.pk])  # a staff member's thousands
    assert len(many) == 2502 and many[e1_case.pk] == second[e1_case.pk] and many[10**6] == 0


def test_triggers_already_made_are_not_made_again() -> None:
    """Each process start migrates: when the triggers are as wanted, no schema is written (another process
    serving from the same database would see its schema change under it)."""
    from django.test.utils import CaptureQueriesContext

    from xieshang.cases.changes import install_triggers

    with CaptureQueriesContext(connection) as queries:
        install_triggers()
    written = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("DROP", "CREATE"))]
    assert written == []
    with connection.cursor() as raw:
        raw.execute(
            f'DROP TRIGGER IF EXISTS "{PREFIX}cases_debt_insert"'
            if connection.vendor != "postgresql"
            else f'DROP TRIGGER IF EXISTS "{PREFIX}cases_debt" ON "cases_debt"'
        )
    with CaptureQueriesContext(connection) as queries:
        install_triggers()  # one missing: all made again
    assert any(q["sql"].startswith("CREATE") for q in queries.captured_queries)
    names = installed_triggers()
    assert any(name.startswith(f"{PREFIX}cases_debt") for name in names)
