"""A PDF never shows an empty box: characters the embedded font lacks (emoji in a message, rare CJK
extension characters) are written out as words; everything the font has is drawn as is."""

from __future__ import annotations

from datetime import date

from tests.unit.documents.probes import assert_real_cjk_glyphs, pdf_text
from xieshang.documents.model import Document, Paragraph, Table
from xieshang.documents.render_pdf import EMOJI_ZH, drawable, render_pdf


def test_drawable_keeps_what_the_font_has_and_names_the_rest() -> None:
    assert drawable("还款500元，ＡＢＣ abc「」") == "还款500元，ＡＢＣ abc「」"
    assert drawable("好的😊👍🏻❤️") == f"好的{EMOJI_ZH}"  # one word for a run, modifiers dropped
    assert drawable("好😊的😊") == f"好{EMOJI_ZH}的{EMOJI_ZH}"
    assert drawable("\U00020000") == "〔U+20000〕"  # a CJK extension B character the font lacks
    assert drawable("a\u200db") == "ab"  # invisible joiner


def test_an_emoji_in_a_timeline_is_a_word_in_the_pdf() -> None:
    doc = Document(
        kind="dossier_index",
        title="证据目录及联系时间线",
        date=date(2026, 11, 28),
        blocks=(
            Paragraph("对方来信如下。"),
            Table(headers=("时间", "内容摘要"), rows=(("2024-03-05 10:02", "好的，我下周一还500元😊"),)),
        ),
    )
    data = render_pdf(doc)
    text = pdf_text(data).replace("\n", "")
    assert f"好的，我下周一还500元{EMOJI_ZH}" in text and "😊" not in text
    assert_real_cjk_glyphs(data)
