#!/usr/bin/env python3
"""Build benchmark folders like ../shared/bench from their public sources (needs a network).

    python scripts/build_bench.py OUT                      # every set
    python scripts/build_bench.py OUT --only align,pair    # some of them

The project's benchmarks and slow tests read `../shared/bench`; a developer without that folder
can make one with this script and point at it (`ln -s OUT ../shared/bench`). What it writes:

  align/ko-en-park-dev/     Park, Hong & Cha (2016) Korean-English news, dev split
                            (jungyeul/korean-parallel-corpora, CC BY-SA 3.0): its 1-1 line pairs
                            cut into pseudo-documents of 10-40 lines, then seeded merges (1-2,
                            2-1, 1-3) and deletions (1-0, 0-1)
  align/de-fr-textberg-dev/ the Bleualign dev set (Sennrich & Volk 2010; Text+Berg), as shipped
                            with thompsonb/vecalign (GPL-2.0): real hand-aligned m-n beads
  align/zh-en-mac-dev/      MAC-Dev (Liu & Zhu 2022), from an early commit of bfsujason/bertalign:
                            chapters of published novels and their translations, for your own
                            evaluation only; never redistribute it
  pair/ko-en-park-dev/      document pairing: runs of 15-30 consecutive Park lines a document,
                            shuffled names, some English documents without a counterpart
  align/ko-en-jhe-dev/      JHE Korean-English evaluation data, dev split (Park et al.,
                            jungyeul/korean-parallel-corpora, CC BY-SA 3.0): sentence pairs from
                            English textbooks and readers, cut and perturbed as the Park set is
                            (`--only jhe`; not in ../shared/bench: a fourth, unseen dev set)
  extract/                  the article-extraction-benchmark (scrapinghub, 181 real pages) with
                            each page's article text (ground-truth.json)
  sites/                    real saved pages of Korean news sites from public test fixtures
                            (newspaper4k, fundus, goose3, htmldate, a crawler's test data)

Each set gets a manifest.json saying where it comes from. The align and pair sets are made
with the seeds the shared ones were, but the cutting is this script's own: they are sets of the
same kind and size, not byte-identical copies, so figures measured on them differ a little from
the README's. Downloads are cached in OUT/.cache; a rerun fetches only what is missing.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"

PARK = ("jungyeul/korean-parallel-corpora", "aaafd19c37024fe0a0c39c4007bbb0272fc6f21e",
        "korean-english-v1/korean-english-park.dev.tar.gz")
BLEUALIGN = ("thompsonb/vecalign", "b9d732ce2670f9b7e5df68883448fe5db9203f7e", "bleualign_data/dev")
# JHE (Park et al.; Korean-English sentence pairs from English textbooks and readers), dev split
JHE = ("jungyeul/korean-parallel-corpora", "2cd5c05ddb8070355e149d76443fc815455439c1", "korean-english-jhe/jhe-koen-dev")
MAC = ("bfsujason/bertalign", "58d2f668197da23249426b9e94ac89fc9cb20dad", "data/mac/dev")
AEB = ("scrapinghub/article-extraction-benchmark", "11b407d43934becc20873bb3dcd5e3d2591746d3")

# (file under sites/, repository, path, commit): the pages of ../shared/bench/sites
SITES = [
    ("yonhap_en_AEN20190820002300325.html", "AndyTheFactory/newspaper4k", "tests/data/html/yna_co_kr.html",
     "540bff3e8344cb8291c4829fafd98860f30d9692"),
    ("hankookilbo_ko_A2025051516330004328.html", "flairNLP/fundus",
     "tests/resources/parser/test_data/kr/HankookIlbo_2025_05_15.html.gz", "459ec9f561b14e56c809ad96dee5a70dd17c32f9"),
    ("hankookilbo_ko_A2026012914320005196.html", "flairNLP/fundus",
     "tests/resources/parser/test_data/kr/HankookIlbo_2026_01_29.html.gz", "8cd467d59984df3016ad4fc1c8263c4d438f75f2"),
    ("mk_ko_11328187.html", "flairNLP/fundus", "tests/resources/parser/test_data/kr/MBN_2025_05_27.html.gz",
     "7303fed9d88b3f8115450d4223aa32205812fc0e"),
    ("mk_ko_11329112.html", "flairNLP/fundus", "tests/resources/parser/test_data/kr/MBN_2025_05_28.html.gz",
     "fd4140436e9a735529675c151c5d583cbea46a0c"),
    ("mk_ko_11330362.html", "flairNLP/fundus", "tests/resources/parser/test_data/kr/MBN_2025_05_29.html.gz",
     "59230b6609925695c6caad18273882d11bc60fde"),
    ("mk_ko_11331490.html", "flairNLP/fundus", "tests/resources/parser/test_data/kr/MBN_2025_05_30.html.gz",
     "effc939a772d5aaea2d84ac77c14a9667fd885cd"),
    ("donga_ko_58406128.html", "goose3/goose3", "tests/data/content/test_donga_korean.html",
     "c5a8902eed0c4592a1ff5ec51a0277cf73a3aca7"),
    ("chosun_ko_2016081103298.html", "SomaNews/somanews-crawler", "testdata/chosun/chosun_article_2.html",
     "4d31b54c41182e8bccee5dbbc9679ebf6376db49"),
    *[(f"{site}_ko_{num}.html", "SomaNews/somanews-crawler", f"testdata/{site}/{name}", "4d31b54c41182e8bccee5dbbc9679ebf6376db49")
      for site, num, name in (
          ("chosun", "2016091301145", "chosun_article_2016091301145.htm"),
          ("chosun", "2016091301378", "chosun_article_2016091301378.htm"),
          ("chosun", "2016091301750", "chosun_article_2016091301750.htm"),
          ("chosun", "2016091302449", "chosun_article_2016091302449.htm"),
          ("donga", "80317105", "donga_article_20160918_80317105.htm"),
          ("donga", "80317108", "donga_article_20160918_80317108.htm"),
          ("donga", "80317115", "donga_article_20160918_80317115.htm"),
          ("donga", "80317118", "donga_article_20160918_80317118.htm"),
          ("hani", "761484", "hani_article_761484.htm"),
          ("hani", "761485", "hani_article_761485.htm"),
          ("hani", "761486", "hani_article_761486.htm"),
          ("khan", "201609260957011", "khan_article_201609260957011.html"),
          ("khan", "201609262218015", "khan_article_201609262218015.html"),
      )],
    ("yonhap_ko_AKR20160917021800007.html", "SomaNews/somanews-crawler", "testdata/yonhap/yonhap_article.htm",
     "384cb1617cfb6c127da0c89193be9f27de9ebf6c"),
    ("naver_ko_607-0000001728.html", "adbar/htmldate", "tests/eval/n.news.naver.com-607.html",
     "b8952828329abaeeb3be21387b526f2be614ce67"),
    ("chosun_ko_2020082704301.html", "adbar/htmldate", "tests/test_set/1694328145.html",
     "b8952828329abaeeb3be21387b526f2be614ce67"),
]


class Fetcher:
    """GET with a cache folder and a few retries; raw files of a repository at a commit."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        cache.mkdir(parents=True, exist_ok=True)

    def raw(self, repo: str, commit: str, path: str) -> bytes:
        return self.get(RAW.format(repo=repo, commit=commit, path=path))

    def get(self, url: str) -> bytes:
        key = self.cache / url.split("://", 1)[1].replace("/", "_")
        if key.exists():
            return key.read_bytes()
        for attempt in range(4):
            try:
                req = urllib.request.Request(url, headers={"User-Agent": "ko-en-align build_bench"})
                with urllib.request.urlopen(req, timeout=60) as r:
                    data = r.read()
                break
            except OSError as e:
                if attempt == 3:
                    raise SystemExit(f"{url}: download failed ({e})") from None
                time.sleep(2 * (attempt + 1))
        tmp = key.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(key)
        return data


