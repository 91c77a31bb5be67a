"""Train the conduct text classifier: data/conduct/train_*.tsv -> src/xieshang/knowledge/conduct_model.json.

    .venv/bin/python scripts/train_conduct_model.py            # write the model file
    .venv/bin/python scripts/train_conduct_model.py --check    # exit 1 unless the file is what this trains

Reproducible: fixed data, fixed seeds, a deterministic solver (liblinear), one OpenBLAS kernel set on every x86-64
machine (OPENBLAS_CORETYPE, below), weights rounded to 3 decimals;
the file records the SHA-256 of every training file. The held-out set (data/conduct/heldout.tsv) is never
read here.

Model: one logistic regression per label (scikit-learn's LogisticRegression, liblinear, L2, class weights
balanced) on the presence of character 1–3-grams of `model_text` (the runtime's own normal form, so that
training and use read the same features), each scaled by its naive-Bayes log-count ratio for the label (round 21,
NBSVM; the weights are stored scaled, so the product reads one weight per n-gram as before). N-grams seen in fewer than 2 messages are dropped; weights
below 0.12 in size are pruned (the file stays small; 0.1 until round 9). Each label's threshold is the lowest
probability at which 5-fold out-of-fold predictions on the TRAINING data reach precision 0.98, or 0.97, 0.96,
0.95 where the stricter would drop out-of-fold recall under 0.92 (never below 0.5; per kind, chosen on training data only;
round 6 had 0.98/0.97 and 0.88; round 8 chose these by leaving each dev set out, scripts/conduct_model_cv.py).
scikit-learn is needed here only; the product reads the JSON with the standard library.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

# OpenBLAS (under numpy and scipy) picks its kernels by the CPU it runs on, and an AVX-512 kernel sums in another
# order than an AVX2 one: trained on two machines, a few hundred weights differed in the last thousandth and the
# byte-for-byte check failed on a fresh CI machine. One kernel set on every x86-64 machine (AVX2, 2013 on), set
# before numpy loads OpenBLAS; elsewhere (ARM) the variable is ignored and the check may differ in the last digit.
os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from xieshang.core.conduct.classifier import (  # noqa: E402
    COLLECTION,
    MODEL_FORMAT,
    WEIGHT_SCALE,
    model_text,
    ngrams,
)
from xieshang.core.conduct.text import Variants  # noqa: E402
from xieshang.knowledge.conduct import load_conduct_rules  # noqa: E402

DATA = ROOT / "data" / "conduct"
TRAIN_FILES = (
    "train_from_tests.tsv",
    "train_written.tsv",
    "train_round8.tsv",
    "train_round10.tsv",
    "train_round11.tsv",
    "train_round12.tsv",
    "dev.tsv",
    "dev2.tsv",
    "dev3.tsv",
    "dev4.tsv",
    "dev5.tsv",
    "dev6.tsv",
    "dev7.tsv",
    "dev8.tsv",
    "dev9.tsv",
    "dev10.tsv",
    "dev11.tsv",
    # Round 13: the first external set, real text quoted from public pages, scored once as held-out and read;
    # train_round13.tsv paraphrases it. The held-out sets are heldout.tsv and external2.tsv, never read here.
    "dev_external.tsv",
    "train_round13.tsv",
    # Round 13 also: round 12's held-out set, scored and read (the round-13 held-out set is heldout.tsv).
    "dev12.tsv",
    # Round 14: round 13's held-out set (composed blind by a helper), scored once and read.
    "dev13.tsv",
    # Round 15: round 14's held-out set (composed blind by a helper), scored once and read.
    "dev14.tsv",
    # Round 16: round 15's held-out set (composed blind by a helper), scored once and read.
    "dev15.tsv",
    # Round 17: round 16's held-out set (composed blind by a helper), scored once; eight training sets composed by
    # helpers who read only the held-out header's conventions (each file's header says what it aims at).
    "dev16.tsv",
    "train_round17_a.tsv",
    "train_round17_b.tsv",
    "train_round17_c.tsv",
    "train_round17_d.tsv",
    "train_round17_e.tsv",
    "train_round17_f.tsv",
    "train_round17_g.tsv",
    "train_round17_h.tsv",
    # Round 18: round 17's held-out set, scored once; five training sets composed by helpers who read the held-out
    # header's conventions and round 17's misses (each file's header says what it aims at).
    "dev17.tsv",
    "train_round18_a.tsv",
    "train_round18_b.tsv",
    "train_round18_c.tsv",
    "train_round18_d.tsv",
    "train_round18_e.tsv",
    # Round 19: round 18's held-out set, scored once; five training sets written the same way on round 18's misses.
    "dev18.tsv",
    "train_round19_a.tsv",
    "train_round19_b.tsv",
    "train_round19_c.tsv",
    "train_round19_d.tsv",
    "train_round19_e.tsv",
    # Round 20: round 19's held-out set, scored once; five training sets written the same way on round 19's misses.
    "dev19.tsv",
    "train_round20_a.tsv",
    "train_round20_b.tsv",
    "train_round20_c.tsv",
    "train_round20_d.tsv",
    "train_round20_e.tsv",
    # Round 21: round 20's held-out set, scored once; no training set written on its misses.
    "dev20.tsv",
)
OUT = ROOT / "src" / "xieshang" / "knowledge" / "conduct_model.json"
KINDS = ("third_party", "threat", "insult", "impersonation", "fake_legal_process", "personal_account")
LABELS = (COLLECTION, *KINDS)
NGRAM = (1, 3)
MIN_DF = 2
# Round 10: 0.1 -> 0.12, the file 399 -> 326 KB with round 10's data (leaving each dev set out: 5 more of 1,615
# labels missed, 1 fewer false finding). Kept after round 12. Weights to 3 decimals instead of 4 (after round 12, the
# file 118 bytes under the 400 KB limit): 399,882 -> about 378,000 bytes with round 12's data and no pooled count
# changed leaving each dev set out (0.12, 0.13 and 0.14 each gave the same counts at 3 and 4 decimals). A harder
# prune was measured and not taken: 0.14 (about 313,000 bytes) found 4 fewer of 2,228 labels (2,100 -> 2,096) with
# 2 more false findings (46 -> 48), and on the round-12 held-out set threat recall 0.812 -> 0.781, under its floor;
# 0.13 (344 KB) and 0.135 (328 KB) lost 3 and 5 labels. A smaller file needs a smaller format or fewer features.
# Round 15 (dev14 in training): at 0.12 the file is 401,596 bytes, over the limit; 0.14 taken, leaving each dev set
# out (dev … dev14, dev_external): 8 fewer of 3,540 labels found (3,281 -> 3,273), 1 more false finding (100 -> 101),
# every kind still at the goal.
# Round 17 (eight new training sets, about 4,100 messages): at 0.14 the file is 531,463 bytes; 0.18 (355,890) taken,
# leaving each dev set out (dev … dev16, dev_external; 4,464 labels): 0.16 (434,849 bytes, over the limit) found 8
# more labels with 1 more false finding; min_df 3 with 0.18 (363,665) found 12 fewer with 6 more. Every kind at the
# goal with 0.18 (5 of 6 before the new sets, with the round-16 data at 0.14).
# Round 18 (five more training sets and dev17, about 2,600 messages): at 0.18 the file is 441,633 bytes, over the limit;
# 0.19 is 400,969; 0.20 (363,752) taken. Leaving each dev set out at 0.20 (dev … dev17, dev_external): 5 of 6 kinds
# at the goal (insult 0.949 / 0.964), 52 false findings on 2,484 none-expected.
# Round 19 (five more sets and dev18, about 2,650 messages): at 0.20 the file is 431,222 bytes; 0.21 is 392,407, 0.22
# (358,507) taken. Leaving each dev set out (dev … dev18, dev_external): 6 of 6 kinds at the goal with either; 0.22
# found 2 fewer of 5,560 labels with 3 more false kinds raised, and keeps room under the limit.
# Round 20 (five more sets and dev19): at 0.22 the file is 406,304 bytes; 0.23 (372,138) taken, the smallest prune
# under the limit. Leaving each dev set out (dev … dev19, dev_external): 6 of 6 kinds at the goal, 60 false findings on
# 2,904 none-expected.
# Round 21: the n-grams scaled by their naive-Bayes log-count ratios (NB = 1.0; fit below). Leaving each blind set out
# with the training written on its misses (dev13 … dev20; scripts/conduct_model_cv.py --blind), against the plain
# regression at the same prune: labels found 3,492 -> 3,521 of 3,942, false findings 150 -> 118, none-expected raising
# something 48 -> 37, every kind better in precision and recall. The file is about 700 KB at 0.23; pruned under
# 400 KB (0.35 with C = 1, 0.30 with C = 0.5) it found 18-23 fewer threats than the plain one, and an even mix of the
# two regressions at 0.30 (390 KB) found 11 more labels than the plain one with 15 fewer false, half the gain. The
# file's limit went to 800,000 bytes instead (docs/decisions.md).
NB = 1.0
PRUNE = 0.23
DECIMALS = 3
C = 2.0
# Each label's cut: the strictest of these out-of-fold precision targets that keeps out-of-fold recall at
# MIN_OOF_RECALL or more (the last target otherwise). Chosen on the training data only: round 6 (0.98, 0.97)
# and 0.88; round 8 (0.98 … 0.95) and 0.92, judged by leaving each dev set out (scripts/conduct_model_cv.py).
TARGET_PRECISIONS = (0.98, 0.97, 0.96, 0.95)
MIN_OOF_RECALL = 0.92
# A finding kind raised at this probability lets a text from an untagged number through the collection gate
# (TextModel.kind_gate). Round 9, by leaving each dev set out (dev … dev8): 1.0 (off) threat R 0.938,
# impersonation 0.970, personal_account 0.930; 0.9: 0.958, 0.985, 0.950 with no false finding added; 0.85 and
# under added 2-3 false ones. Round 10 (dev … dev9): 0.9 kept (0.85: 2 more false findings; 0.95 and off: 4 and
# 18 more misses).
KIND_GATE = 0.9
# A kind the classifier raises on a text where another kind's rule fired (and none of its own) needs this
# probability (TextModel.beside_rules). Round 12, by leaving each dev set out (dev … dev11), pooled threat
# P / R: off 0.947 / 0.947 (22 false), 0.9 0.964 / 0.947, 0.95 0.968 / 0.945 (13 false, 1 more miss), 0.97 and 0.99
# no fewer false and 2-4 more misses; 0.95 for every kind: 4-5 more misses each for third_party and
# fake_legal_process for 3 fewer false findings in all.
# Round 14 (dev … dev13, dev_external, pooled): threat 0.95 → 0.98 0.949 / 0.893 → 0.952 / 0.888 (2 fewer false, 3
# more misses); third_party 0.95 (was off) 0.946 / 0.913 → 0.955 / 0.898 (6 fewer false, 9 more misses); insult 0.95
# changed 1 of each.
BESIDE_RULES: dict[str, float] = {"threat": 0.98, "third_party": 0.95}
VERSION = "2026-12-04.21"


def read_tsv(path: Path) -> list[tuple[str, frozenset[str], str]]:
    """(who, kinds, text) of each line; who is c (a collector's message) or n."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3 or parts[0] not in ("c", "n"):
            raise SystemExit(f"{path.name}:{number}: expected who<TAB>kinds<TAB>text")
        kinds = frozenset() if parts[1] == "-" else frozenset(parts[1].split(","))
        unknown = kinds - set(KINDS)
        if unknown:
            raise SystemExit(f"{path.name}:{number}: unknown kinds {sorted(unknown)}")
        rows.append((parts[0], kinds, parts[2]))
    return rows


def label_matrix(rows: list[tuple[str, frozenset[str], str]]) -> np.ndarray:
    y = np.zeros((len(rows), len(LABELS)), dtype=int)
    for i, (who, kinds, _) in enumerate(rows):
        y[i, 0] = 1 if who == "c" else 0
        for j, kind in enumerate(KINDS, 1):
            y[i, j] = 1 if kind in kinds else 0
    return y


def nb_ratio(x: sparse.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Each n-gram's naive-Bayes log-count ratio for label y (Wang and Manning 2012, "NBSVM")."""
    p = alpha + np.asarray(x[y == 1].sum(axis=0)).ravel()
    q = alpha + np.asarray(x[y == 0].sum(axis=0)).ravel()
    ratio: np.ndarray = np.log((p / p.sum()) / (q / q.sum()))
    return ratio


@dataclass(frozen=True)
class Fitted:
    """A label's linear model: decision = x · coef + intercept."""

    coef: np.ndarray
    intercept: float

    def proba(self, x: sparse.csr_matrix) -> np.ndarray:
        p: np.ndarray = 1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))
        return p


