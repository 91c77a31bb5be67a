"""Document benchmarks (pure: no database), on data generated here (seeded).

- documents.letter_pdf: a filled E1 letter rendered to PDF (CJK font subset and embedded); baseline: the
  same document as DOCX (python-docx) — what a PDF costs beside the other office format.
- documents.index_pdf_2k: the dossier index with a 2,000-contact timeline (quick: 200) as PDF; baseline:
  the same document as plain text — the cost of laying the timeline out on pages.
- documents.dossier_zip_50mb: the deterministic dossier ZIP of 20 originals, 50 MB in all (quick: 5 MB),
  re-hashing each while copying; baseline: `zipfile` writing the same files with no hashing.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from hashlib import sha256

from benchmarks.framework import BenchResult, best_of
from xieshang.documents.dossier import DossierFile, write_dossier
from xieshang.documents.facts import CaseFacts, ContactFacts, DebtFacts, EvidenceFacts, ProposalFacts
from xieshang.documents.fill import fill
from xieshang.documents.packet import dossier_index
from xieshang.documents.render_docx import render_docx
from xieshang.documents.render_pdf import render_pdf
from xieshang.documents.render_text import render_text
from xieshang.documents.templates import load_file_template

TODAY = date(2026, 11, 28)
SNIPPETS = (
    "您的借款已逾期，请尽快还款",
    "我下周一还五百元",
    "这里是催收中心，请回电",
    "已为您申请减免罚息",
    "请提供困难证明材料",
)


def _facts(contacts: int, rng: random.Random) -> CaseFacts:
    figures = {k: Decimal(rng.randint(1, 2_000_000)) / 100 for k in ("overdue_principal", "overdue_interest",
               "overdue_fees", "penalty_unpaid", "late_fees_unpaid", "total_due_now", "outstanding_principal",
               "payoff_now", "daily_penalty_now", "paid_total")}  # fmt: skip
    debt = DebtFacts(
        id="d1", lender="360借条", lender_type="online_lender", principal=Decimal("20000.00"),
        start_date=date(2026, 1, 15), method="equal_installment", term_months=12, term_days=None,
        annual_rate=Decimal("0.18"), figures=figures, dpd=105, bucket="M4", in_grace=False,
        settlement_waiving_penalties=figures["payoff_now"],
        proposal=ProposalFacts(12, Decimal(0), figures["outstanding_principal"], Decimal("910.06"), Decimal("10920.72")),
    )  # fmt: skip
    t0 = datetime(2026, 1, 1, 8)
    rows = tuple(
        ContactFacts(
            when=t0 + timedelta(minutes=37 * i),
            kind=rng.choice(("短信", "通话")),
            direction=rng.choice(("in", "out")),
            counterpart=f"1{rng.randint(3, 9)}{rng.randint(0, 999_999_999):09d}",
            summary=rng.choice(SNIPPETS),
            evidence_ref=f"E{rng.randint(1, 20):02d}",
        )
        for i in range(contacts)
    )
    evidence = tuple(
        EvidenceFacts(ref=f"E{i:02d}", name=f"sms-{i}.xml", kind="短信备份", sha256=f"{i:064x}", source="")
        for i in range(1, 21)
    )
    return CaseFacts(
        case_name="bench", borrower_name="李明", as_of=TODAY, monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"), debts=(debt,), hardships=("unemployment",),
        disposable_income=Decimal("1600.00"), contacts=rows, evidence=evidence, ledger_head="0" * 64,
    )  # fmt: skip


def _files(total_bytes: int, rng: random.Random) -> list[tuple[DossierFile, bytes]]:
    out = []
    for i in range(20):
        data = rng.randbytes(total_bytes // 20)
        out.append(
            (
                DossierFile(
                    ref=f"E{i + 1:02d}", sha256=sha256(data).hexdigest(), size=len(data), original_name=f"rec-{i}.m4a",
                    source_path="", format="call_recording", imported_at=datetime(2026, 1, 1), ledger_seq=i + 1,
                    records=1, open=lambda d=data: io.BytesIO(d),  # type: ignore[misc]
                ),
                data,
            )
        )  # fmt: skip
    return out


def run(quick: bool) -> list[BenchResult]:
    rng = random.Random(7)
    letter = fill(load_file_template("waiver_request"), _facts(0, rng), today=TODAY)
    render_pdf(letter)  # warm: font configuration and stylesheet
    pdf_s = best_of(3, lambda: render_pdf(letter))
    docx_s = best_of(3, lambda: render_docx(letter))
    contacts = 200 if quick else 2000
    index = dossier_index(_facts(contacts, rng), today=TODAY)
    index_s = best_of(1, lambda: render_pdf(index))
    text_s = best_of(3, lambda: render_text(index))
    total = (5 if quick else 50) * 1024 * 1024
    files = _files(total, rng)

    def dossier() -> None:
        write_dossier(io.BytesIO(), case_name="bench", files=[f for f, _ in files], ledger_head=None, ledger=[],
                      index_pdf=b"%PDF-1.7")  # fmt: skip

    def plain_zip() -> None:
        with zipfile.ZipFile(io.BytesIO(), "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for f, data in files:
                zf.writestr(f.path, data)

    dossier_s = best_of(2, dossier)
    zip_s = best_of(2, plain_zip)
    size = "5mb" if quick else "50mb"
    return [
        BenchResult("documents.letter_pdf", pdf_s, "s", "the same letter as DOCX", docx_s, "ratio <= 20",
                    note="WeasyPrint layout + CJK font subset"),
        BenchResult(f"documents.index_pdf_{contacts}", index_s, "s", "the same index as plain text", text_s,
                    "value <= 60", note=f"{contacts} timeline rows"),
        BenchResult(f"documents.dossier_zip_{size}", dossier_s, "s", "zipfile, same files, no hashing", zip_s,
                    "ratio <= 1.5", note="20 incompressible originals, re-hashed while copied"),
    ]  # fmt: skip
