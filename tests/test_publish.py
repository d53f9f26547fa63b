"""The dataset folder: loads offline for both configs, features match the card, no leakage."""

import json
import os
import random
from pathlib import Path

import pytest
import yaml

from align.model import Row
from align.publish import DatasetFolderError, build_dataset, check_dataset, features
from align.publish.card import size_category
from align.publish.schema import data_file

KO_SYL = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호"
EN_WORDS = ("government budget minister said plan market price company election court police city "
            "report people year week school health energy export bank rate union worker farmer").split()


def sentence(rng: random.Random) -> tuple[str, str]:
    ko = " ".join("".join(rng.choice(KO_SYL) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(4, 9)))
    en = " ".join(rng.choice(EN_WORDS) + rng.choice(["", "s", "ed", "ing"]) for _ in range(rng.randint(8, 18)))
    return ko + "다.", en.capitalize() + "."


def make_rows(n_pairs: int = 30, per_pair: int = 12, seed: int = 0) -> list[Row]:
    """Synthetic rows: kept 1-1 beads, some 2-1, some rows the filter dropped, and plants for
    dedup (exact duplicate, boilerplate) and leakage (a sentence reused in another pair)."""
    rng = random.Random(seed)
    rows: list[Row] = []
    for p in range(n_pairs):
        pid = f"hani:{5000 + p}|hani-en:{p}"
        i = j = 0
        for k in range(per_pair):
            ko, en = sentence(rng)
            ko_idx, en_idx, kept, reason = [i], [j], True, ""
            if k % 7 == 3:
                ko_idx = [i, i + 1]
            if k % 11 == 5:
                en_idx, en, kept, reason = [], "", False, "unaligned"
            rows.append(Row(pid, ko, en, ko_idx, en_idx, round(rng.uniform(0.3, 0.95), 3), f"hani:{5000 + p}",
                            f"hani-en:{p}", f"https://hani.example/{5000 + p}", f"https://en.hani.example/{p}",
                            f"2024-05-{1 + p % 28:02d}" if p % 5 else None, "link", kept, reason,
                            moved=kept and k % 9 == 4))  # (paired out of order by the aligner's moved pass)
            i += len(ko_idx)
            j += len(en_idx)
        # the same byline in every article: boilerplate
        rows.append(Row(pid, "홍길동 기자", "By Hong Gil-dong, staff reporter", [i], [j], 0.9, f"hani:{5000 + p}",
                        f"hani-en:{p}", f"https://hani.example/{5000 + p}", f"https://en.hani.example/{p}", None, "link"))
    # cross-pair reuse of a sentence (a quote repeated in two articles): one side only, so it is
    # not a duplicate pair, but would leak when the pairs land in different splits
    for a in range(0, n_pairs - 1, 2):
        src = rows[a * (per_pair + 1)]
        dst = rows[(a + 1) * (per_pair + 1) + 1]
        dst.ko = src.ko
    # an exact duplicate row inside one pair
    dup = rows[2]
    rows.insert(3, Row(**{**dup.to_json(), "ko_idx": [99], "en_idx": [99], "en": dup.en + " "}))
    return rows


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("ds") / "dataset"
    rows = make_rows()
    meta = {"license": "cc-by-4.0", "command": "align run corpora/x -o out/x", "corpus": "synthetic",
            "aligner": {"max_beads": 2}, "date": "2026-01-01T00:00:00+00:00"}
    stats = build_dataset(iter(rows), out, seed=1, meta=meta)
    return out, rows, stats


def load(folder: Path, config: str | None = None):
    import datasets

    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["HF_HUB_OFFLINE"] = "1"
    return datasets.load_dataset(str(folder), config, cache_dir=str(folder.parent / "cache"))


