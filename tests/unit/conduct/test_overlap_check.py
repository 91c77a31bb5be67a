"""scripts/conduct_overlap_check.py: a held-out text equal to, or near, a training line is a violation."""

from __future__ import annotations

from pathlib import Path

from tests.unit.conduct.heldout_eval import load_script

overlap = load_script("conduct_overlap_check")


def _tsv(path: Path, lines: list[str]) -> Path:
    path.write_text("# header\n" + "".join(f"c\t-\t{t}\n" for t in lines), encoding="utf-8")
    return path


def test_equal_in_normal_form_is_a_violation() -> None:
    pairs = overlap.closest(["请尽快还款！"], ["请尽快 还款"])
    assert pairs[0][0] == 1.0


def test_jaccard_of_trigrams() -> None:
    a, b = overlap.trigrams("abcd"), overlap.trigrams("abce")
    assert overlap.jaccard(a, b) == 1 / 3


def test_exit_status_and_closest_pairs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    train = _tsv(tmp_path / "train.tsv", ["你的紧急联系人我们已经全部通知到了", "今天天气很好"])
    near = _tsv(tmp_path / "near.tsv", ["你的紧急联系人我们已经全部通知了"])
    far = _tsv(tmp_path / "far.tsv", ["周末一起去爬山吗"])
    assert overlap.main([str(near), "--against", str(train)]) == 1
    assert "VIOLATION" in capsys.readouterr().out
    assert overlap.main([str(far), "--against", str(train)]) == 0
    assert "0 at or over 0.40" in capsys.readouterr().out


def test_own_only_prints_the_checked_lines_and_never_the_others(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    train = _tsv(tmp_path / "train.tsv", ["你的紧急联系人我们已经全部通知到了", "今天天气很好"])
    mine = _tsv(tmp_path / "mine.tsv", ["你的紧急联系人我们已经全部通知了", "周末一起去爬山吗"])
    assert overlap.main([str(mine), "--against", str(train), "--own-only", "--top", "20"]) == 1
    out = capsys.readouterr().out
    assert "你的紧急联系人我们已经全部通知了" in out and "VIOLATION" in out
    assert "通知到了" not in out and "今天天气很好" not in out  # the other file's texts stay unseen
    assert "周末一起去爬山吗" not in out  # a line under the limit is not listed


def test_default_training_files_are_the_training_scripts() -> None:
    tcm = load_script("train_conduct_model")
    found = {p.name for g in overlap.TRAIN_GLOBS for p in overlap.DATA.glob(g)}
    assert found == set(tcm.TRAIN_FILES)
