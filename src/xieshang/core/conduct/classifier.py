"""The statistical half of the conduct check: a linear text classifier on character n-grams.

The rules (`text.py`) say *why* — a phrase, its source, its confidence mark. The classifier catches wording
the rules have never seen: one logistic model per label (`collection` = the text reads as a collector's
message; one per finding kind: threat, third_party, …) over the presence of the character 1- to 3-grams
of the normalised text (NFKC, traditional → simplified, filler removed, the rules' written variants
replaced, digits folded to 0). A label is raised when its probability reaches the model's threshold; the
n-grams that weighed most are given with it.

The model is data (`knowledge/conduct_model.json`): weights as JSON integers (thousandths: each n-gram maps
to a flat list `[label index, weight × 1000, …]`, the file a quarter smaller than pairs of floats), loaded
without pickle, so a model file can hold nothing but numbers and strings. It is trained by `scripts/train_conduct_model.py`
(scikit-learn, at training time only) on `data/conduct/`; this module needs only the standard library.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xieshang.core.conduct.text import Variants, normalize_text
from xieshang.core.errors import InputError

MODEL_FORMAT = "xieshang-conduct-text-model/2"
WEIGHT_SCALE = 1000  # a weight is stored as round(weight × WEIGHT_SCALE)
COLLECTION = "collection"  # the label: reads as a collector's (or lender's) message at all
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_SIGNATURE = re.compile(r"[【\[][^】\]]{1,20}[】\]]")
# A mask or a template's blank stands for a name or a number that the message had (XX银行, 尾号****, 某某某,
# ${amount}, {name}): it is not evidence of conduct, so the model does not read it (round 13: the training data's
# XX派出所 templates had tied XX to impersonation, raised on lenders' masked reminders).
_MASK = re.compile(
    r"(?<![a-z])[x×*]{2,}(?![a-z])|某{2,}|\$\{[^{}]{1,40}\}|\{[a-z_][a-z0-9_]{0,39}\}|#[a-z_]{1,30}#"
)


def model_text(text: str, variants: Variants | None = None) -> str:
    """What the model reads: the rules' normal form, a 【signature】 reduced to 【】 (lender names are not
    evidence of conduct), masks and template blanks left out, digits folded to 0, runs of space to one."""
    text = normalize_text(text, variants).lower()
    text = _MASK.sub("", _SIGNATURE.sub("【】", text))
    return _SPACE.sub(" ", _DIGITS.sub("0", text)).strip()


def ngrams(text: str, low: int = 1, high: int = 3) -> set[str]:
    """The distinct character n-grams of `text`, low <= n <= high."""
    grams: set[str] = set()
    for n in range(low, high + 1):
        grams.update(text[i : i + n] for i in range(len(text) - n + 1))
    return grams


@dataclass(frozen=True)
class LabelScore:
    label: str
    probability: float
    threshold: float
    cues: tuple[str, ...]  # the n-grams that pushed the score up most, strongest first

    @property
    def raised(self) -> bool:
        return self.probability >= self.threshold


@dataclass(frozen=True)
class TextModel:
    version: str
    labels: tuple[str, ...]
    ngram_range: tuple[int, int]
    bias: tuple[float, ...]
    thresholds: tuple[float, ...]
    weights: Mapping[str, tuple[tuple[int, float], ...]]  # n-gram -> ((label index, weight), ...)
    max_chars: int = 2000  # longer texts are read up to here (a collection message is short)
    # A finding kind raised at this probability or more lets a text from an untagged number be read even when
    # the `collection` label is not raised (1.0: only `collection` lets it through). Chosen by leaving each
    # development set out (scripts/conduct_model_cv.py), never on the held-out set.
    kind_gate: float = 1.0
    # A finding kind the classifier raises on a text where a rule of ANOTHER kind fired (and none of its own)
    # is kept only at this probability or more (round 12: the classifier's threat on past-tense legal claims
    # and third-party contacts). Label -> cut; a label not named keeps its own threshold. Chosen by leaving each
    # development set out, never on the held-out set.
    beside_rules: Mapping[str, float] = field(default_factory=dict)

    def beside_rule(self, label: str) -> float:
        """The probability `label` needs when another kind's rule fired on the same text."""
        return self.beside_rules.get(label, 0.0)

    def strong_kind(self, raised: Mapping[str, LabelScore]) -> bool:
        """Whether a finding kind (not `collection`) is raised at `kind_gate` or more."""
        return any(label != COLLECTION and s.probability >= self.kind_gate for label, s in raised.items())

    def decision(self, text: str, variants: Variants | None = None) -> list[float]:
        """The linear score of each label (before the logistic function)."""
        return self._decision(self._grams(text, variants))

    def _grams(self, text: str, variants: Variants | None) -> set[str]:
        low, high = self.ngram_range
        return ngrams(model_text(text[: self.max_chars], variants), low, high)

    def _decision(self, grams: set[str]) -> list[float]:
        scores = list(self.bias)
        weights = self.weights
        for gram in grams:
            row = weights.get(gram)
            if row is not None:
                for index, weight in row:
                    scores[index] += weight
        return scores

    def _pushes(self, grams: set[str], index: int) -> list[tuple[float, str]]:
        """The n-grams that raised label `index`, with their weights."""
        found = []
        for gram in grams:
            for i, weight in self.weights.get(gram, ()):
                if i == index and weight > 0:
                    found.append((weight, gram))
        return found

    def score(
        self, text: str, variants: Variants | None = None, *, cues: int = 5, only_raised: bool = False
    ) -> dict[str, LabelScore]:
        """Each label's probability, threshold and cues (`only_raised`: just the labels that reach their
        threshold — the cues are worked out only for those)."""
        grams = self._grams(text, variants)
        scores = self._decision(grams)
        result = {}
        for index, label in enumerate(self.labels):
            probability = _logistic(scores[index])
            raised = probability >= self.thresholds[index]
            if only_raised and not raised:
                continue
            # The collection label's cues are shown nowhere: not worked out when only raised ones are asked.
            want_cues = not only_raised or label != COLLECTION
            result[label] = LabelScore(
                label=label,
                probability=probability,
                threshold=self.thresholds[index],
                cues=_cues(self._pushes(grams, index), cues) if want_cues else (),
            )
        return result

    def raised(self, text: str, variants: Variants | None = None) -> dict[str, LabelScore]:
        """Only the labels whose probability reaches their threshold."""
        return self.score(text, variants, only_raised=True)