def fit(x: sparse.csr_matrix, y: np.ndarray, c: float = C, *, nb: float = 0.0) -> Fitted:
    """The regression on the n-grams, or (nb > 0) mixed with one on the n-grams scaled by their naive-Bayes ratios:
    the two decision functions averaged with weights 1 - nb and nb, which is again one linear model (NBSVM's
    interpolation, Wang and Manning 2012), so the product reads it as it reads the plain one."""

    def regression(features: sparse.csr_matrix) -> LogisticRegression:
        model = LogisticRegression(C=c, solver="liblinear", class_weight="balanced", max_iter=1000)
        model.fit(features, y)
        return model

    coef, intercept = np.zeros(x.shape[1]), 0.0
    if nb > 0.0:
        scale = nb_ratio(x, y)
        scaled = regression(x @ sparse.diags(scale))
        coef, intercept = nb * scaled.coef_[0] * scale, nb * float(scaled.intercept_[0])
    if nb < 1.0:
        plain = regression(x)
        coef, intercept = coef + (1 - nb) * plain.coef_[0], intercept + (1 - nb) * float(plain.intercept_[0])
    return Fitted(coef, intercept)


def threshold_at(oof: np.ndarray, truth: np.ndarray, target: float) -> float:
    """The lowest cut >= 0.5 at which the out-of-fold precision reaches the target."""
    for cut in np.arange(0.5, 0.99, 0.01):
        picked = oof >= cut
        if picked.sum() == 0:
            return float(round(cut, 2))
        if truth[picked].mean() >= target:
            return float(round(cut, 2))
    return 0.99


