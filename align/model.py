"""The records that flow between stages, and their JSON form.

Every stage reads and writes these as JSON lines (one record a line), so a stage's output can be
inspected with `head`, streamed without loading the whole file, and resumed shard by shard.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .regex_cache import compiled


@dataclass
class Article:
    """One news article as extracted from a page."""

    id: str  # stable: "<site>:<article id on the site>", e.g. "hanbit:1144567"
    lang: str  # "ko" | "en"
    url: str  # canonical URL
    title: str
    date: str | None  # ISO 8601 date or datetime, as the page gives it
    byline: str | None
    paragraphs: list[str]  # body text only, boilerplate removed, in page order
    original_url: str | None = None  # English page: the Korean original it links to (canonical)
    original_id: str | None = None  # English page: the Korean original's article id, if declared
    site: str | None = None  # recipe name that extracted it
    source_path: str | None = None  # where the page came from (file, WARC record, JSONL line)

    def to_json(self) -> dict[str, Any]:
        # asdict's output, field for field in field order, without its generic deep copy (5x slower)
        return {
            "id": self.id, "lang": self.lang, "url": self.url, "title": self.title, "date": self.date,
            "byline": self.byline, "paragraphs": list(self.paragraphs), "original_url": self.original_url,
            "original_id": self.original_id, "site": self.site, "source_path": self.source_path,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Article:
        return cls(**d)


@dataclass
class Skipped:
    """A page, record or row that a stage could not use, and why (never silently lost)."""

    stage: str
    source: str  # file path, URL or pair id
    reason: str  # short machine-readable reason: "not-html", "no-body", "bad-encoding", ...
    detail: str = ""  # plain words for a person

    def to_json(self) -> dict[str, Any]:
        return {"stage": self.stage, "source": self.source, "reason": self.reason, "detail": self.detail}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Skipped:
        return cls(**d)


@dataclass
class ArticlePair:
    """A Korean article and its English version."""

    pair_id: str  # stable, derived from the two article ids
    ko: Article
    en: Article
    method: str  # "link" | "id" | "content"
    score: float  # 1.0 for a link; similarity for content pairing

    def to_json(self) -> dict[str, Any]:
        return {
            "pair_id": self.pair_id,
            "method": self.method,
            "score": self.score,
            "ko": self.ko.to_json(),
            "en": self.en.to_json(),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ArticlePair:
        return cls(
            pair_id=d["pair_id"],
            method=d["method"],
            score=d["score"],
            ko=Article.from_json(d["ko"]),
            en=Article.from_json(d["en"]),
        )


@dataclass(frozen=True)
class Bead:
    """Sentences src[i..] aligned to tgt[j..]; an empty side is an unaligned sentence."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float | None = None
    moved: bool = False  # paired out of order by the aligner's second pass (sentalign.moved)

    @property
    def kind(self) -> str:
        """"1-1", "2-1", "1-0", ... (source count first)."""
        return f"{len(self.src)}-{len(self.tgt)}"

    def to_line(self) -> str:
        """The vecalign/bertalign line: `[0]:[0, 1]:0.8312` (score omitted when None); a moved
        bead ends in `:moved` (`[4]:[9]:0.9731:moved`)."""
        s = f"[{', '.join(map(str, self.src))}]:[{', '.join(map(str, self.tgt))}]"
        s = s if self.score is None else f"{s}:{self.score:.4f}"
        return f"{s}:moved" if self.moved else s

    @classmethod
    def from_line(cls, line: str) -> Bead:
        return parse_bead(line)


_BEAD_RE = compiled(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*([^\s:]+))?\s*(:\s*moved)?\s*$")


def parse_bead(line: str) -> Bead:
    """Parse one bead line; raises ValueError naming the line when it is malformed."""
    m = _BEAD_RE.match(line)
    if not m:
        raise ValueError(f"not a bead line (expected like '[0]:[0, 1]:0.83'): {line.strip()[:80]!r}")

    def idx(s: str) -> tuple[int, ...]:
        return tuple(int(x) for x in s.replace(",", " ").split())

    score_text, moved = m.group(3), m.group(4) is not None
    if score_text == "moved":  # `[1]:[2]:moved`, a moved bead without a score
        score_text, moved = None, True
    try:
        score = float(score_text) if score_text is not None else None
    except ValueError:
        raise ValueError(f"not a bead score: {score_text!r} in {line.strip()[:80]!r}") from None
    return Bead(idx(m.group(1)), idx(m.group(2)), score, moved=moved)


@dataclass
class SegmentedPair:
    """A pair's sentences, as the align stage sees them."""

    pair_id: str
    ko: list[str]
    en: list[str]
    # paragraph index of each sentence (lets the aligner and the viewer respect paragraphs)
    ko_para: list[int] = field(default_factory=list)
    en_para: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SegmentedPair:
        return cls(**d)


@dataclass
class AlignedPair:
    """The beads of one pair (src = Korean, tgt = English)."""

    pair_id: str
    beads: list[Bead]
    aligner: str = ""  # name and settings of the aligner that made them

    def to_json(self) -> dict[str, Any]:
        return {
            "pair_id": self.pair_id,
            "aligner": self.aligner,
            "beads": [[list(b.src), list(b.tgt), b.score] for b in self.beads],
            # the beads paired out of order (sentalign.moved), by position; absent when none
            **({"moved": [k for k, b in enumerate(self.beads) if b.moved]} if any(b.moved for b in self.beads) else {}),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AlignedPair:
        moved = set(d.get("moved", ()))
        return cls(
            pair_id=d["pair_id"],
            aligner=d.get("aligner", ""),
            beads=[Bead(tuple(s), tuple(t), sc, moved=k in moved) for k, (s, t, sc) in enumerate(d["beads"])],
        )


@dataclass
class Row:
    """One candidate row of the corpus: a bead with both sides' text and its provenance.

    Every aligned bead becomes a Row; the filter stage sets `kept` and `reason`, and dropped rows
    are kept in the unfiltered output with the reason, never silently lost.
    """

    pair_id: str
    ko: str
    en: str
    ko_idx: list[int]
    en_idx: list[int]
    score: float
    ko_article_id: str
    en_article_id: str
    ko_url: str
    en_url: str
    date: str | None
    pair_method: str
    kept: bool = True
    reason: str = ""  # filter verdict when dropped: "empty", "copied", "wrong-language", ...
    moved: bool = False  # the aligner paired these sentences out of order (a moved sentence)

    @property
    def bead(self) -> str:
        return Bead(tuple(self.ko_idx), tuple(self.en_idx)).to_line()

    @property
    def bead_type(self) -> str:
        return f"{len(self.ko_idx)}-{len(self.en_idx)}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Row:
        return cls(**d)


def dumps(record: Any) -> str:
    """One JSON line for a record (a dataclass with to_json, or a plain dict)."""
    obj = record.to_json() if hasattr(record, "to_json") else record
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)
