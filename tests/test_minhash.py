"""load.minhash: signatures are the multiply-shift minima they claim to be, estimate Jaccard
similarity, and the band index finds every signature sharing a band."""

from __future__ import annotations

import random
import zlib

import numpy as np

from load.minhash import _A, _B, BANDS, NUM_PERM, ROWS, BandIndex, signature_of


def _reference(shingles: list[bytes]) -> np.ndarray:
    """The definition, in plain integers: min over shingles of the high half of a*x+b mod 2^64."""
    xs = [zlib.crc32(s) for s in shingles]
    return np.array([min(((int(a) * x + int(b)) % 2**64) >> 32 for x in xs) for a, b in zip(_A, _B, strict=True)],
                    dtype=np.uint32)


def test_signatures_follow_their_definition() -> None:
    rng = random.Random(5)
    for _ in range(20):
        shingles = [f"{rng.random():.6f}".encode() for _ in range(rng.randint(1, 200))]
        assert (signature_of(shingles) == _reference(shingles)).all()
    assert (signature_of([]) == 0xFFFFFFFF).all() and len(signature_of([])) == NUM_PERM


def test_signatures_estimate_jaccard_similarity() -> None:
    rng = random.Random(9)
    for share in (0.2, 0.5, 0.8):
        common = [f"c{i}".encode() for i in range(int(1000 * share))]
        a = common + [f"a{i}".encode() for i in range(1000 - len(common))]
        b = common + [f"b{i}".encode() for i in range(1000 - len(common))]
        rng.shuffle(a)
        true = len(common) / (2000 - len(common))
        est = float(np.mean(signature_of(a) == signature_of(b)))
        assert abs(est - true) < 0.12, (share, true, est)


def test_the_band_index_finds_signatures_sharing_a_band() -> None:
    base = np.arange(NUM_PERM, dtype=np.uint32)
    one_band = base + 1000
    one_band[5 * ROWS:6 * ROWS] = base[5 * ROWS:6 * ROWS]  # agrees on band 5 only
    none = base + 1000
    index = BandIndex()
    for key, sig in (("same", base.copy()), ("one-band", one_band), ("none", none)):
        index.insert(key, sig)
    assert index.candidates(base) == {"same", "one-band"}
    assert BANDS * ROWS == NUM_PERM
