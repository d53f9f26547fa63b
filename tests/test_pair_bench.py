"""Content-only pairing on the shared benchmark, through `align pair` (real encoder; slow)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from click.testing import CliRunner

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
SET = BENCH / "pair" / "ko-en-park-dev"


@pytest.mark.slow
def test_align_pair_meets_targets_on_ko_en_park_dev() -> None:
    if not (SET / "gold.tsv").exists():
        pytest.skip(f"benchmark not found: {SET}")
    from align.commands.pair import cli

    result = CliRunner().invoke(cli, ["--ko-dir", str(SET / "ko"), "--en-dir", str(SET / "en")])
    assert result.exit_code == 0, result.output
    got = set()
    for line in result.stdout.splitlines():
        ko, en, score = line.split("\t")
        assert (SET / "ko" / ko).is_file() and (SET / "en" / en).is_file()
        assert float(score) > 1.0  # a margin: the pair beats both documents' neighbourhoods
        got.add((Path(ko).stem, Path(en).stem))
    gold = {tuple(line.split("\t")[:2]) for line in (SET / "gold.tsv").read_text().splitlines() if line.strip()}
    kos = [k for k, _ in got]
    ens = [e for _, e in got]
    assert len(set(kos)) == len(kos) and len(set(ens)) == len(ens)  # one-to-one
    precision = len(got & gold) / max(len(got), 1)
    recall = len(got & gold) / len(gold)
    assert precision >= 0.99, f"precision {precision:.3f}"
    assert recall >= 0.97, f"recall {recall:.3f}"


@pytest.mark.slow
def test_content_alone_pairs_the_sample_corpus() -> None:
    """With links ignored, content pairing finds every pair that the sample's English pages
    link (or declare by id), and pairs none of the articles that have no counterpart."""
    from align.extract import SkipPage, extract_page
    from align.pair.content import pair_by_content
    from align.readers import Record, iter_records

    sample = Path(__file__).resolve().parents[1] / "corpora" / "sample"
    articles = []
    for rec in iter_records(sample):
        if isinstance(rec, Record):
            with contextlib.suppress(SkipPage):
                articles.append(extract_page(rec.html, rec.url, rec.source))
    ko = [a for a in articles if a.lang == "ko"]
    en = [a for a in articles if a.lang == "en"]
    ko_ids = {a.id for a in ko}
    # what the pages declare: an English page's original, when that original is in the corpus
    declared = {(a.original_id, a.id) for a in en if a.original_id in ko_ids}
    assert len(declared) >= 10
    found = {(p.ko.id, p.en.id) for p in pair_by_content(ko, en)}
    assert found == declared