def threshold(
    oof: np.ndarray,
    truth: np.ndarray,
    targets: tuple[float, ...] = TARGET_PRECISIONS,
    min_oof_recall: float = MIN_OOF_RECALL,
) -> float:
    """The cut of the strictest precision target whose out-of-fold recall stays >= min_oof_recall."""
    for target in targets:
        cut = threshold_at(oof, truth, target)
        if (oof[truth == 1] >= cut).mean() >= min_oof_recall:
            return cut
    return threshold_at(oof, truth, targets[-1])


@dataclass(frozen=True)
class Config:
    """What the training is free to choose (chosen by cross-validation on the training data only)."""

    ngram: tuple[int, int] = NGRAM
    min_df: int = MIN_DF
    prune: float = PRUNE
    c: float = C
    targets: tuple[float, ...] = TARGET_PRECISIONS
    min_oof_recall: float = MIN_OOF_RECALL
    folds: str = "stratified"  # or "files": out-of-fold predictions leave one training file out at a time
    # The weight of the naive-Bayes-scaled regression in the mix (fit below); 0 = the plain one.
    nb: float = NB


CONFIG = Config()


Row = tuple[str, frozenset[str], str]


def read_rows(names: tuple[str, ...] = TRAIN_FILES) -> tuple[list[Row], dict[str, str]]:
    """The rows of the training files, and each file's SHA-256."""
    return read_rows_grouped(names)[:2]


