"""Build the sample corpus's saved pages and gold files from the article sources.

The articles in `articles/*.txt` were written for this project (see LICENSE.txt). Each source holds
one Korean article and/or its English version, sentence by sentence, with every English
sentence annotated by the Korean sentence indices it translates (`2 3 | ...` for a merge,
the same index on two lines for a split, `- | ...` for a sentence added in English; a Korean
index that no English line names was dropped by the translator). From them this script writes

  pages/<site>/<lang>/<id>.html   the pages as a browser's "save page as" keeps them
  gold/src/<pair_id>.txt, gold/tgt/<pair_id>.txt   Korean / English, one sentence a line, in page order
  gold/beads/<pair_id>.txt         one bead a line (`[0]:[0, 1]`, Korean first, 0-based)
  MANIFEST.md                      what each page is and what it tests

Run it again after editing a source: `python corpora/sample/make_pages.py`.
The pages imitate two bilingual Korean news sites (reserved `.example` domains): "hanbit",
laid out like the Hankyoreh and its English edition, and "seoulpost", laid out like a wire
service (JSON-LD, figure/figcaption, ad slots, a dateline, a hreflang link to the original).
"""

from __future__ import annotations

import html
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
PAGES = HERE / "pages"
GOLD = HERE / "gold"


# ---------------------------------------------------------------- sources


@dataclass
class Side:
    title: str = ""
    subtitle: str = ""
    paragraphs: list[list[str]] = field(default_factory=list)  # sentences per paragraph
    links: list[list[tuple[int, ...]]] = field(default_factory=list)  # en only: ko indices per sentence

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p]


@dataclass
class Source:
    name: str
    meta: dict[str, str]
    ko: Side | None
    en: Side | None
    path: Path

    def __getitem__(self, key: str) -> str:
        return self.meta[key]

    def get(self, key: str, default: str = "") -> str:
        return self.meta.get(key, default)


def parse_source(path: Path) -> Source:
    """One article source; raises ValueError naming the file and line when it is malformed."""
    meta: dict[str, str] = {}
    sides: dict[str, Side] = {}
    current: Side | None = None
    lang = None
    new_para = True
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = unicodedata.normalize("NFC", raw.rstrip())

        def fail(msg: str, lineno: int = lineno) -> None:
            raise ValueError(f"{path}:{lineno}: {msg}")

        if line.startswith("=== "):
            lang = line[4:].strip()
            current = sides.setdefault(lang, Side())
            new_para = True
            continue
        if current is None:
            if line and not line.startswith("#"):
                key, sep, value = line.partition(":")
                if not sep:
                    fail("expected 'key: value'")
                meta[key.strip()] = value.strip()
            continue
        if not line.strip():
            new_para = True
            continue
        if line.startswith("## "):
            current.subtitle = line[3:].strip()
            continue
        if line.startswith("# "):
            current.title = line[2:].strip()
            continue
        label, sep, text = line.partition(" | ")
        if not sep:
            fail("expected 'INDEX | sentence'")
        if new_para:
            current.paragraphs.append([])
            current.links.append([])
            new_para = False
        current.paragraphs[-1].append(text.strip())
        if lang == "ko":
            expected = len(current.sentences) - 1
            if label.strip() != str(expected):
                fail(f"Korean sentences must be numbered in order: expected {expected}, got {label!r}")
            current.links[-1].append((expected,))
        else:
            idx = () if label.strip() == "-" else tuple(int(x) for x in label.split())
            current.links[-1].append(idx)
    return Source(meta.get("name", path.stem), meta, sides.get("ko"), sides.get("en"), path)


def load_sources() -> list[Source]:
    return [parse_source(p) for p in sorted(ARTICLES.glob("*.txt"))]


# ---------------------------------------------------------------- gold


