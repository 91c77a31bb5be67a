"""Check that a held-out set of the conduct classifier is apart from the training data (issue 16).

    .venv/bin/python scripts/conduct_overlap_check.py                       # data/conduct/heldout.tsv
    .venv/bin/python scripts/conduct_overlap_check.py FILE --against a.tsv b.tsv --top 20
    .venv/bin/python scripts/conduct_overlap_check.py FILE --against … --own-only   # never prints their texts

A held-out text violates when its key (the test's normal form: `model_text`, letters and digits only) equals the
key of a training line, or when the character-trigram Jaccard overlap of the two keys is 0.40 or more. The
closest pairs are printed (with --own-only only FILE's lines that violate, with their scores: whoever writes a set
that must stay apart from others — a blind held-out set, or training data apart from a held-out set — checks it
without reading the others' texts); the exit status is 1 on any violation, 0 otherwise. By default the held-out file is
checked against every file the training script reads (scripts/train_conduct_model.py's TRAIN_FILES).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from xieshang.core.conduct.classifier import model_text  # noqa: E402
from xieshang.core.conduct.text import Variants  # noqa: E402
from xieshang.knowledge.conduct import load_conduct_rules  # noqa: E402

DATA = ROOT / "data" / "conduct"
LIMIT = 0.40
# The files scripts/train_conduct_model.py reads (kept in step with its TRAIN_FILES; the unit test checks).
TRAIN_GLOBS = ("train_*.tsv", "dev*.tsv")


def texts(path: Path) -> list[str]:
    return [
        line.split("\t")[2]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def key(text: str, variants: Variants | None) -> str:
    return "".join(ch for ch in model_text(text, variants) if unicodedata.category(ch)[0] in "LN")


def trigrams(text: str) -> frozenset[str]:
    if len(text) < 3:
        return frozenset({text})
    return frozenset(text[i : i + 3] for i in range(len(text) - 2))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def closest(
    held: Sequence[str], train: Iterable[str], variants: Variants | None = None
) -> list[tuple[float, str, str]]:
    """For each held-out text, (overlap, held-out text, closest training text); 1.0 for an equal key."""
    train_keys: dict[str, str] = {}
    for t in train:
        train_keys.setdefault(key(t, variants), t)
    grams = [(trigrams(k), t) for k, t in train_keys.items()]
    index: dict[str, list[int]] = {}
    for n, (g, _) in enumerate(grams):
        for tri in g:
            index.setdefault(tri, []).append(n)
    out = []
    for h in held:
        k = key(h, variants)
        if k in train_keys:
            out.append((1.0, h, train_keys[k]))
            continue
        g = trigrams(k)
        candidates = {n for tri in g for n in index.get(tri, ())}
        best, best_text = 0.0, ""
        for n in candidates:
            j = jaccard(g, grams[n][0])
            if j > best:
                best, best_text = j, grams[n][1]
        out.append((best, h, best_text))
    return sorted(out, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("heldout", nargs="?", type=Path, default=DATA / "heldout.tsv")
    parser.add_argument(
        "--against", type=Path, nargs="+", help="training files (default: every train/dev file)"
    )
    parser.add_argument("--top", type=int, default=15, help="closest pairs to print")
    parser.add_argument("--limit", type=float, default=LIMIT)
    parser.add_argument(
        "--own-only", action="store_true", help="print only FILE's violating lines, never others'"
    )
    args = parser.parse_args(argv)
    against = args.against or sorted(p for g in TRAIN_GLOBS for p in DATA.glob(g))
    against = [p for p in against if p.resolve() != args.heldout.resolve()]
    variants = Variants(dict(load_conduct_rules().variants))
    train = [t for p in against for t in texts(p)]
    pairs = closest(texts(args.heldout), train, variants)
    bad = [p for p in pairs if p[0] >= args.limit]
    print(
        f"{args.heldout.name}: {len(pairs)} texts against {len(train)} training lines in {len(against)} files"
    )
    if args.own_only:
        for overlap, h, _ in bad:
            print(f"{overlap:.3f} VIOLATION  {h}")
    else:
        for overlap, h, t in pairs[: max(args.top, len(bad))]:
            print(f"{overlap:.3f}{' VIOLATION' if overlap >= args.limit else ''}\n  held: {h}\n  train: {t}")
    print(f"{len(bad)} at or over {args.limit:.2f}; closest {pairs[0][0]:.3f}" if pairs else "empty")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
