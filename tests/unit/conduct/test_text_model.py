"""The conduct text classifier (issue 16): its held-out figures, that the trained file is what does the work,
that the product reads the file as training wrote it, and that the file is what the data trains.

Held-out: data/conduct/heldout.tsv (written before the model it scores; see its header and dev*.tsv for the
earlier rounds). Each message is an incoming SMS from an untagged private mobile, the hard case; the
figures, and the confusion matrix, are printed (pytest -s, or -rA shows them with the pass)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.unit.conduct.heldout_eval import KINDS, ROOT, KindScore, evaluate, load_script, read_heldout
from xieshang.core.conduct.classifier import (
    COLLECTION,
    check_values,
    model_from_mapping,
    model_text,
    untrained_model,
)
from xieshang.core.conduct.text import Variants
from xieshang.core.errors import InputError
from xieshang.knowledge.conduct import MODEL_FILE, load_conduct_model, load_conduct_rules

MODEL_PATH = ROOT / "src" / "xieshang" / "knowledge" / MODEL_FILE
# Every train_*.tsv and dev*.tsv trains (the overlap check's TRAIN_GLOBS; test_overlap_check holds the training
# script's TRAIN_FILES to the same): a spent held-out set joins by its name, with no list to keep in step here.
TRAIN = sorted(
    p for g in load_script("conduct_overlap_check").TRAIN_GLOBS for p in (ROOT / "data" / "conduct").glob(g)
)
# What the issue asks of each finding kind with at least 20 held-out examples.
PRECISION, RECALL, MIN_EXAMPLES = 0.95, 0.85, 20
# What round 21's model reached on round 21's held-out set (560 messages composed blind by another hand to the mainland
# distribution, 86-90 per kind, scored once; docs/conduct-model.md): every kind meets the goal — third_party
# (1.000 / 0.889), threat (0.966 / 0.944), insult (0.964 / 0.910), impersonation (1.000 / 0.874), fake_legal_process
# (0.965 / 0.922), personal_account (0.988 / 0.977). Round 20's model on the same set meets it for five kinds
# (fake_legal_process precision 0.944): most of the step from round 20's set is the set, not the model. Every kind is
# held a little below what it reached and never under the goal, so that a worse model fails (round 20's fails the
# insult and fake_legal_process floors); the earlier rounds are in the doc and dev*.tsv.
FLOORS = {
    "third_party": (0.98, 0.87),
    "threat": (0.95, 0.92),
    "insult": (0.95, 0.89),
    "impersonation": (0.98, 0.86),
    "fake_legal_process": (0.95, 0.90),
    "personal_account": (0.97, 0.96),
}
# Of the 210 messages that should raise nothing, round 21 raised something 3 times in all (per kind; round 20's model
# on the same set: 4).
NONE_RAISED_MAX = 5
# The lowest floors (0.95, 0.86): a kind an untrained model scores under them fails the held-out test above.
FLOOR_PRECISION = min(p for p, _ in FLOORS.values())
FLOOR_RECALL = min(r for _, r in FLOORS.values())


def _texts(path: Path) -> list[str]:
    return [
        line.split("\t")[2]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_heldout_figures_with_the_confusion_matrix() -> None:
    rules, model = load_conduct_rules(), load_conduct_model()
    report = evaluate(read_heldout(), rules, model)
    rules_only = evaluate(read_heldout(), rules, None)
    print("\n== rules + text classifier ==\n" + report.table())
    print("\n== rules alone (for comparison) ==\n" + rules_only.table())
    print("\nerrors:\n" + "\n".join(report.errors))
    for kind in KINDS:
        score = report.kinds[kind]
        assert score.examples >= MIN_EXAMPLES, kind
        precision, recall = FLOORS.get(kind, (PRECISION, RECALL))
        assert score.precision >= precision and score.recall >= recall, (kind, score)
        assert score.recall > rules_only.kinds[kind].recall, kind
    # Of the lawful and the not-collection messages (none expected), few raise anything (NONE_RAISED_MAX above).
    assert sum(report.confusion[("none", k)] for k in KINDS) <= NONE_RAISED_MAX


def test_an_untrained_model_file_scores_worse() -> None:
    rules, model = load_conduct_rules(), load_conduct_model()
    items = read_heldout()
    trained = evaluate(items, rules, model)
    untrained = evaluate(items, rules, untrained_model(model))
    print("\n== an untrained model of the same shape ==\n" + untrained.table())

    def f1(score: KindScore) -> float:
        p, r = score.precision, score.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    drops = {k: f1(trained.kinds[k]) - f1(untrained.kinds[k]) for k in KINDS}
    print("F1 drop per kind:", {k: round(v, 3) for k, v in drops.items()})
    assert all(v > 0 for v in drops.values()), drops
    assert sum(drops.values()) / len(drops) > 0.15, drops
    failing = [
        k
        for k in KINDS
        if untrained.kinds[k].precision < FLOOR_PRECISION or untrained.kinds[k].recall < FLOOR_RECALL
    ]
    assert len(failing) >= 4, failing  # the held-out test above would fail with this file
    # Untrained, every label sits at probability 0.5: it raises what has a threshold of 0.5 on any text.
    scores = untrained_model(model).score("今晚一起吃饭吗")
    assert {round(s.probability, 6) for s in scores.values()} == {0.5}


def test_the_product_reads_the_file_as_training_wrote_it() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    variants = Variants(dict(load_conduct_rules().variants))
    assert check_values(load_conduct_model(), data["checks"], variants) < 1e-3
    assert len(data["checks"]) >= 10


def test_the_model_file_is_small_json_with_its_provenance() -> None:
    size = MODEL_PATH.stat().st_size
    assert size < 800_000, size  # 400,000 until round 20; round 21's naive-Bayes-scaled model is ~710 KB
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["labels"][0] == COLLECTION and set(data["labels"][1:]) == set(KINDS)
    assert set(data["training"]["files"]) == {p.name for p in TRAIN}
    assert "heldout.tsv" not in json.dumps(data["training"])


def test_no_heldout_text_is_in_the_training_data() -> None:
    variants = Variants(dict(load_conduct_rules().variants))

    def key(text: str) -> str:
        return "".join(ch for ch in model_text(text, variants) if unicodedata.category(ch)[0] in "LN")

    held = {key(t) for t in _texts(ROOT / "data" / "conduct" / "heldout.tsv")}
    seen = {key(t) for path in TRAIN for t in _texts(path)}
    assert not held & seen, sorted(held & seen)[:5]


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda d: d.update(format="pickle"), "format"),
        (lambda d: d.update(thresholds=[0.5]), "thresholds"),
        (lambda d: d["weights"].update({"上门": [99, 1000]}), "上门"),
        (lambda d: d["weights"].update({"上门": [1, "x"]}), "上门"),
        (lambda d: d["weights"].update({"上门": [1, 500, 2]}), "上门"),
        (lambda d: d["weights"].update({"上门": [[1, 0.5]]}), "上门"),
        (lambda d: d.update(labels=["threat"] * 7), "collection"),
        (lambda d: d.update(kind_gate=2), "kind_gate"),
    ],
)
def test_a_bad_model_file_is_refused_with_a_clear_error(change, needle) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(InputError) as caught:
        model_from_mapping(data)
    assert needle in caught.value.message_en


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("sklearn") is None, reason="scikit-learn (dev extra) not installed"
)
def test_the_committed_model_is_what_the_data_trains() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_conduct_model.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