def gold_beads(src: Source) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Monotonic beads from the English annotations; raises ValueError if they cross."""
    assert src.ko and src.en
    n_ko = len(src.ko.sentences)
    en_links = [ln for para in src.en.links for ln in para]
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    next_ko = 0
    j = 0
    while j < len(en_links):
        ko = en_links[j]
        if not ko:
            beads.append(((), (j,)))
            j += 1
            continue
        if ko[0] < next_ko or list(ko) != list(range(ko[0], ko[-1] + 1)):
            raise ValueError(f"{src.path}: English sentence {j} breaks monotonic order (Korean {ko})")
        while next_ko < ko[0]:  # Korean sentences the translator dropped
            beads.append(((next_ko,), ()))
            next_ko += 1
        en = [j]
        while j + 1 < len(en_links) and en_links[j + 1] == ko:  # one Korean sentence split in two
            j += 1
            en.append(j)
        beads.append((ko, tuple(en)))
        next_ko = ko[-1] + 1
        j += 1
    while next_ko < n_ko:
        beads.append(((next_ko,), ()))
        next_ko += 1
    return beads


def bead_line(ko: tuple[int, ...], en: tuple[int, ...]) -> str:
    return f"[{', '.join(map(str, ko))}]:[{', '.join(map(str, en))}]"


# ---------------------------------------------------------------- text styles


def smart_quotes(text: str) -> str:
    """Typographic quotes, as the hanbit English edition prints them."""
    out = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        if ch == '"':
            out.append("\u201c" if prev in " ([\u2014" else "\u201d")
        elif ch == "'":
            out.append("\u2018" if prev in " ([\u2014" else "\u2019")
        else:
            out.append(ch)
    return "".join(out)


def styled(src: Source, lang: str, text: str) -> str:
    return smart_quotes(text) if (src["site"], lang) == ("hanbit", "en") else text


def page_paragraphs(src: Source, lang: str) -> list[str]:
    """The body paragraphs exactly as the page prints them (what extraction must give back)."""
    side = src.ko if lang == "ko" else src.en
    assert side is not None
    return [" ".join(styled(src, lang, s) for s in para) for para in side.paragraphs]


def page_sentences(src: Source, lang: str) -> list[str]:
    side = src.ko if lang == "ko" else src.en
    assert side is not None
    return [styled(src, lang, s) for s in side.sentences]


# ---------------------------------------------------------------- URLs


def page_url(src: Source, lang: str) -> str:
    site, i = src["site"], src[f"{lang}_id"]
    if site == "hanbit":
        if lang == "ko":
            return f"https://www.hanbit.example/arti/{src['ko_section']}/{i}.html"
        return f"https://english.hanbit.example/arti/english_edition/{src['en_section']}/{i}.html"
    if lang == "ko":
        return f"https://news.seoulpost.example/article/{i}"
    return f"https://en.seoulpost.example/news/articleView.html?idxno={i}"


def saved_from_url(src: Source, lang: str, k: int) -> str:
    """The address bar at save time: sometimes with the tracking query the visitor arrived by."""
    url = page_url(src, lang)
    if src["site"] == "seoulpost" and lang == "en" and k % 2 == 0:
        return url + "&utm_source=newsletter&utm_medium=email"
    if src["site"] == "hanbit" and k % 3 == 1:
        return url + "?_fr=mt1"
    return url


def original_href(src: Source, k: int) -> str:
    """How the English page writes the link to its Korean original (varied, as sites do)."""
    if "en_original" in src.meta:
        return src["en_original"]
    canonical = page_url(src, "ko")
    if src["site"] == "hanbit":
        variants = [
            canonical.replace("https://", "http://") + "?_fr=en",
            canonical.replace("www.hanbit.example", "m.hanbit.example"),
            canonical.replace("https://www.", "http://"),
            canonical + "#article",
        ]
        return variants[k % len(variants)]
    return canonical.replace("https://news.", "https://m.news.") + "?ref=en"


def saved_comment(url: str) -> str:
    return f"<!-- saved from url=({len(url):04d}){url} -->"


# ---------------------------------------------------------------- hanbit layout

HANBIT_NAV_KO = ["정치", "경제", "사회", "국제", "문화", "스포츠", "오피니언"]
HANBIT_NAV_EN = ["North Korea", "Politics", "Business", "National", "International", "Entertainment", "Sports", "Opinion"]


def e(text: str) -> str:
    return html.escape(text, quote=True)


def hanbit_related(others: list[Source], lang: str, me: Source) -> str:
    items = [o for o in others if o is not me and o["site"] == "hanbit" and getattr(o, lang)][:3]
    lis = "\n".join(
        f'        <li><a href="{e(page_url(o, lang))}">{e(styled(o, lang, getattr(o, lang).title))}</a></li>'
        for o in items
    )
    return lis


def hanbit_page(src: Source, lang: str, k: int, others: list[Source], cut: bool = False) -> str:
    side = src.ko if lang == "ko" else src.en
    assert side is not None
    url = page_url(src, lang)
    charset = src.get(f"{lang}_charset", "utf-8")
    date = src[f"{lang}_date"]
    title = styled(src, lang, side.title)
    subtitle = styled(src, lang, side.subtitle)
    caption = src.get(f"caption_{lang}")
    paras = page_paragraphs(src, lang)
    site_name = "한빛" if lang == "ko" else "Hanbit English Edition"
    nav = HANBIT_NAV_KO if lang == "ko" else HANBIT_NAV_EN
    nav_html = "\n".join(f'          <li><a href="/arti/{i}">{e(n)}</a></li>' for i, n in enumerate(nav))
    head = _hanbit_head(src, lang, url, title, charset) + _hanbit_top(site_name, nav_html, title, subtitle, date, lang)
    body: list[str] = []
    if lang == "en":
        body.append(f'      <p class="date-time">Posted on : {date} KST Modified on : {date} KST</p>')
    if caption:
        body.append(
            '      <div class="image-area"><div class="image">'
            f'<img src="https://img.hanbit.example/data/{src[lang + "_id"]}_20.jpg" alt="{e(caption)}" width="640"></div>'
            f'\n        <div class="desc">{e(styled(src, lang, caption))}</div></div>'
        )
        if src.get("caption_twice") == "yes":
            body.append(f"      <p>{e(styled(src, lang, caption))}</p>")
    for i, p in enumerate(paras):
        tag = '<p class="text">' if lang == "ko" else "<p>"
        body.append(f"      {tag}{e(p)}</p>")
        if lang == "en" and i < len(paras) - 1:
            body.append("      <p>&nbsp;</p>")
    if cut:
        body[-1] = body[-1][: -len("</p>")]
        return "\n".join(head + body) + "\n"
    if lang == "ko":
        email = e(src["ko_email"])
        body.append(f'      <p class="text">{e(src["ko_reporter"])} 기자 <a href="mailto:{email}">{email}</a></p>')
    else:
        body.append(f"      <p>By {e(src['en_reporter'])}, staff reporter</p>")
        body.append("      <p>Please direct questions or comments to [english@hanbit.example]</p>")
        body.append(
            f'      <p class="btn-original"><a href="{e(original_href(src, k))}" target="_blank">'
            "button that move to original korean article (클릭시 원문으로 이동하는 버튼)</a></p>"
        )
    related_head = "관련기사" if lang == "ko" else "Related stories"
    viewed_head = "많이 본 기사" if lang == "ko" else "Most viewed articles"
    copyright_line = (
        "ⓒ 한빛미디어: 무단 전재 및 재배포, AI 학습 이용 금지"
        if lang == "ko"
        else "Copyright © Hanbit Media. All rights reserved."
    )
    rel = hanbit_related(others, lang, src)
    tail = f"""    </div>
    <div class="article-copyright">{e(copyright_line)}</div>
    <div class="related-articles">
      <h4>{related_head}</h4>
      <ul>
{rel}
      </ul>
    </div>
  </div>
  <aside class="most-viewed">
    <h4>{viewed_head}</h4>
    <ol>
{rel.replace("<li>", '<li class="rank">')}
    </ol>
  </aside>
