"""Content pairing on synthetic documents (a stand-in encoder, so the test checks the pairing,
not the model): right pairs found, documents without a counterpart left unpaired, one-to-one,
date windows respected, and the chunked search equal to brute force."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from align.model import Article
from align.pair.anchors import AnchorIndex, anchors_of
from align.pair.content import day_number, match_documents, pair_by_content
from align.pair.docvec import doc_vectors, pert_weights
from align.pair.knn import NO_DAY, chunked_neighbours

DIM = 64


class ConceptEncoder:
    """A sentence `... #<n>` means concept n in either language: its vector is concept n's
    plus noise from the sentence's own text (a translation is close, not identical), plus a
    direction all news shares, so unrelated documents are about as similar as the real
    encoder makes them (cosine ~0.3, not 0)."""

    def __init__(self, n_concepts: int = 4000, noise: float = 0.6, shared: float = 0.45, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        base = rng.standard_normal((n_concepts, DIM)).astype(np.float32)
        self.base = base / np.linalg.norm(base, axis=1, keepdims=True)
        domain = rng.standard_normal(DIM).astype(np.float32)
        self.domain = shared * domain / np.linalg.norm(domain)
        self.noise = noise / np.sqrt(DIM)

    def encode(self, texts):
        out = np.zeros((len(texts), DIM), np.float32)
        for i, t in enumerate(texts):
            concept = int(t.rsplit("#", 1)[1])
            r = np.random.default_rng(zlib.crc32(t.encode()))
            out[i] = self.base[concept] + self.noise * r.standard_normal(DIM) + self.domain
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _corpus(n_pairs=60, n_ko_only=8, n_en_only=8, seed=1):
    """Korean and English documents over shared concepts; the first n_pairs are translations."""
    rng = np.random.default_rng(seed)
    ko, en, gold = [], [], []
    for i in range(n_pairs):
        concepts = rng.choice(4000, size=rng.integers(8, 20), replace=False)
        ko.append([f"한국어 문장 {c % 7} #{c}" for c in concepts])
        en.append([f"English sentence {c % 5} #{c}" for c in concepts])
        gold.append((i, i))
    for _ in range(n_ko_only):
        ko.append([f"다른 기사 #{c}" for c in rng.choice(4000, size=12, replace=False)])
    for _ in range(n_en_only):
        en.append([f"Unrelated story #{c}" for c in rng.choice(4000, size=12, replace=False)])
    # shuffle the English side so index equality means nothing
    perm = rng.permutation(len(en))
    inv = np.argsort(perm)
    en = [en[p] for p in perm]
    gold = {(k, int(inv[e])) for k, e in gold}
    return ko, en, gold


def test_finds_pairs_and_leaves_distractors_unpaired() -> None:
    ko, en, gold = _corpus()
    report = match_documents(ko, en, encoder=ConceptEncoder())
    got = {(m.ko, m.en) for m in report.matches}
    assert got == gold
    assert report.threshold >= 1.0


def test_one_to_one_even_with_near_copies() -> None:
    ko, en, gold = _corpus(n_pairs=30, n_ko_only=0, n_en_only=0)
    # two English versions of Korean doc 0 that differ only in a few sentences: one may be
    # paired, never both
    target = next(e for k, e in gold if k == 0)
    copy = list(en[target])
    copy[-1] = "A different last line #3999"
    en.append(copy)
    report = match_documents(ko, en, encoder=ConceptEncoder())
    kos = [m.ko for m in report.matches]
    ens = [m.en for m in report.matches]
    assert len(set(kos)) == len(kos) and len(set(ens)) == len(ens)
    assert sum(1 for m in report.matches if m.ko == 0) <= 1
    others = {(k, e) for k, e in gold if k != 0}
    assert others <= {(m.ko, m.en) for m in report.matches}


def test_unrelated_collections_give_no_pairs() -> None:
    rng = np.random.default_rng(5)
    ko = [[f"기사 #{c}" for c in rng.choice(2000, 10, replace=False)] for _ in range(40)]
    en = [[f"story #{c}" for c in rng.choice(np.arange(2000, 4000), 10, replace=False)] for _ in range(40)]
    report = match_documents(ko, en, encoder=ConceptEncoder())
    assert len(report.matches) <= 1  # at most a fluke, never a wholesale pairing


def test_date_window_keeps_far_apart_articles_apart() -> None:
    ko_docs, en_docs, gold = _corpus(n_pairs=12, n_ko_only=0, n_en_only=0)

    def art(i, lang, sents, day):
        return Article(id=f"s:{lang}{i}", lang=lang, url=f"https://s/{lang}/{i}", title="",
                       date=day, byline=None, paragraphs=list(sents))

    ko = [art(i, "ko", d, "2024-03-10") for i, d in enumerate(ko_docs)]
    en = [art(i, "en", d, "2024-03-11") for i, d in enumerate(en_docs)]
    far = next(e for k, e in gold if k == 0)
    en[far].date = "2024-06-01"  # the translation of ko[0], dated months later
    pairs = pair_by_content(ko, en, encoder=ConceptEncoder())
    found = {(p.ko.id, p.en.id) for p in pairs}
    assert all(p.method == "content" and p.score > 1.0 for p in pairs)
    assert not any(p.ko.id == "s:ko0" and p.en.id == f"s:en{far}" for p in pairs)
    assert len(found) >= len(gold) - 2  # the rest still pair (ko0 may pair with nothing)


def test_chunked_neighbours_equal_brute_force() -> None:
    rng = np.random.default_rng(3)
    Q = rng.standard_normal((57, 16)).astype(np.float32)
    D = rng.standard_normal((43, 16)).astype(np.float32)
    q_days = rng.integers(0, 20, 57)
    d_days = rng.integers(0, 20, 43)
    q_days[::5] = NO_DAY
    d_days[::7] = NO_DAY
    k, window = 5, 3
    full = Q @ D.T
    allowed = (q_days[:, None] == NO_DAY) | (d_days[None, :] == NO_DAY) | (np.abs(q_days[:, None] - d_days[None, :]) <= window)
    full = np.where(allowed, full, -np.inf)
    for chunk in (1, 4, 13, None):
        nb = chunked_neighbours(Q, D, k, q_days, d_days, window=window, chunk=chunk)
        for i in range(len(Q)):
            want = np.argsort(-full[i])[:k]
            want = want[np.isfinite(full[i, want])]
            assert list(nb.q_idx[i][: len(want)]) == list(want)
            assert np.allclose(nb.q_sim[i][: len(want)], full[i, want])
        for j in range(len(D)):
            want = np.argsort(-full[:, j])[:k]
            want = want[np.isfinite(full[want, j])]
            assert list(nb.d_idx[j][: len(want)]) == list(want)
    # no dates at all: plain top-k of the full product
    nb = chunked_neighbours(Q, D, k, chunk=10)
    assert np.array_equal(nb.q_idx, np.argsort(-(Q @ D.T), axis=1)[:, :k])


def test_pert_vectors_are_order_aware() -> None:
    w = pert_weights(10, 4)
    assert w.shape == (4, 10) and np.allclose(w.sum(1), 1)
    assert w[0].argmax() < w[-1].argmax()  # the first window looks at the start
    rng = np.random.default_rng(0)
    e = rng.standard_normal((12, 8)).astype(np.float32)
    m1, p1 = doc_vectors(e)
    m2, p2 = doc_vectors(e[::-1])
    assert np.isclose(m1 @ m2, 1.0, atol=1e-5)  # a mean ignores order
    assert p1 @ p2 < 0.9  # the order-aware vector does not


def test_anchors_only_count_when_both_sides_have_them() -> None:
    ko = [anchors_of("IMF는 2024년 성장률을 3.5%로 봤다"), anchors_of("날씨 34도")]
    en = [anchors_of("The IMF put 2024 growth at 3.50%"), anchors_of("The heat hit 34 degrees")]
    idx = AnchorIndex(ko, en)
    assert "imf" in idx.weight and "the" not in idx.weight and "3.5" in idx.weight
    a = [idx.keep(s) for s in ko]
    b = [idx.keep(s) for s in en]
    assert idx.similarity(a[0], b[0]) > idx.similarity(a[0], b[1])
    assert idx.similarity(a[1], {}) == 0.0


@pytest.mark.parametrize("value,ok", [("2024-03-01", True), ("2024-03-01T10:00:00+09:00", True), (None, False), ("March", False)])
def test_day_number(value, ok) -> None:
    assert (day_number(value) != NO_DAY) == ok


def test_align_pair_command_prints_pairs(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    import align.embed
    from align.commands.pair import cli

    monkeypatch.setattr(align.embed, "get_encoder", lambda *a, **k: ConceptEncoder())
    ko, en, gold = _corpus(n_pairs=20, n_ko_only=3, n_en_only=3)
    (tmp_path / "ko").mkdir()
    (tmp_path / "en").mkdir()
    for i, d in enumerate(ko):
        (tmp_path / "ko" / f"k{i:03d}.txt").write_text("\n".join(d) + "\n", encoding="utf-8")
    for j, d in enumerate(en):
        (tmp_path / "en" / f"e{j:03d}.txt").write_text("\n".join(d) + "\n", encoding="utf-8")
    (tmp_path / "en" / "empty.txt").write_text("\n")
    (tmp_path / "en" / "latin1.txt").write_bytes("caf\xe9 #1\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["--ko-dir", str(tmp_path / "ko"), "--en-dir", str(tmp_path / "en")])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    got = {(int(k[1:4]), int(e[1:4])) for k, e, _ in rows}
    assert got == gold
    assert all(float(s) > 1.0 for _, _, s in rows)
    assert "paired 20 of 23 Korean and 23 English" in result.stderr
    assert "empty.txt: empty document" in result.stderr and "latin1.txt: not UTF-8" in result.stderr
    missing = CliRunner().invoke(cli, ["--ko-dir", str(tmp_path / "nope"), "--en-dir", str(tmp_path / "en")])
    assert missing.exit_code != 0 and "nope" in missing.output