def _logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _cues(pushes: list[tuple[float, str]], limit: int) -> tuple[str, ...]:
    """The strongest n-grams, a shorter one left out when a kept longer one contains it."""
    kept: list[str] = []
    for _, gram in sorted(pushes, key=lambda p: (-p[0], -len(p[1]), p[1])):
        if not gram.strip() or any(gram in k for k in kept):
            continue
        kept = [k for k in kept if k not in gram]
        kept.append(gram)
        if len(kept) >= limit:
            break
    return tuple(kept)


def _fail(zh: str, en: str) -> InputError:
    return InputError(f"文本模型文件有误：{zh}", f"conduct text model: {en}")


def _floats(raw: Any, n: int, key: str) -> tuple[float, ...]:
    if not isinstance(raw, list) or len(raw) != n or not all(isinstance(x, int | float) for x in raw):
        raise _fail(f"{key} 必须是 {n} 个数", f"{key} must be {n} numbers")
    return tuple(float(x) for x in raw)


def model_from_mapping(data: Mapping[str, Any]) -> TextModel:
    """Validate a model file's content (JSON): every number checked, nothing executed."""
    if data.get("format") != MODEL_FORMAT:
        raise _fail(f"格式须为 {MODEL_FORMAT}", f"format must be {MODEL_FORMAT}")
    labels = data.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) and x for x in labels):
        raise _fail("labels 必须是标签列表", "labels must be a list of labels")
    if COLLECTION not in labels:
        raise _fail(f"缺少标签 {COLLECTION}", f"missing the label {COLLECTION}")
    n = len(labels)
    ngram = data.get("ngram_range")
    if not (isinstance(ngram, list) and len(ngram) == 2 and all(isinstance(x, int) for x in ngram)) or not (
        1 <= ngram[0] <= ngram[1] <= 6
    ):
        raise _fail("ngram_range 必须是 [下限, 上限]", "ngram_range must be [low, high]")
    thresholds = _floats(data.get("thresholds"), n, "thresholds")
    if not all(0.0 < t < 1.0 for t in thresholds):
        raise _fail("阈值须在 0 与 1 之间", "thresholds must lie between 0 and 1")
    raw = data.get("weights")
    if not isinstance(raw, dict):
        raise _fail("weights 必须是表", "weights must be a table")
    weights: dict[str, tuple[tuple[int, float], ...]] = {}
    for gram, row in raw.items():
        if not (
            isinstance(row, list)
            and row
            and len(row) % 2 == 0
            and all(isinstance(x, int) and not isinstance(x, bool) for x in row)
            and all(0 <= i < n for i in row[0::2])
        ):
            raise _fail(f"特征 {gram!r} 的权重有误", f"bad weights for feature {gram!r}")
        weights[gram] = tuple((i, w / WEIGHT_SCALE) for i, w in zip(row[0::2], row[1::2], strict=True))
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise _fail("缺少 version", "missing version")
    kind_gate = data.get("kind_gate", 1.0)
    if not isinstance(kind_gate, int | float) or not 0.5 <= kind_gate <= 1.0:
        raise _fail("kind_gate 须在 0.5 与 1 之间", "kind_gate must lie between 0.5 and 1")
    beside = data.get("beside_rules", {})
    if not isinstance(beside, dict) or not all(
        label in labels and label != COLLECTION and isinstance(cut, int | float) and 0.5 <= cut <= 1.0
        for label, cut in beside.items()
    ):
        raise _fail(
            "beside_rules 须是 {类别: 0.5 与 1 之间的数}",
            "beside_rules must map finding kinds to cuts in 0.5-1",
        )
    return TextModel(
        version=version,
        labels=tuple(labels),
        ngram_range=(ngram[0], ngram[1]),
        bias=_floats(data.get("bias"), n, "bias"),
        thresholds=thresholds,
        weights=weights,
        kind_gate=float(kind_gate),
        beside_rules={str(k): float(v) for k, v in beside.items()},
    )


def untrained_model(like: TextModel) -> TextModel:
    """A model of the same shape that has learnt nothing (no weights, bias 0: every probability 0.5) —
    what the proof test swaps in to show that the trained file is what does the work."""
    return TextModel(
        version="untrained",
        labels=like.labels,
        ngram_range=like.ngram_range,
        bias=tuple(0.0 for _ in like.labels),
        thresholds=like.thresholds,
        weights={},
        kind_gate=like.kind_gate,
        beside_rules=like.beside_rules,
    )


def check_values(model: TextModel, checks: Sequence[Mapping[str, Any]], variants: Variants | None) -> float:
    """The largest difference between this module's decision values and those the training wrote."""
    worst = 0.0
    for check in checks:
        mine = model.decision(str(check["text"]), variants)
        for a, b in zip(mine, check["decision"], strict=True):
            worst = max(worst, abs(a - float(b)))
    return worst