def _write_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def bead_line(src: list[int], tgt: list[int]) -> str:
    return f"[{','.join(map(str, src))}]:[{','.join(map(str, tgt))}]"


def park_lines(fetch: Fetcher) -> list[tuple[str, str]]:
    """The Park dev split's line pairs (empty or one-sided lines left out)."""
    data = fetch.raw(*PARK)
    sides: dict[str, list[str]] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for m in tar.getmembers():
            for lang in ("ko", "en"):
                if m.isfile() and m.name.endswith("." + lang):
                    f = tar.extractfile(m)
                    assert f is not None
                    sides[lang] = f.read().decode("utf-8", errors="replace").splitlines()
    if missing := sorted({"ko", "en"} - set(sides)):
        raise SystemExit(f"{PARK[2]}: no .{' or .'.join(missing)} file in the archive (it needs a .ko and an .en file)")
    return _line_pairs(PARK[2], sides["ko"], sides["en"])


def jhe_lines(fetch: Fetcher) -> list[tuple[str, str]]:
    """The JHE dev split's line pairs (empty or one-sided lines left out)."""
    ko = fetch.raw(JHE[0], JHE[1], JHE[2] + ".ko").decode("utf-8", errors="replace").splitlines()
    en = fetch.raw(JHE[0], JHE[1], JHE[2] + ".en").decode("utf-8", errors="replace").splitlines()
    return _line_pairs(JHE[2], ko, en)