</div>
<footer id="footer">
  <p>{e(site_name)} | 서울시 마포구 한빛로 00 | Tel. 02-000-0000</p>
  <p>{e(copyright_line)}</p>
</footer>
<script src="https://static.hanbit.example/js/common.js"></script>
<script>window.dataLayer = window.dataLayer || []; window.dataLayer.push({{"articleId": "{src[lang + '_id']}"}});</script>
</body>
</html>
"""
    return "\n".join(head + body) + "\n" + tail


def _hanbit_head(src: Source, lang: str, url: str, title: str, charset: str) -> list[str]:
    page_title = f"{title} : {'한빛' if lang == 'ko' else 'National : News : The Hanbit'}"
    return [
        "<!DOCTYPE html>",
        saved_comment(saved_from_url(src, lang, int(src[lang + "_id"]))),
        f'<html lang="{lang}">',
        "<head>",
        f'<meta charset="{charset}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(page_title)}</title>",
        f'<meta property="og:title" content="{e(title)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{e(url)}">',
        f'<link rel="canonical" href="{e(url)}">',
        '<link rel="stylesheet" href="https://static.hanbit.example/css/article.css">',
        "<script>(function(){var s=document.createElement('script');s.async=true;"
        "s.src='https://ads.hanbit.example/loader.js';document.head.appendChild(s);})();</script>",
        "</head>",
    ]


def _hanbit_top(site_name: str, nav_html: str, title: str, subtitle: str, date: str, lang: str) -> list[str]:
    head = [
        "<body>",
        '<header id="header">',
        f'  <div class="logo"><a href="/">{e(site_name)}</a></div>',
        '  <nav class="gnb">',
        "        <ul>",
        nav_html,
        "        </ul>",
        "  </nav>",
        "</header>",
        '<div id="contents">',
        '  <div class="article-area">',
        '    <div class="article-head">',
        f'      <h3 class="title">{e(title)}</h3>',
    ]
    if lang == "ko":
        head.append(f'      <h4 class="subtitle">{e(subtitle)}</h4>')
        head.append(f'      <p class="date-time"><span>등록 :{date}</span> <span>수정 :{date}</span></p>')
    else:
        head.append(f'      <h4 class="subtitle">{e(subtitle)}</h4>')
    head += ["    </div>", '    <div class="article-text">']
    return head


# ---------------------------------------------------------------- seoulpost layout


def seoulpost_page(src: Source, lang: str, k: int, others: list[Source]) -> str:
    side = src.ko if lang == "ko" else src.en
    assert side is not None
    url = page_url(src, lang)
    date = src[f"{lang}_date"]
    caption = src.get(f"caption_{lang}")
    paras = page_paragraphs(src, lang)
    if lang == "ko":
        paras[0] = f"(서울=서울포스트) {src['ko_reporter']} 기자 = " + paras[0]
        author = src["ko_reporter"]
        publisher = "서울포스트"
    else:
        paras[0] = f"{src['en_dateline']} (Seoul Post) -- " + paras[0]
        author = src.get("en_translator", "Seoul Post")
        publisher = "Seoul Post"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": side.title,
        "datePublished": date,
        "dateModified": date,
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": publisher},
        "mainEntityOfPage": url,
    }
    alt = ""
    if lang == "en":
        if src.get("en_link") == "id":
            alt = f'<meta name="seoulpost:original-article-id" content="{e(src["ko_id"])}">'
        else:
            alt = f'<link rel="alternate" hreflang="ko" href="{e(original_href(src, k))}">'
    body: list[str] = []
    if caption:
        body.append(
            '      <figure class="image-zone">'
            f'<img src="https://img.seoulpost.example/photo/{src[lang + "_id"]}.jpg" alt="">'
            f"<figcaption>{e(caption)}</figcaption></figure>"
        )
    for i, p in enumerate(paras):
        body.append(f"      <p>{e(p)}</p>")
        if i == 1:
            ad = "광고" if lang == "ko" else "ADVERTISEMENT"
            body.append(f'      <div class="ad-slot" aria-hidden="true"><span>{ad}</span></div>')
    if lang == "ko":
        body.append(f"      <p>{e(src['ko_email'])}</p>")
        body.append('      <p class="txt-copyright">&lt;저작권자(c) 서울포스트, 무단 전재-재배포, AI 학습 및 활용 금지&gt;</p>')
    else:
        body.append("      <p>(END)</p>")
        body.append(f"      <p>Translated by {e(src.get('en_translator', 'the English desk'))}</p>")
    related = [o for o in others if o is not src and o["site"] == "seoulpost" and getattr(o, lang)][:3]
    rel = "\n".join(
        f'      <li><a href="{e(page_url(o, lang))}">{e(getattr(o, lang).title)}</a></li>' for o in related
    )
    related_head = "관련 기사" if lang == "ko" else "Related Articles"
    shown = date[:16].replace("T", " ")
    time_label = "송고시간" if lang == "ko" else ""
    saved = saved_from_url(src, lang, int(src[lang + "_id"]))
    sections = (("politics", "정치", "Politics"), ("economy", "경제", "Economy"), ("society", "사회", "Society"),
                ("sports", "스포츠", "Sports"))
    menu = "".join(f'<li><a href="/{path}">{ko if lang == "ko" else en}</a></li>' for path, ko, en in sections)
    return f"""<!DOCTYPE html>
{saved_comment(saved)}
<html lang="{lang}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{e(side.title)} | {e(publisher)}</title>
<link rel="canonical" href="{e(url)}">
{alt}
<meta property="og:url" content="{e(url)}">
<meta property="og:title" content="{e(side.title)}">
<meta property="article:published_time" content="{e(date)}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script async src="https://cdn.seoulpost.example/ads/prebid.js"></script>
</head>
<body class="article-view">
<header class="site-header">
  <a class="logo" href="/">{e(publisher)}</a>
  <nav><ul>{menu}</ul></nav>
