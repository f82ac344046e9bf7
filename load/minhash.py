"""MinHash signatures and a banded LSH index: the near-duplicate search under load.dedup.

A signature is, for each of NUM_PERM hash functions, the smallest hash of the body's
shingles; two bodies agree in a slot with probability equal to their Jaccard similarity. The
hash functions are multiply-shift hashes of the shingle's 32-bit key (shingle_keys): h_k(x) =
the high 32 bits of (a_k * x + b_k) mod 2^64 with a_k odd, a universal family (Dietzfelbinger
et al.), computed for all shingles and all k at once in numpy.

The LSH index cuts a signature into BANDS bands of ROWS slots; two signatures become
candidates when they agree on a whole band. With 32 bands of 4 slots, a pair of similarity 0.5
is a candidate with probability 1 - (1 - 0.5^4)^32 = 0.87, one of 0.6 with 0.99, a reprint
(about 0.85) with 1.00; the caller confirms every candidate with the signatures' own
similarity, so the bands only decide what is compared, never what is joined.

Why our own: the library used before (datasketch) imports scipy for its parameter search,
0.45 s of every run process's start on the 2-core machine (2026-12-04), and its signatures
took 1.4 ms a body; these take about as long to compute as to hash the shingles.
"""

from __future__ import annotations

import numpy as np

NUM_PERM = 128
BANDS, ROWS = 32, 4
SEED = 1
_rng = np.random.default_rng(SEED)
_A = _rng.integers(0, 2**64, NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 2**64, NUM_PERM, dtype=np.uint64)
del _rng
_EMPTY = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)


# Shingle keys: a polynomial hash of the shingle's code points modulo 2^64 with an odd random
# base, of which the high 32 bits (the best mixed) are the key. Computed for all windows of a
# text at once; it replaced CRC-32 of each shingle's UTF-8 bytes, computed shingle by shingle
# in Python (slice, encode, crc32): a 3,700-character body's signature took 2.35 ms that way,
# 0.89 ms this way (html-dev bodies, 2026-12-04).
_BASE = np.uint64(0x9E3779B97F4A7C15)


def shingle_keys(text: str, width: int) -> np.ndarray:
    """The 32-bit keys (as uint64) of the text's windows of `width` code points, one per window
    (a shingle met twice gives its key twice: a minimum does not mind, and removing repeats
    cost more than hashing them); a text shorter than a window is one shingle (the empty text
    too)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - width + 1
    if n < 1:
        n, width = 1, len(codes)
    h = np.zeros(n, dtype=np.uint64)
    for j in range(width):  # Horner's rule, each step over every window at once (wrapping)
        h *= _BASE
        h += codes[j:j + n]
    h >>= np.uint64(32)
    return h


def signature_of(keys: np.ndarray) -> np.ndarray:
    """The NUM_PERM slot minima (uint32) over 32-bit keys (uint64 array); all slots 2^32 - 1
    when there are none."""
    x = np.asarray(keys, dtype=np.uint64)
    if not len(x):
        return _EMPTY.copy()
    products = np.multiply(x[:, None], _A)  # wrapping modulo 2^64: that is the hash
    products += _B
    # The high half is monotone in the whole value: shift the minimum, not every product.
    return (products.min(axis=0) >> np.uint64(32)).astype(np.uint32)


class BandIndex:
    """Signatures filed under their bands; `candidates` gives the keys sharing any band."""

    def __init__(self) -> None:
        self._bands: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]

    def insert(self, key: str, sig: np.ndarray) -> None:
        for band, part in zip(self._bands, _parts(sig), strict=True):
            band.setdefault(part, []).append(key)

    def candidates(self, sig: np.ndarray) -> set[str]:
        found: set[str] = set()
        for band, part in zip(self._bands, _parts(sig), strict=True):
            found.update(band.get(part, ()))
        return found


def _parts(sig: np.ndarray) -> list[bytes]:
    raw = np.ascontiguousarray(sig, dtype=np.uint32).tobytes()
    step = ROWS * 4
    return [raw[i:i + step] for i in range(0, BANDS * step, step)]
