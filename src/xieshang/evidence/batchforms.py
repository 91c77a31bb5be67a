"""SQLite's search forms of many records at once: the same strings as `tokens`, made by numpy.

Per record, `tokens.positional_stream` and `tokens.phrases` cost a set, a sort and a few hundred small
strings; with a batch, the records' joined runs become one array of code points (UTF-32) and the work is
a few vectorised passes over it:

- the *positional stream* of a record is its distinct characters (sorted by code point, as `sorted`
  sorts one-character strings), then every pair of neighbouring characters of its runs joined and ended
  by END. The distinct characters come from one sort of (record, code point) keys; the pairs are every
  position but a record's last with the next. Both are written back as UTF-32 (each unit followed by a
  space) and decoded once; a record's stream is two slices of those strings.
- the *counted phrases* (three and four Han characters in a row) are windows of the array whose
  characters are all Han: END, which ends every record, is not Han, so no window crosses two records.
  Each window gets a dense id (three code points fit one 64-bit key; four are two pair ids), made
  distinct per record, and counted per phrase: the number of records holding it, what
  `Counter.update(phrases(...))` over the records gives.

The records are taken in chunks of about CHUNK_CHARS code points, so the arrays stay small whatever the
batch holds. `tests/unit/evidence/test_batchforms.py` checks the results equal the per-record functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from xieshang.evidence import tokens as tk

CHUNK_CHARS = 1 << 20  # code points of joined runs handled in one pass
_END = ord(tk.END)
_SPACE = ord(" ")
# The Han ranges of `tokens._HAN`, inclusive.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_CP_BITS = 21  # a code point fits 21 bits

Ints = npt.NDArray[np.int64]


def joined_runs(text: str, *, normalised: bool = False) -> str:
    """A record's runs joined and ended by END ("" without runs): what its stream and phrases are read from."""
    text_runs = tk.runs_of_normalised(text) if normalised else tk.runs(text)
    return tk.END.join(text_runs) + tk.END if text_runs else ""


def streams_and_phrases(texts: Sequence[str], *, normalised: bool = False) -> tuple[list[str], Counter[str]]:
    """For each text, `tokens.positional_stream(tokens.runs(text))`; and, for each counted Chinese phrase,
    the number of the texts whose `tokens.phrases` hold it. `normalised`: the texts are given as
    `tokens.normalise` makes them."""
    streams: list[str] = []
    counts: Counter[str] = Counter()
    chunk: list[str] = []
    size = 0
    for text in texts:
        joined = joined_runs(text, normalised=normalised)
        chunk.append(joined)
        size += len(joined)
        if size >= CHUNK_CHARS:
            _chunk(chunk, streams, counts)
            chunk, size = [], 0
    if chunk:
        _chunk(chunk, streams, counts)
    return streams, counts


def _first_of_runs(sorted_values: npt.NDArray[np.integer]) -> npt.NDArray[np.bool_]:
    """Where each run of equal values of a sorted array starts."""
    first = np.empty(len(sorted_values), dtype=bool)
    if len(first):
        first[0] = True
        np.not_equal(sorted_values[1:], sorted_values[:-1], out=first[1:])
    return first


def _unique(values: Ints) -> Ints:
    """The distinct values, sorted (a sort and a comparison: numpy's `unique` hashes, slower here)."""
    ordered = np.sort(values)
    return ordered[_first_of_runs(ordered)]


def _dense_ids(values: Ints) -> tuple[Ints, int]:
    """For each value, the rank of its value among the distinct ones; and how many distinct there are."""
    order = np.argsort(values)
    first = _first_of_runs(values[order])
    ids = np.empty(len(values), dtype=np.int64)
    ids[order] = np.cumsum(first) - 1
    return ids, int(first.sum())


def _chunk(joins: list[str], streams: list[str], counts: Counter[str]) -> None:
    """Streams (appended) and phrase counts (added) of records given as their joined runs."""
    lengths = np.fromiter(map(len, joins), dtype=np.int64, count=len(joins))
    points = np.frombuffer("".join(joins).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if not len(points):
        streams.extend([""] * len(joins))
        return
    record = np.repeat(np.arange(len(joins), dtype=np.int64), lengths)
    # Pairs: every position but the last of its record (a record's last is END) with the next.
    last = np.zeros(len(points), dtype=bool)
    last[np.cumsum(lengths)[lengths > 0] - 1] = True
    at = np.flatnonzero(~last)
    units = np.empty((len(at), 3), dtype=np.uint32)
    units[:, 0], units[:, 1], units[:, 2] = points[at], points[at + 1], _SPACE
    pairs = units.tobytes().decode("utf-32-le")
    pair_ends = np.cumsum(np.maximum(lengths - 1, 0)) * 3
    # Distinct characters of each record, sorted: one sort of (record, code point).
    keys = _unique((record << _CP_BITS | points)[points != _END])
    units = np.empty((len(keys), 2), dtype=np.uint32)
    units[:, 0], units[:, 1] = keys & ((1 << _CP_BITS) - 1), _SPACE
    chars = units.tobytes().decode("utf-32-le")
    char_ends = np.cumsum(np.bincount(keys >> _CP_BITS, minlength=len(joins))) * 2
    c0 = p0 = 0
    for c1, p1 in zip(char_ends.tolist(), pair_ends.tolist(), strict=True):
        streams.append(chars[c0:c1] + pairs[p0 : p1 - 1] if c1 > c0 else "")
        c0, p0 = c1, p1
    _count_phrases(points, record, counts)


def _count_phrases(points: Ints, record: Ints, counts: Counter[str]) -> None:
    han = np.zeros(len(points), dtype=bool)
    for low, high in _HAN_RANGES:
        han |= (points >= low) & (points <= high)
    if len(points) < tk.PHRASE_MIN:
        return
    three = han[:-2] & han[1:-1] & han[2:]
    at3 = np.flatnonzero(three)
    if not len(at3):
        return
    key3 = points[at3] << (2 * _CP_BITS) | points[at3 + 1] << _CP_BITS | points[at3 + 2]  # < 2**63
    _add_counts(points, record, at3, key3, 3, counts)
    at4 = np.flatnonzero(three[:-1] & three[1:])
    if not len(at4):
        return
    pair_ids, n_pairs = _dense_ids(
        np.concatenate(
            [points[at4] << _CP_BITS | points[at4 + 1], points[at4 + 2] << _CP_BITS | points[at4 + 3]]
        )
    )
    key4 = pair_ids[: len(at4)] * n_pairs + pair_ids[len(at4) :]  # < (2 * windows)**2
    _add_counts(points, record, at4, key4, 4, counts)


def _add_counts(points: Ints, record: Ints, at: Ints, key: Ints, width: int, counts: Counter[str]) -> None:
    """Count, per phrase (windows of `width` code points starting at `at`, identified by `key`), the
    records holding it."""
    ids, n_ids = _dense_ids(key)
    start = np.empty(n_ids, dtype=np.int64)
    start[ids] = at  # where one window of each phrase starts
    held = _unique(record[at] * n_ids + ids) % n_ids  # each phrase once per record holding it
    held.sort()  # by phrase
    first = _first_of_runs(held)
    phrase_ids = held[first]
    per_phrase = np.diff(np.append(np.flatnonzero(first), len(held)))
    units = points[start[phrase_ids][:, None] + np.arange(width)].astype(np.uint32)
    text = units.tobytes().decode("utf-32-le")
    counts.update(
        dict(zip([text[i : i + width] for i in range(0, len(text), width)], per_phrase.tolist(), strict=True))
    )
