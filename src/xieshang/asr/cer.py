"""Character error rate: (substitutions + deletions + insertions) / reference characters, the measure
Chinese speech recognition is judged by. Both texts are normalised first (NFKC, lower case, punctuation
and spaces removed): what is compared is what was said, not how it was punctuated."""

from __future__ import annotations

import unicodedata


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def edit_distance(reference: str, hypothesis: str) -> int:
    """Levenshtein distance over characters (one row of the table at a time)."""
    row = list(range(len(hypothesis) + 1))
    for i, ref_char in enumerate(reference, 1):
        diagonal, row[0] = row[0], i
        for j, hyp_char in enumerate(hypothesis, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (ref_char != hyp_char))
    return row[-1]


def character_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(errors, reference length) after normalising: sum these over clips for a corpus CER."""
    ref, hyp = normalize(reference), normalize(hypothesis)
    return edit_distance(ref, hyp), len(ref)


def character_error_rate(reference: str, hypothesis: str) -> float:
    errors, length = character_errors(reference, hypothesis)
    if length == 0:
        raise ValueError("the reference text is empty")
    return errors / length