def read_rows_grouped(names: tuple[str, ...] = TRAIN_FILES) -> tuple[list[Row], dict[str, str], list[str]]:
    """The rows, the files' SHA-256, and the file each row comes from."""
    rows: list[Row] = []
    groups: list[str] = []
    digests = {}
    for name in names:
        path = DATA / name
        digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        found = read_tsv(path)
        rows.extend(found)
        groups.extend([name] * len(found))
    return rows, digests, groups


def build() -> dict[str, object]:
    rows, digests, groups = read_rows_grouped()
    return train(rows, digests, CONFIG, groups=groups)


def train(
    rows: list[Row],
    digests: dict[str, str],
    config: Config,
    *,
    groups: list[str] | None = None,
    quiet: bool = False,
) -> dict[str, object]:
    variants = Variants(dict(load_conduct_rules().variants))
    texts = [model_text(text, variants) for _, _, text in rows]
    y = label_matrix(rows)
    vectorizer = CountVectorizer(
        analyzer=lambda t: sorted(ngrams(t, *config.ngram)),
        min_df=config.min_df,
        binary=True,
        lowercase=False,
    )
    x = vectorizer.fit_transform(texts)
    vocabulary = vectorizer.get_feature_names_out()
    bias = []
    thresholds = []
    coef = np.zeros((len(LABELS), len(vocabulary)))
    for j, label in enumerate(LABELS):
        truth = y[:, j]
        oof = np.zeros(len(rows))
        if config.folds == "files":
            assert groups is not None and len(groups) == len(rows)
            splits = list(LeaveOneGroupOut().split(x, truth, groups))
        else:
            splits = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=16).split(x, truth))
        for fold_train, fold_test in splits:
            fitted = fit(x[fold_train], truth[fold_train], config.c, nb=config.nb)
            oof[fold_test] = fitted.proba(x[fold_test])
        thresholds.append(threshold(oof, truth, config.targets, config.min_oof_recall))
        fitted = fit(x, truth, config.c, nb=config.nb)
        w = fitted.coef.copy()  # pruned below, the fitted weights kept
        w[np.abs(w) < config.prune] = 0.0
        coef[j] = np.round(w, DECIMALS)
        bias.append(round(fitted.intercept, 4))
        picked = oof >= thresholds[-1]
        oof_p = truth[picked].mean() if picked.any() else 1.0
        oof_r = picked[truth == 1].mean()
        if not quiet:
            print(
                f"{label:20} positives={truth.sum():4} threshold={thresholds[-1]:.2f} "
                f"out-of-fold precision={oof_p:.3f} recall={oof_r:.3f}",
                file=sys.stderr,
            )
    # Stored as integers, thousandths (DECIMALS = 3): [label, weight × 1000, label, weight × 1000, …].
    weights: dict[str, list[int]] = {}
    for k, gram in enumerate(vocabulary):
        row = [
            v
            for j in range(len(LABELS))
            if coef[j, k] != 0.0
            for v in (j, int(round(coef[j, k] * WEIGHT_SCALE)))
        ]
        if row:
            weights[str(gram)] = row
    # Decision values of a few texts computed here with numpy, for the runtime to reproduce.
    checks = []
    for i in range(0, len(rows), max(1, len(rows) // 12)):
        dense = np.asarray(x[i].todense())[0]
        decision = coef @ dense + np.array(bias)
        checks.append({"text": rows[i][2], "decision": [round(float(d), 6) for d in decision]})
    low, high = config.ngram
    return {
        "format": MODEL_FORMAT,
        "version": VERSION,
        "labels": list(LABELS),
        "ngram_range": [low, high],
        "bias": bias,
        "thresholds": thresholds,
        "kind_gate": KIND_GATE,
        "beside_rules": dict(BESIDE_RULES),
        "training": {
            "files": digests,
            "messages": len(rows),
            "positives": {label: int(y[:, j].sum()) for j, label in enumerate(LABELS)},
            "method": f"LogisticRegression(liblinear, C={config.c}, class_weight=balanced) per label on binary "
            f"character {low}-{high}-grams (min_df={config.min_df})"
            + (
                ", each scaled by its naive-Bayes log-count ratio (NBSVM; weights stored scaled)"
                if config.nb == 1.0
                else f", mixed {config.nb} with one on the n-grams scaled by their naive-Bayes log-count ratios"
                if config.nb
                else ""
            )
            + f", |w| < {config.prune} pruned; thresholds "
            f"from 5-fold out-of-fold precision >= {config.targets} (the strictest keeping out-of-fold recall "
            f">= {config.min_oof_recall})",
        },
        "checks": checks,
        "weights": weights,
    }


def render(model: dict[str, object]) -> str:
    return json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("model file is up to date" if same else "model file differs from what the data trains")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"written {OUT} ({len(text.encode()) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