</header>
<main>
  <article class="story-news">
    <header class="article-header">
      <h1 class="tit">{e(side.title)}</h1>
      <h2 class="sub-tit">{e(side.subtitle)}</h2>
      <p class="update-time" data-published-time="{e(date)}">{time_label} {e(shown)}</p>
    </header>
    <div class="article-body" id="articleWrap">
{chr(10).join(body)}
    </div>
  </article>
  <section class="related-articles">
    <h3>{related_head}</h3>
    <ul>
{rel}
    </ul>
  </section>
  <div class="ad-slot ad-bottom"><span>{"광고" if lang == "ko" else "ADVERTISEMENT"}</span></div>
</main>
<footer class="site-footer">
  <p>{e(publisher)} &copy; 2026. {"무단 전재-재배포 금지" if lang == "ko" else "All rights reserved."}</p>
</footer>
<script>document.querySelectorAll('.ad-slot').forEach(function(n){{n.dataset.ready='1';}});</script>
</body>
</html>
"""


# ---------------------------------------------------------------- a section front (not an article)


def hanbit_section_front(sources: list[Source]) -> str:
    url = "https://english.hanbit.example/arti/english_edition/e_national/"
    items = []
    for s in sources:
        if s["site"] == "hanbit" and s.en is not None:
            items.append(
                f'    <div class="article-list-item"><h4><a href="{e(page_url(s, "en"))}">{e(smart_quotes(s.en.title))}</a></h4>\n'
                f"      <p>{e(smart_quotes(s.en.subtitle))}</p></div>"
            )
    return f"""<!DOCTYPE html>
{saved_comment(url)}
<html lang="en">
<head>
<meta charset="utf-8">
<title>National : News : The Hanbit</title>
<link rel="canonical" href="{url}">
</head>
<body>
<header id="header"><div class="logo"><a href="/">Hanbit English Edition</a></div></header>
<div id="contents">
  <h2 class="section-title">National</h2>
  <div class="section-list">
{chr(10).join(items)}
  </div>
