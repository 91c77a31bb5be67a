"""Score the conduct check (rules + text classifier) on data/conduct/heldout.tsv, as detect_conduct sees it:
each message an incoming SMS at 14:00 from an untagged private mobile (the hard case of issue 16)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType

from xieshang.core.conduct import ConductContext, ContactEvent, ContactKind, detect_conduct
from xieshang.core.conduct.classifier import TextModel
from xieshang.core.conduct.model import ContactDirection
from xieshang.core.conduct.rules import ConductRules

ROOT = Path(__file__).resolve().parents[3]
HELDOUT = ROOT / "data" / "conduct" / "heldout.tsv"
KINDS = ("third_party", "threat", "insult", "impersonation", "fake_legal_process", "personal_account")


def load_script(name: str) -> ModuleType:
    """scripts/<name>.py as a module, loaded once for all the conduct tests."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@dataclass(frozen=True)
class Item:
    who: str
    kinds: frozenset[str]
    text: str


def read_heldout(path: Path = HELDOUT) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        who, kinds, text = line.split("\t")[:3]
        items.append(Item(who, frozenset() if kinds == "-" else frozenset(kinds.split(",")), text))
    return items


@dataclass
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def examples(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    kinds: dict[str, KindScore] = field(default_factory=lambda: {k: KindScore() for k in KINDS})
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (expected, found) per message
    errors: list[str] = field(default_factory=list)
    n: int = 0
    source: str = "data/conduct/heldout.tsv"

    def table(self) -> str:
        lines = [f"held-out set: {self.n} messages ({self.source})"]
        lines.append(
            f"{'kind':20} {'examples':>8} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'precision':>9} {'recall':>7}"
        )
        for kind, s in self.kinds.items():
            lines.append(
                f"{kind:20} {s.examples:8} {s.tp:4} {s.fp:4} {s.fn:4} {s.tn:4} {s.precision:9.3f} {s.recall:7.3f}"
            )
        labels = ["none", *KINDS]
        lines.append("confusion matrix (rows: expected kind, columns: kind found; a message counts once per")
        lines.append("expected kind; 'none' = no finding kind expected / none found):")
        short = {k: k[:8] for k in labels}
        lines.append(" " * 20 + "".join(f"{short[c]:>9}" for c in labels))
        for r in labels:
            lines.append(f"{r:20}" + "".join(f"{self.confusion[(r, c)]:9}" for c in labels))
        return "\n".join(lines)


def evaluate(
    items: list[Item], rules: ConductRules, model: TextModel | None, source: str = "data/conduct/heldout.tsv"
) -> Report:
    start = datetime.fromisoformat("2026-03-02T14:00:00+08:00")
    events = [
        ContactEvent(
            id=str(i),
            kind=ContactKind.MESSAGE,
            timestamp=start,
            direction=ContactDirection.INCOMING,
            counterpart=f"177{i:08d}",  # each message its own untagged number
            text=item.text,
        )
        for i, item in enumerate(items)
    ]
    found: dict[int, set[str]] = {i: set() for i in range(len(items))}
    for finding in detect_conduct(events, rules, ConductContext(model=model)):
        if finding.category in KINDS:
            for evidence_id in finding.evidence_ids:
                found[int(evidence_id)].add(finding.category)
    report = Report(n=len(items), source=source)
    for i, item in enumerate(items):
        got = found[i]
        for kind in KINDS:
            s = report.kinds[kind]
            if kind in item.kinds:
                s.tp, s.fn = (s.tp + 1, s.fn) if kind in got else (s.tp, s.fn + 1)
            else:
                s.fp, s.tn = (s.fp + 1, s.tn) if kind in got else (s.fp, s.tn + 1)
        for expected in sorted(item.kinds) or ["none"]:
            for kind in sorted(got) or ["none"]:
                if expected == "none" or kind == "none" or kind == expected or kind not in item.kinds:
                    report.confusion[(expected, kind)] += 1
        if got != item.kinds:
            report.errors.append(f"expected {sorted(item.kinds)} found {sorted(got)}: {item.text}")
    return report
