#!/usr/bin/env python3
"""Precision and recall of the recipe-free link finder (align/extract/original_link.py).

    python scripts/bench_original_link.py                 # built pages + real negatives
    python scripts/bench_original_link.py --write DIR     # also save the built pages to look at
    python scripts/bench_original_link.py --verbose       # every miss and false find

Built pages: English article pages written here in the markup of real sites (each page's
`<!-- origin: ... -->` comment names the real page whose structure it imitates), for four
publishers' URL schemes (english.X -> www.X, en.X -> www.X, www.X/en/ -> www.X/news/, and a
Korean site under another domain name), each with one way of naming the original (positives)
or none (negatives: language switches to the Korean home page, self links, related lists,
a widget of other Korean articles, a foreign "original report", no link at all).
Real negatives: the English news pages of ../shared/bench/extract (none of them is a
translation from Korean) and the real Yonhap English page of ../shared/bench/sites, whose
only Korean links are language switches: every link found there is a false find.

Precision = right finds / finds; recall = right finds / pages that have an original.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.extract.original_link import find_original  # noqa: E402
from align.lang import detect_lang  # noqa: E402
from align.urls import canonical_url  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"


@dataclass
class Case:
    name: str
    origin: str
    page_url: str
    html: str
    expected: str | None  # the Korean original's URL, or None
    lang: str = "en"  # the language of the page's article text


@dataclass(frozen=True)
class Publisher:
    key: str
    en_article: str  # format with n
    ko_article: str  # format with n
    en_home: str
    ko_home: str


# URL schemes of real bilingual publishers (article URL shapes seen in ../shared/bench/sites and
# in public links to these sites); the ids are made up
PUBLISHERS = [
    Publisher("hani", "https://english.hani.co.kr/arti/english_edition/e_national/{n}.html",
              "https://www.hani.co.kr/arti/society/society_general/{k}.html",
              "https://english.hani.co.kr/", "https://www.hani.co.kr/"),
    Publisher("yna", "https://en.yna.co.kr/view/AEN20240611{n}00315",
              "https://www.yna.co.kr/view/AKR20240611{k}00504",
              "https://en.yna.co.kr/index", "https://www.yna.co.kr/"),
    Publisher("donga", "https://www.donga.com/en/article/all/20240611/{n}/1",
              "https://www.donga.com/news/article/all/20240611/{k}/1",
              "https://www.donga.com/en", "https://www.donga.com/"),
    Publisher("joongang", "https://koreajoongangdaily.joins.com/news/2024-06-11/national/politics/Putin-to-visit-North/{n}",
              "https://www.joongang.co.kr/article/{k}",
              "https://koreajoongangdaily.joins.com/", "https://www.joongang.co.kr/"),
]

BODY = """<p>The government said on Tuesday that it would expand support for small businesses hit by higher interest rates, including a new loan program worth 2 trillion won.</p>
<p>Officials said the program would open next month and give priority to firms in regions where sales fell the most last year.</p>
<p>Business groups welcomed the plan but said the amount was too small to make a difference for most shops.</p>"""

# Yonhap English (../shared/bench/sites/pages/yonhap_en_AEN20190820002300325.html): header with
# a language menu (li.ko a[lang=ko] to the Korean home page), header.title-article01 h1.tit,
# article.story-news, keyword tags, a footer with a "Korean" link to the Korean home page.
YNA_PAGE = """<!DOCTYPE html>
<!-- origin: built for bench_original_link.py in the markup of the real Yonhap English page ../shared/bench/sites/pages/yonhap_en_AEN20190820002300325.html; case {name} -->
<html lang="en"><head><meta charset="utf-8">
<title>Gov't to expand support for small businesses | Yonhap News Agency</title>
<link rel="canonical" id="canonical" href="{url}">
<meta property="og:url" content="{url}">
{head}
</head><body>
<div id="header"><div id="langMenu" class="lang-menu"><button type="button" class="btn-lang"><span>English</span></button>
<menu class="list">
<li class="ko"><a href="{ko_switch}" lang="ko"><span>한국어</span></a></li>
<li class="zh"><a href="//cn.yna.co.kr/" lang="zh"><span>中文</span></a></li>
<li class="ja"><a href="//jp.yna.co.kr/" lang="ja"><span>日本語</span></a></li>
</menu></div></div>
<header class="title-article01"><h1 class="tit">Gov't to expand support for small businesses</h1>
<div class="info-box"><div class="info-con"><span class="txt"><strong><a href="{en_home}national">National</a></strong> 09:31 June 11, 2024</span></div>
{top}
</div></header>
<div class="view-body"><div class="sub-content"><article class="story-news">
<p> SEOUL, June 11 (Yonhap) -- {body}</p>
{inbody}
</article>
<div class="keyword-zone01"><strong class="tit">Keywords</strong><div class="list"><span class="tag"><a href="{en_home}search/index?query=loans">#loans</a></span></div></div>
{related}
</div></div>
<footer id="footer"><nav class="fnb"><p><a href="{en_home}news">All News</a></p><p><a href="{ko_home}" title="Korean">한국어</a></p></nav></footer>
</body></html>
"""

# The Hankyoreh: the Korean page's structure (../shared/bench/sites/pages/hani_ko_761484.html:
# div.article-head with h4 span.title and p.date-time, div.article-text > div.text, the
# article tools, the photo-list of section stories) with the English edition's furniture as a
# reader sees it in the seed article (../shared/seed): "Posted on", the caption printed twice,
# the byline, the contact line, the button to the original, "Related stories".
HANI_PAGE = """<!DOCTYPE html>
<!-- origin: built for bench_original_link.py in the markup of the real Hankyoreh page ../shared/bench/sites/pages/hani_ko_761484.html, with the English edition's furniture as ../shared/seed/000_51b14e41d01b131f.txt shows it; case {name} -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Gov't to expand support for small businesses : National : News : The Hankyoreh</title>
<link rel="canonical" href="{url}">
<meta property="og:url" content="{url}">
{head}
</head><body>
<div id="header"><h1 class="logo"><a href="{en_home}">The Hankyoreh</a></h1>
<ul class="gnb"><li><a href="{en_home}arti/english_edition/e_national/">National</a></li><li><a href="{ko_switch}">한국어</a></li></ul></div>
<div class="article-head" id="article_view_headline"><h4><span class="title">Gov't to expand support for small businesses</span></h4>
<p class="date-time"><span><em>Posted on :</em>2024-06-11 16:51 KST</span></p>{top}</div>
<div class="article-body type01"><div class="article-tools"><ul class="tools"><li class="tool-print" title="Print"><a href="/arti/PRINT/1144501.html"><span class="blind">Print</span></a></li></ul></div>
<div class="article-text"><div class="article-text-font-size">
<div class="image-area"><div class="image"><img src="/img/1.jpg" alt="Shops in Seoul on June 10. (Yonhap)"></div><div class="desc">Shops in Seoul on June 10. (Yonhap)</div></div>
<div class="text">{body}
<p>By Kim Min-ji, staff reporter</p>
<p>Please direct questions or comments to [english@hani.co.kr]</p>
{inbody}
</div></div></div></div>
{related}
<div id="footer"><p>Copyright The Hankyoreh</p></div>
</body></html>
"""

TEMPLATES = {"yna": YNA_PAGE, "hani": HANI_PAGE}


def related_list(pub: Publisher, n: int, words: tuple[str, ...] = ()) -> str:
    titles = list(words) or ["Exports rise for 9th month", "Rain expected in south", "Court rules on labor case"]
    items = "".join(f'<li><a href="{pub.en_article.format(n=n + i + 1)}">{html.escape(t)}</a></li>' for i, t in enumerate(titles))
    return f'<div class="photo-list"><h3>Related stories</h3><ul>{items}</ul></div>'


def build(pub: Publisher, template: str, name: str, n: int, *, head: str = "", top: str = "", inbody: str = "",
          related: str | None = None, ko_switch: str | None = None, expected: str | None = None) -> Case:
    url = pub.en_article.format(n=n)
    page = TEMPLATES[template].format(
        name=f"{pub.key}/{name}", url=url, head=head, top=top, inbody=inbody, body=BODY,
        related=related_list(pub, n) if related is None else related,
        ko_switch=ko_switch or pub.ko_home, en_home=pub.en_home, ko_home=pub.ko_home,
    )
    origin = f"{template} markup, {pub.key} URLs"
    return Case(f"{pub.key}/{template}/{name}", origin, url, page, expected)


def built_cases() -> list[Case]:
    cases: list[Case] = []
    n = 30000
    for pub in PUBLISHERS:
        for template in TEMPLATES:
            n += 100
            ko = pub.ko_article.format(k=n + 7000)
            other_ko = [pub.ko_article.format(k=n + 7100 + i) for i in range(3)]
            q = html.escape(ko)
            # positives: one way each of naming the original
            cases += [
                build(pub, template, "hreflang-alternate", n, head=f'<link rel="alternate" hreflang="ko" href="{q}">', expected=ko),
                build(pub, template, "button-text", n + 1, inbody=f'<p class="btn-original"><a href="{q}" target="_blank">Read the original Korean article</a></p>', expected=ko),
                build(pub, template, "button-image-alt", n + 2, inbody=f'<p class="btn-original"><a href="{q}" target="_blank"><img src="/img/btn_original.gif" alt="button that move to original korean article (클릭시 원문으로 이동하는 버튼)"></a></p>', expected=ko),
                build(pub, template, "korean-label-onclick", n + 3, top=f'<button type="button" class="btn-origin" onclick="window.open(\'{q}\')">원문 보기</button>', expected=ko),
                build(pub, template, "title-only", n + 4, top=f'<a href="{q}" title="한국어 기사 보기" class="ico-kor"><span class="blind"></span></a>', expected=ko),
                build(pub, template, "aria-label", n + 5, top=f'<a href="{q}" aria-label="Korean version of this article">KOR</a>', expected=ko),
                build(pub, template, "language-switch-to-article", n + 6, ko_switch=ko, expected=ko),
                build(pub, template, "data-href-read-in-korean", n + 7, top=f'<span role="button" class="read-kor" data-href="{q}">Read in Korean</span>', expected=ko),
                build(pub, template, "bare-link-in-source-line", n + 8, inbody=f'<p class="source">First published on {html.escape(pub.ko_home)} · <a href="{q}">2024-06-11 06:00</a></p>', expected=ko),
            ]
            # negatives: no original named
            self_url = html.escape(pub.en_article.format(n=n + 20))
            cases += [
                build(pub, template, "no-link", n + 10),
                build(pub, template, "hreflang-to-korean-home", n + 11, head=f'<link rel="alternate" hreflang="ko" href="{html.escape(pub.ko_home)}">'),
                build(pub, template, "korean-widget", n + 12, related="<div class=\"ko-news\"><h3>한국어 뉴스</h3><ul>" + "".join(f'<li><a href="{html.escape(u)}">정부, 소상공인 지원 확대</a></li>' for u in other_ko) + "</ul></div>"),
                build(pub, template, "related-headlines-say-korean", n + 13, related=related_list(pub, n + 13, ("Korean version of hit drama tops charts", "Read in Korean: a guide to apps for learners", "Exports rise for 9th month"))),
                build(pub, template, "foreign-original-report", n + 14, inbody='<p>See <a href="https://www.reuters.com/world/asia-pacific/small-business-loans-2024-06-11/">the original report</a>.</p>'),
                build(pub, template, "english-section-link", n + 15, top=f'<a href="{html.escape(pub.en_home)}korean-peninsula">Korean Peninsula</a>'),
                build(pub, template, "self-link-named-korean", n + 20, head=f'<link rel="alternate" hreflang="ko" href="{self_url}">', inbody=f'<p><a href="{self_url}">Read in Korean</a></p>'),
            ]
    return cases


def real_negatives() -> list[Case]:
    out = []
    truth_path = SHARED / "extract" / "ground-truth.json"
    if truth_path.exists():
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        for pid, entry in sorted(truth.items()):
            page = SHARED / "extract" / "pages" / f"{pid}.html"
            if page.exists():
                out.append(Case(f"extract/{pid[:12]}", "real page (article-extraction-benchmark)", entry.get("url") or "",
                                page.read_bytes().decode("utf-8", "replace"), None,
                                detect_lang(entry.get("articleBody") or "") or "mixed"))
    manifest = SHARED / "sites" / "manifest.json"
    if manifest.exists():
        for entry in json.loads(manifest.read_text(encoding="utf-8")):
            if entry.get("lang") == "en":
                page = SHARED / "sites" / entry["file"]
                out.append(Case(f"sites/{Path(entry['file']).stem}", "real page (bench/sites)", entry.get("url") or "",
                                page.read_bytes().decode("utf-8", "replace"), None))
    return out


# ways of naming the original injected into real pages (never the bare-link rule: these pages
# are not on a host marked English)
INJECTED = [
    ("hreflang", "head", '<link rel="alternate" hreflang="ko" href="{u}">'),
    ("button-text", "body", '<p class="btn-original"><a href="{u}">Read the original Korean article</a></p>'),
    ("korean-label-onclick", "body", "<button type=\"button\" onclick=\"window.open('{u}')\">원문 보기</button>"),
    ("title-only", "body", '<a href="{u}" title="한국어 기사 보기"><span class="icon"></span></a>'),
    ("aria-label", "body", '<a href="{u}" aria-label="Korean version of this article">KOR</a>'),
    ("data-href", "body", '<span role="button" data-href="{u}">Read in Korean</span>'),
]


def injected_positives(negatives: list[Case]) -> list[Case]:
    """The real English pages with one way of naming a Korean original put in (after <head>'s
    opening tag, or after the first </p> of the body): real markup, links and related lists
    around a link the finder has to pick out. Page i gets form i mod 6."""
    out = []
    for i, c in enumerate(n for n in negatives if n.name.startswith("extract/") and n.lang == "en"):
        kind, where, snippet = INJECTED[i % len(INJECTED)]
        target = f"https://www.koreadaily{i % 7}.co.kr/news/articleView.html?idxno={700000 + i}"
        tag = snippet.format(u=html.escape(target))
        page = c.html
        if where == "head" and "<head" in page.lower():
            k = page.lower().index("<head")
            k = page.index(">", k) + 1
        else:
            k = page.find("</p>")
            k = k + 4 if k >= 0 else max(page.lower().find("<body"), 0)
        page = page[:k] + tag + page[k:]
        tree = LexborHTMLParser(page)
        if not any(target in " ".join(v or "" for v in n.attributes.values()) for n in tree.css("link, a, button, span")):
            continue  # the spot was inside a comment or a script: no link was put in the page
        out.append(Case(f"{c.name}/{kind}", c.origin + ", link injected", c.page_url, page, target))
    return out


def run(cases: list[Case], verbose: bool) -> dict:
    tp = fp = fn = tn = 0
    wrong: list[str] = []
    t0 = time.perf_counter()
    for c in cases:
        found = find_original(LexborHTMLParser(c.html), c.page_url or None)
        got = canonical_url(found.url, []) if found else None
        want = canonical_url(c.expected, []) if c.expected else None
        if want and got == want:
            tp += 1
        elif got:
            fp += 1
            if want:
                fn += 1
            wrong.append(f"  false find  {c.name}: {got} ({found.reason}){'' if not want else ' want ' + want}")
        elif want:
            fn += 1
            wrong.append(f"  missed      {c.name}: want {want}")
        else:
            tn += 1
    seconds = time.perf_counter() - t0
    if verbose:
        print("\n".join(wrong))
    return {"pages": len(cases), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "ms_per_page": 1000 * seconds / max(len(cases), 1), "wrong": wrong}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", type=Path, help="save the built pages here (one .html a case)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument(
        "--pages", action="append", type=Path, default=[], metavar="DIR",
        help="also a folder of real pages that name no Korean original (repeatable): e.g. OUT/pages of "
             "scripts/readability_pages.py, or tests/cache of a trafilatura checkout",
    )  # fmt: skip
    args = ap.parse_args()
    built = built_cases()
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for c in built:
            (args.write / (c.name.replace("/", "__") + ".html")).write_text(c.html, encoding="utf-8")
    pos = sum(c.expected is not None for c in built)
    print(f"built pages: {len(built)} ({pos} with an original, {len(built) - pos} without)")
    r = run(built, args.verbose)
    print(f"  precision {r['precision']:.3f}  recall {r['recall']:.3f}  (tp {r['tp']}, fp {r['fp']}, fn {r['fn']}, tn {r['tn']}); {r['ms_per_page']:.2f} ms/page")
    by_kind: dict[str, list[int]] = {}
    for c in built:
        kind = c.name.split("/")[-1]
        by_kind.setdefault(kind, [0, 0])[1] += 1
    for line in r["wrong"]:
        kind = line.split(":")[0].split("/")[-1]
        by_kind.setdefault(kind, [0, 0])[0] += 1
    print("  wrong by case:", ", ".join(f"{k} {w}/{t}" for k, (w, t) in sorted(by_kind.items()) if w) or "none")
    real = real_negatives()
    if real:
        rr = run(real, args.verbose)
        print(f"real pages without a Korean original: {rr['pages']}; false finds {rr['fp']}; {rr['ms_per_page']:.2f} ms/page")
        inj = injected_positives(real)
        ri = run(inj, args.verbose)
        print(f"the same real pages with one link to an original put in: {ri['pages']} (of {sum(n.name.startswith('extract/') and n.lang == 'en' for n in real)} English ones: the others' first </p> is in a comment or script); precision {ri['precision']:.3f}  recall {ri['recall']:.3f}  (tp {ri['tp']}, fp {ri['fp']}, fn {ri['fn']})")
    else:
        print("real negatives: ../shared/bench absent, skipped")
    for folder in args.pages:
        pages = sorted(folder.glob("*.htm*"))
        if not pages:
            raise SystemExit(f"{folder}: no .html pages")
        cases = [Case(f"{folder.name}/{p.stem[:30]}", f"real page ({folder})", "", p.read_bytes().decode("utf-8", "replace"), None)
                 for p in pages]
        rf = run(cases, args.verbose)
        # a page that declares its Korean version (hreflang) names a Korean page of its own: a
        # translation on a localised site, a separately written article on Wikipedia
        declared = sum("hreflang" in line for line in rf["wrong"])
        print(f"real pages of {folder}: {rf['pages']}; links found {rf['fp']} ({declared} of them a Korean version the "
              f"page declares with hreflang); {rf['ms_per_page']:.2f} ms/page")


if __name__ == "__main__":
    main()
