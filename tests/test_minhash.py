"""load.minhash: signatures are the multiply-shift minima they claim to be, estimate Jaccard
similarity, and the band index finds every signature sharing a band."""

from __future__ import annotations

import random

import numpy as np

from load.minhash import _A, _B, _BASE, BANDS, NUM_PERM, ROWS, BandIndex, shingle_keys, signature_of


def _reference(keys: list[int]) -> np.ndarray:
    """The definition, in plain integers: min over keys of the high half of a*x+b mod 2^64."""
    return np.array([min(((int(a) * x + int(b)) % 2**64) >> 32 for x in keys) for a, b in zip(_A, _B, strict=True)],
                    dtype=np.uint32)


def _reference_keys(text: str, width: int) -> set[int]:
    """Shingle keys by their definition: the high 32 bits of sum c_j * BASE^(width-1-j) mod 2^64."""
    grams = {text[i:i + width] for i in range(max(1, len(text) - width + 1))}
    keys = set()
    for g in grams:
        h = 0
        for ch in g:
            h = (h * int(_BASE) + ord(ch)) % 2**64
        keys.add(h >> 32)
    return keys


def test_shingle_keys_follow_their_definition() -> None:
    rng = random.Random(3)
    texts = ["", "兰州", "兰州新区招商引资", "𠀀𠀁兰州新区 ab12", "".join(rng.choice("兰州新区招商引资项目签约") for _ in range(300))]
    for text in texts:
        got = shingle_keys(text, 5)
        assert set(got.tolist()) == _reference_keys(text, 5) and len(got) == max(1, len(text) - 4), text
        assert got.dtype == np.uint64 and (got < 2**32).all()


def test_signatures_follow_their_definition() -> None:
    rng = random.Random(5)
    for _ in range(20):
        keys = sorted({rng.randrange(2**32) for _ in range(rng.randint(1, 200))})
        assert (signature_of(np.array(keys, dtype=np.uint64)) == _reference(keys)).all()
    empty = signature_of(np.array([], dtype=np.uint64))
    assert (empty == 0xFFFFFFFF).all() and len(empty) == NUM_PERM


def test_signatures_estimate_jaccard_similarity() -> None:
    rng = random.Random(9)
    for share in (0.2, 0.5, 0.8):
        common = "".join(rng.choice("兰州新区招商引资项目签约甘肃天水张掖武威") for _ in range(int(1000 * share)))
        a = common + "".join(rng.choice("甲乙丙丁戊己庚辛壬癸") for _ in range(1000 - len(common)))
        b = common + "".join(rng.choice("子丑寅卯辰巳午未申酉") for _ in range(1000 - len(common)))
        ka, kb = set(shingle_keys(a, 5)), set(shingle_keys(b, 5))
        true = len(ka & kb) / len(ka | kb)
        est = float(np.mean(signature_of(shingle_keys(a, 5)) == signature_of(shingle_keys(b, 5))))
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