def card_header(folder: Path) -> dict:
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_load_both_configs_offline_with_card_features(built) -> None:
    folder, rows, stats = built
    header = card_header(folder)
    infos = {i["config_name"]: i for i in header["dataset_info"]}
    for config in ("default", "unfiltered"):
        ds = load(folder, config)
        assert set(ds) == {"train", "validation", "test"}
        assert all(ds[s].num_rows > 0 for s in ds)
        assert ds["train"].features == features(unfiltered=config == "unfiltered")
        card_features = [f["name"] for f in infos[config]["features"]]
        assert list(ds["train"].features) == card_features
        assert {s["name"]: s["num_examples"] for s in infos[config]["splits"]} == {s: ds[s].num_rows for s in ds}
    default, unfiltered = load(folder), load(folder, "unfiltered")
    assert sum(unfiltered[s].num_rows for s in unfiltered) == len(rows)
    assert {s: default[s].num_rows for s in default} == stats["splits"]
    row = default["train"][0]
    assert set(row["translation"]) == {"en", "ko"} and row["translation"]["ko"] and row["translation"]["en"]
    assert header["license"] == "cc-by-4.0" and header["task_categories"] == ["translation"]
    assert header["language"] == ["ko", "en"]


def test_splits_by_pair_and_no_overlap(built) -> None:
    from align.dedup import normalize

    folder, _, stats = built
    ds = load(folder)
    split_of_pair = {}
    for s in ds:
        for pid in ds[s]["pair_id"]:
            assert split_of_pair.setdefault(pid, s) == s  # a pair never spans two splits
    train = {normalize(t[lang]) for t in ds["train"]["translation"] for lang in ("ko", "en")}
    for s in ("validation", "test"):
        held = {normalize(t[lang]) for t in ds[s]["translation"] for lang in ("ko", "en")}
        assert not (held & train)
    assert stats["leaked_removed"] > 0  # the planted cross-pair quotes were caught
    assert stats["test_train_overlap"] == 0


def test_dropped_rows_kept_with_reason(built) -> None:
    folder, rows, stats = built
    unf = load(folder, "unfiltered")
    reasons = {}
    for s in unf:
        for kept, reason in zip(unf[s]["kept"], unf[s]["reason"]):
            assert kept == (reason == "")
            reasons[reason] = reasons.get(reason, 0) + 1
    assert reasons["boilerplate"] == 30  # the byline of every article
    assert reasons["duplicate"] == 1
    assert reasons["unaligned"] == sum(1 for r in rows if r.reason == "unaligned")
    assert {k: v for k, v in reasons.items() if k} == stats["dropped"]


def test_rows_of_a_pair_in_order_with_provenance(built) -> None:
    folder, _, _ = built
    tr = load(folder, "unfiltered")["train"]
    by_pair: dict[str, list[int]] = {}
    for pid, k in zip(tr["pair_id"], tr["sent_index"]):
        by_pair.setdefault(pid, []).append(k)
    assert all(v == list(range(len(v))) for v in by_pair.values())
    r = tr[0]
    assert r["ko_url"].startswith("https://") and r["bead"].startswith("[") and r["bead_type"] in {"1-1", "2-1", "1-0"}


