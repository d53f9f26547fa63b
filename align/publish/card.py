"""The dataset card (README.md), generated from stats.json alone so it can be re-rendered
(as `align spm` does when it adds its model) without reading the data again."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml

from .schema import SPLITS, data_file, features

REASON_WORDS = {
    "unaligned": "sentence with no counterpart (1-0 / 0-1 bead)",
    "empty": "a side is empty",
    "copied": "English side copies the Korean side (untranslated)",
    "wrong-language": "wrong script on a side (too little Hangul in Korean, Hangul in English)",
    "length-ratio": "English/Korean length ratio outside what translations show",
    "low-score": "aligner score below the threshold",
    "boilerplate": "recurring boilerplate (bylines, datelines, contact lines)",
    "duplicate": "exact duplicate pair after normalisation",
    "near-duplicate": "near-duplicate pair (MinHash, Jaccard >= 0.8 of word sets)",
    "leak": "train row whose Korean or English text appears in validation/test",
}


def size_category(n: int) -> str:
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
              (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B")]
    for bound, name in bounds:
        if n < bound:
            return name
    return "n>1T" if n >= 10**12 else "1B<n<10B"


def _header(stats: dict[str, Any]) -> dict[str, Any]:
    meta = stats.get("meta", {})
    configs = []
    infos = []
    for config, counts in (("default", stats["splits"]), ("unfiltered", stats["unfiltered_splits"])):
        # `datasets` refuses to load a split with no rows, so an empty split is left out of the
        # config (its empty parquet file stays in the folder); the card's split table shows the 0
        listed = [s for s in SPLITS if counts.get(s, 0) > 0] or ["train"]
        entry: dict[str, Any] = {
            "config_name": config,
            "data_files": [{"split": s, "path": data_file(config, s)} for s in listed],
        }
        if config == "default":
            entry["default"] = True
        configs.append(entry)
        # `datasets` reads a split only with name, num_bytes and num_examples; without them it
        # warns on every load and ignores the whole `splits` field
        sizes = stats.get("sizes", {}).get(config, {})
        split_infos: list[dict[str, Any]] = [
            {"name": s, "num_bytes": int(sizes.get(s, {}).get("num_bytes", 0)), "num_examples": int(counts.get(s, 0))}
            for s in listed
        ]
        infos.append({
            "config_name": config,
            "features": features(unfiltered=config == "unfiltered")._to_yaml_list(),
            "splits": split_infos,
            "download_size": sum(int(sizes.get(s, {}).get("file_bytes", 0)) for s in listed),
            "dataset_size": sum(si["num_bytes"] for si in split_infos),
        })
    return {
        "language": ["ko", "en"],
        "license": meta.get("license") or "other",
        "multilinguality": ["translation"],
        "task_categories": ["translation"],
        "size_categories": [size_category(stats["rows_kept"])],
        "pretty_name": meta.get("pretty_name") or f"Korean-English sentence-aligned news ({meta.get('corpus', 'corpus')})",
        "tags": ["parallel-corpus", "sentence-alignment", "news"],
        "configs": configs,
        "dataset_info": infos,
    }


def _table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _short(text: str, n: int = 160) -> str:
    text = text.replace("|", "\\|")
    return text if len(text) <= n else text[: n - 1] + "…"


def _sources_section(sources: dict[str, Any] | None) -> str:
    if not sources or not sources.get("sites"):
        return ""
    dates = sources.get("dates", {})
    if dates.get("first"):
        span = f"Articles dated {dates['first']} to {dates['last']}"
        span += f" ({dates['undated_rows']} rows without a date)." if dates.get("undated_rows") else "."
    else:
        span = "The articles carry no dates."
    rows = [[s["site"], ", ".join(s["hosts"]) or "-", s["pairs"]] for s in sources["sites"]]
    return (
        "## Sources\n\n"
        "The rows come from these news sites (the site part of the article ids; a site's Korean and English "
        "editions are counted apart when their ids differ). " + span + "\n\n"
        + _table(["site", "hosts", "article pairs"], rows)
        + "\n"
    )


def _changes_section(changes: dict[str, Any] | None) -> str:
    """What this build adds and removes against the previous build of the same run folder."""
    if not changes:
        return ""
    if not changes.get("previous_build"):
        return "## Changes\n\nThe first build of this dataset.\n"
    rows = [
        ["article pairs", changes.get("pairs_added", 0), changes.get("pairs_removed", 0), changes.get("pairs_changed", 0)],
        ["rows (kept)", changes.get("rows_added", 0), changes.get("rows_removed", 0), "-"],
    ]
    return (
        f"## Changes\n\nAgainst the previous build ({changes['previous_build']}); a row is its Korean and English "
        "text, and a changed pair is one whose kept rows differ.\n\n"
        + _table(["", "added", "removed", "changed"], rows)
        + "\n"
    )


def dataset_name(stats: dict[str, Any]) -> str:
    """What `load_dataset` takes for this dataset: its Hub repo id once published, else a
    placeholder for the folder."""
    return str(stats.get("meta", {}).get("repo_id") or "<this folder or repo id>")


def render_card(stats: dict[str, Any]) -> str:
    meta = stats.get("meta", {})
    name = meta.get("corpus", "corpus")
    load_name = dataset_name(stats)
    header = yaml.safe_dump(_header(stats), sort_keys=False, allow_unicode=True, width=1000)
    tokens = stats["tokens"]
    split_rows = [
        [s, stats["splits"][s], stats["pairs_per_split"].get(s, 0), tokens[s]["ko"], tokens[s]["en"],
         tokens[s]["ko_chars"], tokens[s]["en_chars"]]
        for s in SPLITS
    ]
    dropped = sorted(stats["dropped"].items(), key=lambda kv: -kv[1])
    aligner = meta.get("aligner")
    aligner_text = json.dumps(aligner, ensure_ascii=False, sort_keys=True) if aligner else "defaults"
    parts = [
        f"---\n{header}---\n",
        f"# Korean-English sentence-aligned news: {name}\n",
        ("Sentence-aligned Korean-English translation pairs extracted from bilingual news pages: each English "
         "article was paired with its Korean original, both were split into sentences, and the sentences were "
         "aligned (1-1, 1-2, 2-1 beads) with multilingual sentence embeddings. Every row says which articles it "
         "comes from and how sure the aligner was.\n"),
        ("```python\nfrom datasets import load_dataset\n\n"
         f"ds = load_dataset({json.dumps(load_name)})               # filtered rows\n"
         f"raw = load_dataset({json.dumps(load_name)}, \"unfiltered\")  # every aligned row + verdict\n"
         "print(ds[\"train\"][0][\"translation\"])  # {'en': ..., 'ko': ...}\n```\n"),
        _sources_section(stats.get("sources")),
        "## Splits\n",
        ("Splits are by article pair, never by sentence: all rows of one article pair are in the same split "
         "(a hash of the pair id and the seed decides, so a pair keeps its split when the corpus grows). "
         "Tokens are whitespace-separated words (Korean: eojeol).\n"),
        _table(["split", "rows", "article pairs", "ko words", "en words", "ko chars", "en chars"], split_rows) + "\n",
        (f"**Leakage check:** after de-duplication, any train row whose normalised Korean or English text "
         f"(NFKC, casefolded, punctuation removed) also appears in validation or test was removed from train: "
         f"{stats['leaked_removed']} row(s). Normalised sentence overlap between validation/test and train "
         f"is now {stats['test_train_overlap']}.\n"),
        "## Columns\n",
        _table(["column", "meaning"], [
            ["translation", "`{\"en\": ..., \"ko\": ...}` (`datasets.Translation`)"],
            ["pair_id", "article pair id"],
            ["ko_article_id, en_article_id", "article ids (`site:id`)"],
            ["ko_url, en_url", "page URLs"],
            ["date", "publication date of the Korean original (may be null)"],
            ["bead", "sentence indices within the pair, Korean first: `[3]:[4, 5]`"],
            ["bead_type", "`1-1`, `1-2`, `2-1`, ..."],
            ["score", "aligner score of the bead: with the default aligner, the probability that the bead is right (its posterior)"],
            ["sent_index", "order of the row among the pair's aligned rows (rows of a pair are consecutive)"],
            ["pair_method", "how the articles were paired: `link` (the English page names its original), `id`, `content`"],
            ["moved", "the aligner paired these sentences out of order (its moved-sentence pass, off by default: false)"],
            ["kept, reason", "`unfiltered` config only: the filter's verdict and why a row was dropped"],
        ]) + "\n",
        "## Distributions\n",
        "![bead types and aligner scores](distributions.png)\n",
        _table(["bead type", "kept rows", "all aligned rows"], [
            [k, stats["bead_types"]["kept"].get(k, 0), v]
            for k, v in sorted(stats["bead_types"]["all"].items(), key=lambda kv: -kv[1])
        ]) + "\n",
        "Aligner score of kept rows: " + (
            ", ".join(f"{float(q) * 100:g}th percentile {v}" for q, v in stats["score"]["quantiles_kept"].items())
            or "no rows"
        ) + ".\n",
        "## Rows dropped\n",
        (f"{stats['rows_in']} aligned rows in, {stats['rows_kept']} kept. Dropped rows stay in the `unfiltered` "
         "config with their reason.\n"),
        (_table(["reason", "rows", "meaning"], [[r, n, REASON_WORDS.get(r, "")] for r, n in dropped]) if dropped else "None.")
        + "\n",
        "## Examples\n",
        _table(["ko", "en", "bead", "score"], [
            [_short(e["translation"]["ko"]), _short(e["translation"]["en"]), e["bead"], e["score"]]
            for e in stats["examples"]
        ]) + "\n" if stats["examples"] else "No rows.\n",
    ]
    if stats.get("spm"):
        parts.append(_spm_section(stats["spm"]))
    if changes := _changes_section(meta.get("changes")):
        parts.append(changes)
    parts += [
        "## How it was built\n",
        _table(["what", "value"], [
            ["toolkit", f"ko-en-align {stats['toolkit_version']} (dataset format {stats['dataset_format']})"],
            ["command", f"`{meta.get('command', 'unknown')}`"],
            ["corpus", meta.get("corpus", "unknown")],
            ["aligner", f"`{aligner_text}`"],
            ["split seed", stats["seed"]],
            ["built", stats["created"]],
        ]) + "\n",
        "Text is published as extracted, in Unicode NFC with whitespace runs collapsed.\n",
        "## Limitations\n",
        ("- Alignments are automatic: some rows are partial or loose translations, especially at low scores; "
         "filter on `score` (the aligner's probability that a bead is right) for higher precision.\n"
         "- English news versions are often edited or abridged; 1-2 and 2-1 beads join sentences the "
         "translator merged or split.\n"
         "- Near-duplicate removal compares word sets, not meaning; paraphrased duplicates remain.\n"
         "- News text reflects its sources' topics and style; check the licence of the source sites before use.\n"),
        "## Citation\n",
        ("```bibtex\n"
         f"@misc{{ko_en_align_{_bib_key(name)},\n"
         f"  title = {{Korean-English sentence-aligned news: {name}}},\n"
         f"  note = {{Built with ko-en-align {stats['toolkit_version']}}},\n"
         f"  year = {{{str(stats['created'])[:4]}}}\n"
         "}\n```\n"),
    ]
    return "\n".join(parts)


def _bib_key(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name.lower()) or "corpus"


def _spm_section(spm: dict[str, Any]) -> str:
    rows = [
        [m["file"], m["languages"], m["model_type"], m["vocab_size"],
         *(f"{m['eval'].get(lang, {}).get('tokens_per_sentence', '-')} / {m['eval'].get(lang, {}).get('unk_rate', '-')}"
           for lang in ("ko", "en"))]
        for m in spm["models"]
    ]
    return (
        "## SentencePiece\n\n"
        f"Trained on the train split only (`{spm['command']}`), byte fallback on, normalisation "
        f"`{spm['normalization']}` (round-trips Korean text exactly). Tokens per sentence and unknown-piece rate "
        f"measured on the {spm['eval_split']} split.\n\n"
        + _table(["model", "languages", "type", "vocab", "ko tokens/sent / unk", "en tokens/sent / unk"], rows)
        + "\n"
    )


def amend_card(folder: str | os.PathLike, **meta: Any) -> dict[str, Any]:
    """Set fields of a built folder's provenance (stats.json's "meta") and render its card again,
    without touching the data: `align publish` names the repo (`repo_id=`) so the card's usage
    snippet loads it from the Hub; `align dataset --license` sets the licence."""
    from ..atomic import write_json, write_text
    from .check import check_dataset

    folder = Path(folder)
    stats = check_dataset(folder)
    stats.setdefault("meta", {}).update(meta)
    write_json(folder / "stats.json", stats)
    write_text(folder / "README.md", render_card(stats))
    return stats
