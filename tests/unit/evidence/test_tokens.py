"""The search tokens (pure): the index never misses a match, and decides 1- and 2-character terms alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xieshang.evidence import tokens as tk

ALPHABET = st.sampled_from(list("逾期还款借条喆珺的了银行aAbB01２，。 !【】\n"))
TEXT = st.text(ALPHABET, max_size=40)


def test_runs_and_normalised_text() -> None:
    assert tk.runs("【360借条】您已逾期，请还款！Ｌｏａｎ") == ["360借条", "您已逾期", "请还款", "loan"]
    assert tk.normalised_text("逾期，  还款") == "逾期 还款"


def test_tokens_are_unigrams_and_bigrams_of_each_run() -> None:
    assert tk.index_tokens("逾期 AB") == " ".join(sorted({"逾", "期", "逾期", "a", "b", "ab"}))
    assert tk.index_tokens("，。") == ""


def test_query_terms_and_phrases() -> None:
    terms = tk.parse_query('逾期  "还 款" 逾期 x')
    assert [(t.text, t.tokens, t.exact) for t in terms] == [
        ("逾期", ("逾期",), True),
        ("还 款", ("还", "款"), False),
        ("x", ("x",), True),
    ]
    assert tk.parse_query("，。!") == []
    assert [t.tokens for t in tk.parse_query("逾期还款")] == [("逾期", "期还", "还款")]


@settings(max_examples=200, deadline=None)
@given(text=TEXT, data=st.data())
def test_every_substring_of_the_text_has_all_its_tokens_indexed(text: str, data: st.DataObject) -> None:
    norm = tk.normalised_text(text)
    if not norm:
        return
    start = data.draw(st.integers(0, len(norm) - 1))
    end = data.draw(st.integers(start + 1, len(norm)))
    terms = tk.parse_query(f'"{norm[start:end]}"')
    indexed = set(tk.index_tokens(text).split())
    for term in terms:
        assert set(term.tokens) <= indexed
        assert tk.matches([term], text)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, query=st.text(ALPHABET, min_size=1, max_size=2))
def test_short_terms_are_decided_by_the_index_alone(text: str, query: str) -> None:
    for term in tk.parse_query(query):
        if term.exact:
            indexed = set(tk.index_tokens(text).split())
            assert (set(term.tokens) <= indexed) == tk.matches([term], text)


def test_snippet_and_highlights() -> None:
    text = "甲" * 100 + "逾期还款" + "乙" * 100
    snip, spans = tk.snippet(text, tk.parse_query("逾期"), width=40)
    [(s, e)] = spans
    assert snip[s:e] == "逾期" and snip.startswith("…") and snip.endswith("…") and len(snip) == 42
    snip, spans = tk.snippet("Overdue LOAN notice", tk.parse_query("loan"))
    assert [snip[s:e] for s, e in spans] == ["LOAN"]


def _phrase_matches(stream: str, expression: str) -> bool:
    """A model of FTS5 phrase matching over the positional stream (quoted tokens, adjacent positions)."""
    tokens, wanted = stream.split(), expression.strip('"').split()
    return any(tokens[i : i + len(wanted)] == wanted for i in range(len(tokens) - len(wanted) + 1))


@settings(max_examples=300, deadline=None)
@given(text=TEXT, query=st.text(ALPHABET, min_size=1, max_size=6))
def test_the_positional_phrase_decides_every_term_exactly(text: str, query: str) -> None:
    stream, counted = tk.index_forms(tk.runs(text))
    for term in tk.parse_query(f'"{query}"') + tk.parse_query(query):
        assert _phrase_matches(stream, tk.fts_phrase(term)) == tk.matches([term], text), (text, term)
        token = tk.counted_token(term)
        if token is not None:  # a counted token: its total comes from the per-case counts
            assert (token in counted) == tk.matches([term], text), (text, term)
        elif term.exact or (3 <= len(term.text) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in term.text)):
            raise AssertionError(f"{term} should be counted")


def test_positional_stream_and_phrases() -> None:
    end = tk.END
    assert tk.positional_stream(tk.runs("逾期，还")) == f"期 还 逾 逾期 期{end} {end}还 还{end}"
    assert tk.fts_phrase(tk.parse_query('"期 还"')[0]) == f'"期{end} {end}还"'
    assert tk.fts_phrase(tk.parse_query("逾期还款")[0]) == '"逾期 期还 还款"'
    assert tk.fts_phrase(tk.parse_query("喆")[0]) == '"喆"'
    assert tk.index_forms([]) == ("", set())


def test_counted_phrases_are_han_only_of_three_or_four_characters() -> None:
    assert tk.phrases("您已逾期 请还款 360借条x 喆珺") == {"您已逾", "已逾期", "您已逾期", "请还款"}
    assert tk.index_forms(["逾期还款"])[1] >= {"逾期还", "期还款", "逾期还款"}
    assert "逾期还款a" not in tk.index_forms(["逾期还款a"])[1]
    counted = {
        t.text: tk.counted_token(t)
        for t in tk.parse_query('逾 逾期 逾期还 逾期还款 逾期还款了 "逾期 还款" 36借条 ab')
    }
    assert counted == {
        "逾": "逾", "逾期": "逾期", "逾期还": "逾期还", "逾期还款": "逾期还款", "逾期还款了": None,
        "逾期 还款": None, "36借条": None, "ab": "ab",
    }  # fmt: skip
