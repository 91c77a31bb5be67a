from __future__ import annotations

import pytest

from xieshang.asr.cer import character_error_rate, character_errors, edit_distance, normalize


def test_edit_distance_counts_substitutions_insertions_deletions() -> None:
    assert edit_distance("停滞", "停制") == 1
    assert edit_distance("一二线城市", "一二线尝试") == 2
    assert edit_distance("abc", "") == 3
    assert edit_distance("", "ab") == 2
    assert edit_distance("kitten", "sitting") == 3


def test_punctuation_and_width_do_not_count() -> None:
    assert normalize("甚至，出现 交易。") == "甚至出现交易"
    assert normalize("ＡＢＣ１２") == "abc12"
    assert character_errors("甚至出现交易几乎停滞的情况", "甚至出现交易几乎停制的情况。") == (1, 13)
    assert character_error_rate("一二线城市", "一二线城市！") == 0.0


def test_empty_reference_is_refused() -> None:
    with pytest.raises(ValueError):
        character_error_rate("。", "abc")
