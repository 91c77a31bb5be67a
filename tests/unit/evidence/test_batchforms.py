"""The batch search forms (numpy) are exactly the per-record ones: streams, and phrase counts."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xieshang.evidence import batchforms
from xieshang.evidence import tokens as tk


def reference(texts: list[str]) -> tuple[list[str], Counter[str]]:
    streams, counts = [], Counter[str]()
    for text in texts:
        text_runs = tk.runs(text)
        streams.append(tk.positional_stream(text_runs))
        counts.update(tk.phrases(" ".join(text_runs)))
    return streams, counts


TRICKY = [
    "",
    "，。！",
    "a",
    "逾",
    "逾期",
    "逾期还",
    "逾期还款逾期还款",
    "【某某消费金融】尊敬的客户，您的借款已逾期12天，应还金额345.67元。退订回T",
    "Ｌｏａｎ ＡＢＣ１２３ ﬁ ½ ㈱ ㍿ ℡",  # NFKC: full-width, ligature, fractions, squared words
    "ΣΑΣ σς ΟΔΟΣ.",  # final sigma
    "emoji 😀👍🏽 逾期😀还款 🇨🇳",
    "𠀀𠀁𠀂𠀃 𪚥𪚥𪚥 𰀀𰀁𰀂",  # astral Han (extensions B…G)
    "\ue000逾期\ue000还款\ue000",  # the END character inside the text
    "﨎﨏﨑 丽丸乁",  # compatibility ideographs (some NFKC to unified ones)
    "a\u0301 e\u0308 한국어 ﾊﾝｶｸ カタカナ",  # combining marks, Hangul, half-width kana
    "混合mixed文本text１２３４数字",
    "\n\n\t  ",
    "\ud800逾期还款\udfff",  # lone surrogates (never part of a run)
    "逾期还款" * 300,
    "x" * 2000,
]


@pytest.mark.parametrize("chunk", [batchforms.CHUNK_CHARS, 1, 7, 64])
def test_tricky_texts_equal_the_per_record_forms(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batchforms, "CHUNK_CHARS", chunk)
    assert batchforms.streams_and_phrases(TRICKY) == reference(TRICKY)
    for text in TRICKY:
        assert batchforms.streams_and_phrases([text]) == reference([text])


def test_empty_batch_and_batches_without_runs() -> None:
    assert batchforms.streams_and_phrases([]) == ([], Counter())
    assert batchforms.streams_and_phrases(["", "，", " "]) == (["", "", ""], Counter())


def test_phrase_counts_count_records_not_occurrences() -> None:
    streams, counts = batchforms.streams_and_phrases(["逾期还款逾期还款", "逾期还款", "还款"])
    assert counts["逾期还款"] == 2 and counts["期还款逾"] == 1 and counts["逾期还"] == 2
    assert "还款" not in counts


ALPHABET = st.sampled_from(list("逾期还款借条喆珺的了银行𠀀𠀁aAbBΣς01２，。 !【】\n😀\ue000ﬁ"))


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.text(ALPHABET, max_size=30), max_size=12), chunk=st.integers(1, 200))
def test_random_batches_equal_the_per_record_forms(texts: list[str], chunk: int) -> None:
    old = batchforms.CHUNK_CHARS
    batchforms.CHUNK_CHARS = chunk
    try:
        assert batchforms.streams_and_phrases(texts) == reference(texts)
    finally:
        batchforms.CHUNK_CHARS = old


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.text(max_size=40), max_size=8))
def test_any_unicode_equals_the_per_record_forms(texts: list[str]) -> None:
    assert batchforms.streams_and_phrases(texts) == reference(texts)


_PART = st.text(
    st.sampled_from(list("逾期aAΣσς\u0301\u0308\u1100\u1161\u11a8가ﬁ１，e \n\t😀𠀀İ")), max_size=6
)


@settings(max_examples=400, deadline=None)
@given(name=_PART, number=_PART, subject=_PART, text=_PART)
def test_the_search_text_normalised_from_its_parts_is_the_whole_normalised(
    name: str, number: str, subject: str, text: str
) -> None:
    import unicodedata

    from xieshang.evidence.prepare import normalised_search_text, searchable_text

    whole = searchable_text(text=text, counterpart=number, counterpart_name=name, subject=subject)
    made = normalised_search_text(
        text, unicodedata.normalize("NFKC", text), counterpart=number, counterpart_name=name, subject=subject
    )
    assert made == tk.normalise(whole)
    assert batchforms.streams_and_phrases([made], normalised=True) == batchforms.streams_and_phrases([whole])
