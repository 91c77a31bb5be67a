"""The conduct check on the external held-out set (issue 16): data/conduct/external2.tsv, texts nobody on the
project wrote, each quoted from public code (lenders' SMS templates, collection scripts and compliance examples in
public repositories) or a public page (its origin in the fourth column), labelled before it was scored and
scored once, exactly as heldout.tsv is (tests/unit/conduct/heldout_eval.py: each text an incoming SMS from its own
untagged private mobile). The figures, rules alone beside them, the confusion matrix and every miss are printed
(pytest -s, or -rA shows them with the pass); see the set's header and docs/decisions.md for what they say.

As in test_text_model.py, a kind is held to a floor a little below what it reached, so that a worse model fails;
only kinds with at least MIN_EXAMPLES examples are asserted, the others are printed. Nothing is tuned on this set."""

from __future__ import annotations

import json

from tests.unit.conduct.heldout_eval import KINDS, ROOT, Report, evaluate, load_script, read_heldout
from tests.unit.conduct.test_text_model import MIN_EXAMPLES, MODEL_PATH, PRECISION, RECALL, TRAIN
from xieshang.core.conduct.text import Variants
from xieshang.knowledge.conduct import load_conduct_model, load_conduct_rules

EXTERNAL = ROOT / "data" / "conduct" / "external2.tsv"
SOURCE = "data/conduct/external2.tsv"
# The first external set (170 quotes from public pages) was scored once with the round-12 rules and model —
# third_party 0.571 / 0.400, threat 0.861 / 0.705 — read, and became training data in round 13
# (data/conduct/dev_external.tsv). external2.tsv (214 quotes, 127 sources) was gathered and committed before round
# 13 was scored, and is scored with each round's model; its misses are not read. Kinds with at least MIN_EXAMPLES
# examples (third_party 28, threat 51): round 12's model 0.524 / 0.393 and 0.722 / 0.510, round 13's 0.636 / 0.500
# and 0.744 / 0.569, round 14's 0.565 / 0.464 and 0.725 / 0.569, round 15's 0.565 / 0.464 and 0.750 / 0.588, round
# 16's 0.583 / 0.500 (14/28, 10 FP) and 0.725 / 0.569 (29/51, 11 FP), round 17's 0.571 / 0.429 (12/28, 9 FP) and
# 0.771 / 0.529 (27/51, 8 FP), round 18's 0.619 / 0.464 (13/28, 8 FP) and 0.778 / 0.549 (28/51, 8 FP), round 19's
# 0.619 / 0.464 (13/28, 8 FP) and 0.848 / 0.549 (28/51, 5 FP), round 20's 0.550 / 0.393 (11/28, 9 FP) and 0.800 /
# 0.549 (28/51, 7 FP), round 21's 0.591 / 0.464 (13/28, 9 FP) and 0.781 / 0.490 (25/51, 7 FP) — the goal is met for
# neither; round 21 found two more third-party contacts and three fewer threats than round 20 on this real text.
# Held a little below round 21's figures. The other kinds have 0-7 examples and are printed only.
FLOORS: dict[str, tuple[float, float]] = {
    "third_party": (0.57, 0.44),
    "threat": (0.76, 0.47),
}
# Per finding kind raised on the 143 texts that should raise nothing: round 21 24 in all (round 20: 28; round 19: 23;
# round 18: 28; round 17: 28; round 16: 31; round 15: 31; round 14: 31; round 13: 28; round 12: 37).
NONE_RAISED_MAX = 26

overlap = load_script("conduct_overlap_check")


def _goal_lines(report: Report) -> str:
    lines = []
    for kind in KINDS:
        s = report.kinds[kind]
        if s.examples < MIN_EXAMPLES:
            verdict = f"under {MIN_EXAMPLES} examples: printed, not asserted"
        elif s.precision >= PRECISION and s.recall >= RECALL:
            verdict = "goal met"
        else:
            verdict = "goal NOT met"
        lines.append(f"{kind:20} {s.examples:3} examples  P {s.precision:.3f}  R {s.recall:.3f}  {verdict}")
    return "\n".join(lines)


def test_external_figures_with_the_confusion_matrix() -> None:
    items = read_heldout(EXTERNAL)
    rules, model = load_conduct_rules(), load_conduct_model()
    report = evaluate(items, rules, model, SOURCE)
    rules_only = evaluate(items, rules, None, SOURCE)
    print("\n== external set, rules + text classifier ==\n" + report.table())
    print(f"\nthe issue's goal (P >= {PRECISION}, R >= {RECALL}, kinds with >= {MIN_EXAMPLES} examples):")
    print(_goal_lines(report))
    print("\n== external set, rules alone (for comparison) ==\n" + rules_only.table())
    print("\nerrors (rules + classifier):\n" + "\n".join(report.errors))
    none_raised = sum(report.confusion[("none", k)] for k in KINDS)
    print(f"\nnone-expected texts raising something: {none_raised}")
    for kind in KINDS:
        score = report.kinds[kind]
        if score.examples < MIN_EXAMPLES:
            continue
        precision, recall = FLOORS[kind]
        assert score.precision >= precision and score.recall >= recall, (kind, score)
    assert none_raised <= NONE_RAISED_MAX


def test_the_external_set_cites_its_pages_and_is_apart_from_training() -> None:
    rows = [
        line.split("\t")
        for line in EXTERNAL.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(rows) >= 200
    cited = ("http://", "https://", "github:")
    assert all(len(r) == 4 and r[3].startswith(cited) for r in rows), [
        r for r in rows if len(r) != 4 or not r[3].startswith(cited)
    ][:3]
    assert all(r[0] in {"c", "n"} for r in rows)
    assert all(k in KINDS for r in rows if r[1] != "-" for k in r[1].split(","))
    variants = Variants(dict(load_conduct_rules().variants))
    train = [t for path in TRAIN for t in overlap.texts(path)]
    pairs = overlap.closest([r[2] for r in rows], train, variants)
    assert pairs[0][0] < overlap.LIMIT, pairs[:3]
    # The training never reads the external set.
    assert "external2.tsv" not in json.dumps(json.loads(MODEL_PATH.read_text(encoding="utf-8"))["training"])
    assert EXTERNAL not in TRAIN
