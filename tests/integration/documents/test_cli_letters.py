"""`xieshang letter` and `xieshang packet` on the E1 case file: every kind in every format, read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.documents.probes import assert_real_cjk_glyphs, docx_text, pdf_text
from xieshang.documents.templates import LETTER_KINDS

from .conftest import E1_CASE, cli

# E1's figures as spec calculations.md gives them (the engine computes them; the letters show them).
E1 = {
    "total_due_now": "7,660.08",
    "outstanding_principal": "10,446.37",
    "penalty_unpaid": "325.68",
    "payoff_now": "11,269.71",
    "base": "10,920.72",
    "monthly_0pct": "910.06",
    "daily_penalty_now": "5.52",
}
SHOWN = {
    "hardship": ["total_due_now", "outstanding_principal", "base", "monthly_0pct"],
    "installment_request": ["total_due_now", "base", "monthly_0pct"],
    "waiver_request": ["penalty_unpaid", "payoff_now", "daily_penalty_now"],
    "agreement_confirmation": ["base", "monthly_0pct", "outstanding_principal", "penalty_unpaid"],
    "credit_objection": ["outstanding_principal"],
    "complaint": ["total_due_now"],
    "call_script": ["total_due_now", "payoff_now", "base", "monthly_0pct", "daily_penalty_now"],
}


def read(path: Path, fmt: str) -> str:
    data = path.read_bytes()
    if fmt == "docx":
        return docx_text(data)
    if fmt == "pdf":
        return pdf_text(data).replace("\n", "")
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["docx", "pdf", "txt"])
@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_every_letter_in_every_format_shows_the_engine_figures(tmp_path: Path, kind: str, fmt: str) -> None:
    out = tmp_path / f"{kind}.{fmt}"
    status, _, err = cli("letter", kind, str(E1_CASE), "--format", fmt, "-o", str(out))
    assert status == 0, err
    text = read(out, fmt)
    for needle in ["李明", "360借条", *(E1[k] for k in SHOWN[kind])]:
        assert needle in text, f"{kind}.{fmt}: {needle}"
    if fmt == "pdf":
        assert_real_cjk_glyphs(out.read_bytes())


def test_format_from_suffix_and_stdout(tmp_path: Path) -> None:
    status, _, err = cli("letter", "waiver_request", str(E1_CASE), "-o", str(tmp_path / "w.docx"))
    assert status == 0, err
    assert (tmp_path / "w.docx").read_bytes()[:2] == b"PK"
    status, out, _ = cli("letter", "call_script", str(E1_CASE), "-o", "-")
    assert status == 0 and "电话沟通话术" in out and "910.06" in out


def test_evaluation_date_changes_the_figures(tmp_path: Path) -> None:
    status, out, _ = cli(
        "letter", "waiver_request", str(E1_CASE), "--on", "2026-11-29", "-o", "-", "--format", "txt"
    )
    assert status == 0
    assert "325.68" not in out  # one more day of penalty: 325.68 + 5.52
    assert "331.20" in out


def test_agreement_text_is_checked_in_the_confirmation(tmp_path: Path) -> None:
    agreement = tmp_path / "agreement.txt"
    agreement.write_text("甲方同意乙方分12期还款，每期910.06元。", encoding="utf-8")
    status, out, err = cli(
        "letter", "agreement_confirmation", str(E1_CASE), "--agreement", str(agreement), "-o", "-"
    )
    assert status == 0, err
    assert "以下内容尚未写明" in out and "违约条款（未按期还款的后果）" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["letter", "bogus", str(E1_CASE), "-o", "x.txt"], "未知的文书类型"),
        (["letter", "hardship", str(E1_CASE), "--format", "odt", "-o", "x.odt"], "--format"),
        (["letter", "hardship", str(E1_CASE), "--format", "pdf", "-o", "-"], "标准输出"),
        (["letter", "hardship", "missing.toml", "-o", "x.txt"], "找不到案件文件"),
        (["letter", "hardship", str(E1_CASE), "--debt", "nope", "-o", "-"], "jt360"),
        (["letter", "hardship", str(E1_CASE), "--on", "2026-13-01", "-o", "-"], "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_exit_2_with_one_message(tmp_path: Path, argv: list[str], message: str) -> None:
    argv = [a if a != "x.txt" else str(tmp_path / "x.txt") for a in argv]
    status, out, err = cli(*argv)
    assert status == 2
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.txt").exists()


def test_packet_is_one_pdf_with_budget_debts_plan(tmp_path: Path) -> None:
    out = tmp_path / "packet.pdf"
    status, _, err = cli("packet", str(E1_CASE), "-o", str(out))
    assert status == 0, err
    text = pdf_text(out.read_bytes()).replace("\n", "")
    for needle in [
        "困难情况材料包",
        "收支情况",
        "5,200.00",
        "3,600.00",
        "1,600.00",
        "7,660.08",
        "910.06",
        "12 期",
        "证据目录",
    ]:
        assert needle in text, needle
    assert_real_cjk_glyphs(out.read_bytes())


def test_a_fresh_process_reports_an_unknown_stored_case(tmp_path: Path) -> None:
    """Outside pytest nothing has set Django up: a case name must still give exit 2, not an internal error."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XIESHANG_"))}
    env |= {"XIESHANG_HOME": str(tmp_path / "home"), "LANG": "zh_CN.UTF-8"}
    for argv in (["letter", "hardship", "nobody", "-o", "x.txt"], ["dossier", "nobody", "-o", "x.zip"]):
        done = subprocess.run(
            [sys.executable, "-c", "from xieshang.cli.app import main; main()", *argv],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert "没有名为 'nobody' 的案件" in done.stderr and "内部错误" not in done.stderr