</div>
<footer id="footer"><p>Copyright © Hanbit Media. All rights reserved.</p></footer>
</body>
</html>
"""


# ---------------------------------------------------------------- writing


def pair_id(src: Source) -> str:
    """The pair id `align.pair.link.pair_by_link` gives this pair (gold files are named by it)."""
    site = src["site"]
    return f"{site}-{src['ko_id']}~{site}-{src['en_id']}"


def encode_page(text: str, charset: str) -> bytes:
    # An EUC-KR page holds characters outside EUC-KR (똠): browsers and servers really use
    # CP949 (Microsoft's superset) under the euc-kr label, so the bytes are CP949.
    return text.encode("cp949" if charset.lower() == "euc-kr" else charset)


def build() -> list[str]:
    sources = load_sources()
    written: list[str] = []

    def write(path: Path, data: bytes | str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        written.append(str(path.relative_to(HERE)))

    for k, src in enumerate(sources):
        for lang in ("ko", "en"):
            if getattr(src, lang) is None:
                continue
            if src["site"] == "hanbit":
                text = hanbit_page(src, lang, k, sources, cut=src.get("truncated") == "yes")
            else:
                text = seoulpost_page(src, lang, k, sources)
            charset = src.get(f"{lang}_charset", "utf-8")
            write(PAGES / src["site"] / lang / f"{src[lang + '_id']}.html", encode_page(text, charset))
        if src.ko and src.en and src.get("gold") == "yes":
            pid = pair_id(src)
            # .txt: a file without an extension would be read as a saved page by `align run corpora/sample`
            write(GOLD / "src" / f"{pid}.txt", "\n".join(page_sentences(src, "ko")) + "\n")
            write(GOLD / "tgt" / f"{pid}.txt", "\n".join(page_sentences(src, "en")) + "\n")
            write(GOLD / "beads" / f"{pid}.txt", "\n".join(bead_line(a, b) for a, b in gold_beads(src)) + "\n")
    write(PAGES / "hanbit" / "en" / "e_national.html", hanbit_section_front(sources))
    write(HERE / "MANIFEST.md", manifest(sources))
    return written


def manifest(sources: list[Source]) -> str:
    lines = [
        "# The sample corpus",
        "",
        "Two fictional bilingual Korean news sites on reserved `.example` domains, written for this",
        "project (see `LICENSE.txt`): **hanbit** (laid out like the Hankyoreh and its English edition:",
        "the English page links to its Korean original with a button, prints the photo caption",
        "sometimes twice, a \"Posted on\" line, a byline, a contact line, related stories) and",
        "**seoulpost** (laid out like a wire service: JSON-LD, figure/figcaption, ad slots, a",
        "dateline before the first paragraph, `(END)` and a translator line, and a",
        "`<link rel=\"alternate\" hreflang=\"ko\">` to the original on the *mobile* host with a",
        "tracking query, so URL canonicalisation matters).",
        "",
        "`articles/*.txt` are the sources (sentences, and which Korean sentences each English",
        "sentence translates); `make_pages.py` writes `pages/`, `gold/` and this file from them.",
        "Every page starts with the `<!-- saved from url=... -->` line a browser's \"save page as\"",
        "writes, which is how extraction learns a saved page's address.",
        "",
        "Gold files are named by pair id (`<ko article id>~<en article id>.txt`, `:` written `-`), in the",
        "layout of the alignment benchmarks: `gold/src/` (Korean) and `gold/tgt/` (English) hold the",
        "body sentences one a line as the page prints them, `gold/beads/` one bead a line, Korean",
        "first, 0-based, an empty list for a sentence the other side lacks. To score the aligner on",
        "them: `align sentences --src-dir corpora/sample/gold/src --tgt-dir corpora/sample/gold/tgt",
        "-o /tmp/beads`, then `align evaluate corpora/sample/gold/beads /tmp/beads`.",
        "",
        "| source | site | Korean page | English page | gold | what it tests |",
        "|---|---|---|---|---|---|",
    ]
    for s in sources:
        ko = f"`pages/{s['site']}/ko/{s['ko_id']}.html`" if s.ko else "-"
        en = f"`pages/{s['site']}/en/{s['en_id']}.html`" if s.en else "-"
        if s.ko and s.get("ko_charset"):
            ko += f" ({s['ko_charset']})"
        gold = f"`{pair_id(s)}`" if s.ko and s.en and s.get("gold") == "yes" else "-"
        lines.append(f"| {s.name} | {s['site']} | {ko} | {en} | {gold} | {s.get('topic')}: {s.get('tests')} |")
    lines += [
        "| - | hanbit | - | `pages/hanbit/en/e_national.html` | - | a section front (list of headlines), not an article: "
        "skipped as \"not-article\" |",
        "",
        "30 pages. Expected from `align extract corpora/sample`: 28 articles (12 pairs, 2 English",
        "pages whose original is missing, 2 Korean pages with no English version) and 2 pages",
        "skipped (1 truncated, 1 not-article). Expected from link pairing: the 12 pairs (11 by",
        "link, 1 by declared id), 2 English pages reported \"original-missing\", 2 Korean left over.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    out = build()
    print(f"wrote {len(out)} files under {HERE}", file=sys.stderr)
