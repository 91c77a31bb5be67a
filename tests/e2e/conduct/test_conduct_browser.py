"""The conduct report in a browser: a night call in the heat map and the timeline; the heat map scrolls
sideways inside its box on a phone while the page itself does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_conduct_report(
    page: Any, make_user: Any, login: Any, url: Any, screenshot: Any, settings: Any, tmp_path: Path
) -> None:
    from tests.integration.conduct_web.conftest import OWN, make_case, write_evidence
    from xieshang.evidence.services import evidence_import

    settings.XIESHANG_EVIDENCE_ROOT = tmp_path / "vault"
    settings.XIESHANG_TSA_URL = ""
    settings.XIESHANG_TSA_CA_FILE = ""
    owner = make_user("harassed")
    case = make_case(owner)
    evidence_import(case=case, paths=write_evidence(tmp_path / "export"))

    login(page, "harassed")
    page.goto(url(f"/cases/{case.name}/"))
    page.click(f"nav.tabs a[href='/cases/{case.name}/conduct/']")
    assert page.locator("h1").inner_text() == "催收行为"
    assert page.locator("td[data-day='2'][data-hour='23']").inner_text() == "1"
    assert page.locator("li.finding[data-rule='hours.night']").count() == 1

    page.fill("#id_numbers", OWN)
    page.check("input[name=court]")
    page.click("#conduct-options button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert "numbers=" in page.url and "court=1" in page.url
    assert page.locator("li.finding[data-rule='third_party.reached_other_number']").count() == 1
    assert page.locator("li.finding[data-rule='court.fake_process']").count() == 0

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    scrolls = page.evaluate(
        "(() => { const w = document.querySelector('.heatmap-wrap'); return w.scrollWidth > w.clientWidth; })()"
    )
    assert scrolls  # the 24 hours do not fit a phone: the heat map scrolls in its own box
    screenshot(page, "conduct")
