"""Every catalog is complete: no untranslated or fuzzy zh_Hans entry, and the .mo matches the .po."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "xieshang"
CATALOGS = sorted(SRC.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_there_are_catalogs() -> None:
    assert len(CATALOGS) >= 2


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-5])
def test_catalog_complete_and_compiled(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {po_path}"
    assert fuzzy == [], f"fuzzy in {po_path}"
    with po_path.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:  # a word that needs its context ("overdue" of a follow-up, not of a payment)
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, (
                f".mo stale for {entry.msgid!r}"
            )
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, f".mo stale for {entry.msgid!r}"