def test_card_stats_and_plot(built) -> None:
    folder, _, stats = built
    text = (folder / "README.md").read_text(encoding="utf-8")
    for needle in ("## Splits", "## Examples", "## Limitations", "## Citation", "distributions.png",
                   "align run corpora/x -o out/x", str(stats["splits"]["train"])):
        assert needle in text
    assert (folder / "distributions.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads((folder / "stats.json").read_text())["splits"] == stats["splits"]
    assert check_dataset(folder)["toolkit_version"] == stats["toolkit_version"]


def test_rebuild_is_deterministic_and_replaces_folder(built, tmp_path) -> None:
    folder, rows, stats = built
    again = build_dataset(iter(make_rows()), tmp_path / "d", seed=1, meta=stats["meta"])
    assert again["splits"] == stats["splits"] and again["dropped"] == stats["dropped"]
    (tmp_path / "d" / "stale.txt").write_text("x")
    build_dataset(iter(make_rows()), tmp_path / "d", seed=1, meta=stats["meta"])
    assert not (tmp_path / "d" / "stale.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folders left


def test_check_dataset_errors(built, tmp_path) -> None:
    import shutil

    folder, _, _ = built
    with pytest.raises(DatasetFolderError, match="no such dataset folder"):
        check_dataset(tmp_path / "nope")
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("cache"))
    (copy / "data" / "test-00000-of-00001.parquet").unlink()
    with pytest.raises(DatasetFolderError, match="test-00000"):
        check_dataset(copy)
    stats = json.loads((copy / "stats.json").read_text())
    stats["toolkit_version"] = "0.0.1"
    (copy / "stats.json").write_text(json.dumps(stats))
    with pytest.raises(DatasetFolderError, match="0.0.1"):
        check_dataset(copy)


def test_size_category() -> None:
    assert size_category(5) == "n<1K" and size_category(1000) == "1K<n<10K" and size_category(2_000_000) == "1M<n<10M"


def test_dataset_command_skips_malformed_lines(tmp_path) -> None:
    from click.testing import CliRunner

    from align.atomic import write_jsonl
    from align.cli import main

    out = tmp_path / "out"
    write_jsonl(out / "rows.jsonl", make_rows(n_pairs=6))
    with open(out / "rows.jsonl", "a", encoding="utf-8") as f:
        f.write("{not json\n")
        f.write('{"pair_id": "x"}\n')
    (out / "run.json").write_text(json.dumps({"created": "2026-01-02", "corpus": "/somewhere/sample",
                                              "settings": {"aligner": {"window": 3}}}))
    r = CliRunner().invoke(main, ["dataset", str(out), "--license", "cc-by-sa-4.0"])
    assert r.exit_code == 0, r.output
    assert "malformed lines of rows.jsonl skipped: not-json 1, not-a-row 1" in r.output
    stats = check_dataset(out / "dataset")
    assert stats["meta"]["license"] == "cc-by-sa-4.0" and stats["meta"]["corpus"] == "sample"
    assert stats["meta"]["aligner"] == {"window": 3}
    r = CliRunner().invoke(main, ["dataset", str(tmp_path / "missing")])
    assert r.exit_code != 0 and "rows.jsonl" in r.output


def test_sample_corpus_gold_rows_zero_overlap(tmp_path) -> None:
    """The sample corpus's hand-aligned pairs through the filter and build_dataset: no normalised
    sentence of validation/test in train, and the card says so."""
    from collections import Counter

    from test_filter import gold_rows

    from align.dedup import normalize
    from align.filter import filter_rows

    folder = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "gold"
    if not folder.is_dir():
        pytest.skip("sample corpus gold not present")
    rows = list(filter_rows(gold_rows(folder)))
    stats = build_dataset(iter(rows), tmp_path / "dataset", seed=0, meta={"license": "cc-by-4.0", "corpus": "sample"})
    assert all(stats["splits"][s] > 0 for s in ("train", "validation", "test"))
    ds = load(tmp_path / "dataset")
    train = {normalize(t[lang]) for t in ds["train"]["translation"] for lang in ("ko", "en")}
    for s in ("validation", "test"):
        assert not train & {normalize(t[lang]) for t in ds[s]["translation"] for lang in ("ko", "en")}
    assert "between validation/test and train is now 0" in (tmp_path / "dataset" / "README.md").read_text()
    assert Counter(r.reason for r in rows if not r.kept) == Counter(
        {k: v for k, v in stats["dropped"].items() if k not in ("boilerplate", "duplicate", "near-duplicate", "leak")})


def test_empty_held_out_split_is_left_out_of_the_configs(tmp_path) -> None:
    rows = make_rows(n_pairs=6)
    splits = {r.pair_id: "train" for r in rows}
    held = sorted(splits)[:2]
    splits[held[0]], splits[held[1]] = "validation", "test"
    for r in rows:  # every row of the test pair dropped by the filter
        if r.pair_id == held[1]:
            r.kept, r.reason = False, "low-score"
    stats = build_dataset(iter(rows), tmp_path / "d", splits=splits, meta={})
    assert stats["splits"]["test"] == 0 and stats["unfiltered_splits"]["test"] > 0
    assert set(load(tmp_path / "d")) == {"train", "validation"}
    assert set(load(tmp_path / "d", "unfiltered")) == {"train", "validation", "test"}
    assert build_dataset(iter([]), tmp_path / "empty", meta={})["rows_in"] == 0


def test_loading_prints_no_warning_and_reads_the_card_sizes(built) -> None:
    """`datasets` ignores (and warns about, on every load) a card whose splits lack num_bytes."""
    import subprocess
    import sys

    folder, _, stats = built
    code = (
        "import datasets, warnings, sys\n"
        "warnings.simplefilter('always')\n"
        f"b = datasets.load_dataset_builder({str(folder)!r})\n"
        "print({k: (v.num_examples, v.num_bytes) for k, v in b.info.splits.items()})\n"
        f"datasets.load_dataset({str(folder)!r}, cache_dir={str(folder.parent / 'cache-w')!r})\n"
    )
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Ignoring part of dataset_info" not in r.stderr and "arning" not in r.stderr, r.stderr
    got = eval(r.stdout.strip().splitlines()[-1])  # noqa: S307 - our own subprocess's dict
    assert {k: n for k, (n, _) in got.items()} == stats["splits"]
    assert all(b > 0 for n, b in got.values() if n)
    info = {i["config_name"]: i for i in card_header(folder)["dataset_info"]}["default"]
    assert info["download_size"] == sum((folder / data_file("default", s)).stat().st_size for s in stats["splits"])
    assert info["dataset_size"] == sum(s["num_bytes"] for s in info["splits"])


def test_card_names_sources_dates_and_repo_id(built, tmp_path) -> None:
    import shutil

    from align.publish.card import amend_card

    folder, rows, stats = built
    sites = {s["site"]: s for s in stats["sources"]["sites"]}
    assert set(sites) == {"hani", "hani-en"} and sites["hani"]["hosts"] == ["hani.example"]
    assert sites["hani-en"]["hosts"] == ["en.hani.example"]
    kept_dates = sorted(r.date for r in rows if r.date)
    assert stats["sources"]["dates"]["first"] >= kept_dates[0] and stats["sources"]["dates"]["last"] <= kept_dates[-1]
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert "## Sources" in text and "hani.example" in text
    assert f"Articles dated {stats['sources']['dates']['first']} to {stats['sources']['dates']['last']}" in text
    assert 'load_dataset("<this folder or repo id>")' in text
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("cache*"))
    amend_card(copy, repo_id="someone/ko-en-news")
    assert 'load_dataset("someone/ko-en-news")' in (copy / "README.md").read_text(encoding="utf-8")
    assert check_dataset(copy)["meta"]["repo_id"] == "someone/ko-en-news"