def _line_pairs(name: str, ko: list[str], en: list[str]) -> list[tuple[str, str]]:
    """Line-parallel .ko and .en files as pairs, empty or one-sided lines left out."""
    if len(ko) != len(en):
        raise SystemExit(f"{name}: the .ko file has {len(ko):,} lines and the .en file {len(en):,}; "
                         "line-parallel files need as many lines each")
    return [(k.strip(), e.strip()) for k, e in zip(ko, en) if k.strip() and e.strip()]


# how often each perturbation is applied to a pair, in the proportions of the shared set's gold
PERTURB = (("2-1", 0.065), ("1-2", 0.05), ("1-3", 0.027), ("0-1", 0.05), ("1-0", 0.035))


def perturbed_document(pairs: list[tuple[str, str]], rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """One pseudo-document: Korean lines, English lines and gold beads, after seeded merges
    (English lines joined: 2-1; Korean lines joined: 1-2, 1-3) and deletions."""
    ko: list[str] = []
    en: list[str] = []
    gold: list[str] = []
    i = 0
    while i < len(pairs):
        r, kind, acc = rng.random(), "1-1", 0.0
        for name, p in PERTURB:
            acc += p
            if r < acc:
                kind = name
                break
        n = {"2-1": 2, "1-2": 2, "1-3": 3}.get(kind, 1)
        if i + n > len(pairs):
            kind, n = "1-1", 1
        group = pairs[i : i + n]
        if kind == "2-1":  # two Korean lines, their English joined into one line
            gold.append(bead_line([len(ko), len(ko) + 1], [len(en)]))
            ko += [k for k, _ in group]
            en.append(" ".join(e for _, e in group))
        elif kind in ("1-2", "1-3"):  # one Korean line joined from n, their n English lines
            gold.append(bead_line([len(ko)], list(range(len(en), len(en) + n))))
            ko.append(" ".join(k for k, _ in group))
            en += [e for _, e in group]
        elif kind == "1-0":  # the English line deleted
            gold.append(bead_line([len(ko)], []))
            ko.append(group[0][0])
        elif kind == "0-1":  # the Korean line deleted
            gold.append(bead_line([], [len(en)]))
            en.append(group[0][1])
        else:
            gold.append(bead_line([len(ko)], [len(en)]))
            ko.append(group[0][0])
            en.append(group[0][1])
        i += n
    return ko, en, gold


PARK_SOURCE = "Park, Hong & Cha 2016 Korean-English news (jungyeul/korean-parallel-corpora), CC BY-SA 3.0"


def build_align_park(pairs: list[tuple[str, str]], out: Path, seed: int = 101, docs: int = 38,
                     source: str = PARK_SOURCE, what: str = "news translations") -> None:
    """Pseudo-documents of 10-40 consecutive line pairs (`docs` of them, or as many as the
    lines give), with seeded merges and deletions."""
    rng = random.Random(seed)
    at, beads, counts = 0, 0, {}
    made = 0
    for d in range(docs):
        size = rng.randint(10, 40)
        chunk = pairs[at : at + size]
        if len(chunk) < 10:
            break
        at += len(chunk)
        made += 1
        ko, en, gold = perturbed_document(chunk, rng)
        name = f"{d + 1:03d}"
        _write_lines(out / "src" / name, ko)
        _write_lines(out / "tgt" / name, en)
        _write_lines(out / "gold" / name, gold)
        beads += len(gold)
        for g in gold:
            s, t = g.split(":")
            kind = f"{s.count(',') + (s != '[]')}-{t.count(',') + (t != '[]')}"
            counts[kind] = counts.get(kind, 0) + 1
    _write_json(out / "manifest.json", {
        "src": "ko", "tgt": "en",
        "source": source,
        "note": f"real 1-1 {what} cut into pseudo-documents of 10-40 lines, then seeded merges "
                "(1-2, 2-1, 1-3) and deletions (1-0, 0-1); made by scripts/build_bench.py",
        "docs": made, "beads": beads, "bead_types": counts, "perturbed": True, "seed": seed, "lines_used": at,
    })


def build_pair_park(pairs: list[tuple[str, str]], out: Path, start: int, seed: int = 201, docs: int = 40,
                    extra_en: int = 5) -> None:
    rng = random.Random(seed)
    at = start
    documents = []
    for _ in range(docs + extra_en):
        size = rng.randint(15, 30)
        documents.append(pairs[at : at + size])
        at += size
    ko_names = rng.sample(range(docs), docs)
    en_names = rng.sample(range(docs + extra_en), docs + extra_en)
    gold = []
    for k, doc in enumerate(documents):
        en_name = f"e{en_names[k]:04d}"
        _write_lines(out / "en" / f"{en_name}.txt", [e for _, e in doc])
        if k < docs:  # the last documents have no Korean counterpart
            ko_name = f"k{ko_names[k]:04d}"
            _write_lines(out / "ko" / f"{ko_name}.txt", [k_ for k_, _ in doc])
            gold.append((ko_name, en_name))
    (out / "gold.tsv").write_text("".join(f"{k}\t{e}\n" for k, e in sorted(gold)), encoding="utf-8")
    _write_json(out / "manifest.json", {
        "source": "Park, Hong & Cha 2016 Korean-English news (jungyeul/korean-parallel-corpora), CC BY-SA 3.0",
        "note": "pseudo-documents (runs of 15-30 consecutive lines); some English documents lack a counterpart; "
                "no dates or links: content only; made by scripts/build_bench.py",
        "docs_ko": docs, "docs_en": docs + extra_en, "gold_pairs": docs, "seed": seed,
    })


def build_align_copy(fetch: Fetcher, out: Path, files: list[tuple[str, str, str]], manifest: dict) -> None:
    """A set whose documents and gold are taken as they are: (name, kind, path in the repo)."""
    repo, commit, _ = manifest.pop("_from")
    beads = 0
    for name, kind, path in files:
        lines = fetch.raw(repo, commit, path).decode("utf-8").splitlines()
        if kind == "gold":
            lines = [line.replace(" ", "") for line in lines if line.strip()]
            beads += len(lines)
        _write_lines(out / kind / name, lines)
    _write_json(out / "manifest.json", {**manifest, "docs": len({n for n, _, _ in files}), "beads": beads})


def build_extract(fetch: Fetcher, out: Path) -> None:
    repo, commit = AEB
    truth = json.loads(fetch.raw(repo, commit, "ground-truth.json"))
    for i, page_id in enumerate(sorted(truth), 1):
        html = gzip.decompress(fetch.raw(repo, commit, f"html/{page_id}.html.gz"))
        (out / "pages").mkdir(parents=True, exist_ok=True)
        (out / "pages" / f"{page_id}.html").write_bytes(html)
        print(f"\r  extract: {i}/{len(truth)} pages", end="", file=sys.stderr)
    print(file=sys.stderr)
    _write_json(out / "ground-truth.json", truth)


def build_sites(fetch: Fetcher, out: Path) -> None:
    manifest = []
    for name, repo, path, commit in SITES:
        data = fetch.raw(repo, commit, path)
        if path.endswith(".gz"):
            data = gzip.decompress(data)
        (out / "pages").mkdir(parents=True, exist_ok=True)
        (out / "pages" / name).write_bytes(data)
        manifest.append({"file": f"pages/{name}", "repository": repo, "path": path, "commit": commit, "bytes": len(data)})
    _write_json(out / "manifest.json", manifest)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write (the layout of ../shared/bench)")
    ap.add_argument("--only", default="align,pair,extract,sites,jhe", help="comma-separated: align, pair, extract, sites, jhe")
    args = ap.parse_args(argv)
    wanted = set(args.only.split(","))
    fetch = Fetcher(args.out / ".cache")
    if wanted & {"align", "pair"}:  # the pair set starts after the align set's lines, so it needs both
        pairs = park_lines(fetch)
        build_align_park(pairs, args.out / "align" / "ko-en-park-dev")
        used = json.loads((args.out / "align" / "ko-en-park-dev" / "manifest.json").read_text())["lines_used"]
        if "pair" in wanted:  # the two sets share no line
            build_pair_park(pairs, args.out / "pair" / "ko-en-park-dev", start=used)
    if "align" in wanted:
        stem = BLEUALIGN[2]
        build_align_copy(fetch, args.out / "align" / "de-fr-textberg-dev",
                         [("001", "src", f"{stem}.de"), ("001", "tgt", f"{stem}.fr"), ("001", "gold", f"{stem}.defr")],
                         {"_from": BLEUALIGN, "src": "de", "tgt": "fr",
                          "source": "Bleualign dev set (Sennrich & Volk 2010) as shipped with thompsonb/vecalign, GPL-2.0",
                          "note": "real gold m-n beads, hand-aligned", "perturbed": False})
        stem = MAC[2]
        files = [(f"{d:03d}", kind, f"{stem}/{folder}/{d:03d}{ext}")
                 for d in range(1, 7) for kind, folder, ext in (("src", "zh", ""), ("tgt", "en", ""), ("gold", "gold", ".align"))]
        build_align_copy(fetch, args.out / "align" / "zh-en-mac-dev", files,
                         {"_from": MAC, "src": "zh", "tgt": "en",
                          "source": "MAC-Dev (Liu & Zhu 2022, bfsujason/bertalign history); chapters of published novels "
                                    "and their translations: internal evaluation only, never redistributed",
                          "note": "real gold m-n beads, literary translation", "perturbed": False})
    if "jhe" in wanted:  # a second Korean-English source, of another kind (textbook prose, not news)
        build_align_park(jhe_lines(fetch), args.out / "align" / "ko-en-jhe-dev", seed=103, docs=60,
                         source="JHE Korean-English evaluation data, dev split (Park et al.; jungyeul/korean-parallel-corpora, "
                                "doi:10.5281/zenodo.891295), CC BY-SA 3.0",
                         what="sentence translations from English textbooks and readers (unrelated sentences, not news)")
    if "extract" in wanted:
        build_extract(fetch, args.out / "extract")
    if "sites" in wanted:
        build_sites(fetch, args.out / "sites")
    print(f"written: {args.out} ({', '.join(sorted(wanted))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