def test_card_says_what_a_build_changed(tmp_path) -> None:
    changes = {"previous_build": "2026-12-01T10:00:00+00:00", "pairs_added": 10, "pairs_removed": 1,
               "pairs_changed": 2, "rows_added": 120, "rows_removed": 9}
    build_dataset(iter(make_rows(n_pairs=6)), tmp_path / "d", meta={"changes": changes})
    text = (tmp_path / "d" / "README.md").read_text(encoding="utf-8")
    assert "## Changes" in text and "2026-12-01T10:00:00+00:00" in text
    assert "| article pairs | 10 | 1 | 2 |" in text and "| rows (kept) | 120 | 9 | - |" in text
    build_dataset(iter(make_rows(n_pairs=6)), tmp_path / "e", meta={"changes": {**changes, "previous_build": None}})
    assert "The first build of this dataset." in (tmp_path / "e" / "README.md").read_text(encoding="utf-8")


def test_moved_rows_are_marked_in_the_dataset(built) -> None:
    """A row the aligner paired out of order (Row.moved) says so in its `moved` column, in both
    configs; every other row says false."""
    folder, rows, _ = built
    marked = {(r.pair_id, r.bead) for r in rows if r.moved}
    assert marked
    unfiltered = load(folder, "unfiltered")
    got = [(pid, bead) for s in unfiltered for pid, bead, moved in
           zip(unfiltered[s]["pair_id"], unfiltered[s]["bead"], unfiltered[s]["moved"]) if moved]
    assert sorted(got) == sorted(marked)
    default = load(folder)
    for s in default:
        for pid, bead, moved in zip(default[s]["pair_id"], default[s]["bead"], default[s]["moved"]):
            assert moved == ((pid, bead) in marked)
