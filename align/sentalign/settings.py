"""Settings of the sentence aligner (nothing here is per language pair or per data set)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class AlignSettings:
    max_src: int = 5  # most source sentences in one bead
    max_tgt: int = 5  # most target sentences in one bead
    max_total: int = 7  # most sentences in one bead, both sides together (2-5, 3-4, 4-3, 5-2 fit;
    # a reference a splitter cut in three, or two sentences translated as five, is one bead)
    windows: str = "parts"  # "parts": every window's embedding from per-sentence token sums
    # (align.embed_parts; an encoder without them falls back to "verify"); "estimate": sums of
    # sentence embeddings only; "verify": also encode the windows of uncertain beads; "encode":
    # encode every window (slow, for measuring)
    verify_rounds: int = 3  # verify: encode, search again, until no new window is needed
    verify_budget: float = 1.0  # verify: no new round once windows of this many x the text's characters are encoded
    verify_rivals: bool = False  # verify: also encode the windows one sentence longer than an M-N bead's
    center: float = 0.15  # parts: share of each side's mean embedding taken out before comparing (centering.py)
    window_weight: float = 0.5  # estimate: sentence embeddings weighted by (chars + 1) ** this
    margin: float = 0.0  # weight of the neighbourhood margin (0 = plain cosine; measured no better here)
    margin_mode: str = "neighbours"  # "neighbours": sentences just outside the bead; "knn": CSLS-like
    margin_k: int = 4  # neighbours averaged for the margin
    size_exponent: float = 0.5  # bead value scales with ((a + b) / 2) ** this
    size_penalty: float = 0.1  # per extra sentence in a bead (a prior against large beads)
    length_weight: float = 0.1  # weight of the length term (in cosine units per sd^2 / 2)
    min_length_spread: float = 0.15  # the fitted spread of log length ratios is never taken as less than this
    # (a short document's few 1-1 pairs can give a spread near 0; 0.15 is about +-15% in length)
    length_cap: float = 4.0  # the length term stops growing this many spreads from the document's ratio (0: never)
    anchor_weight: float = 0.1  # weight of shared numbers / names
    glue_penalty: float = 1.0  # cost of a bead that ends at a boundary inside a bracket, where a
    # splitter cut one sentence in two (boundaries.py)
    delta: float | None = -0.2  # quality a sentence must reach to be aligned; None: fitted
    null_weight: float = 0.3  # cost of leaving a sentence out, per unit of its best nearby similarity
    null_free: float = 0.5  # ... above this (0 = unrelated pair, 1 = typical translation)
    # 1-N beads (pieces.py): a cost when the one sentence has fewer than N - 1 clause boundaries
    # to be cut at (free: no encoding), and the weight of the best cut's piece-by-piece match
    # (with windows="parts" the pieces are estimated from the parts, at no encoder cost)
    nosplit_penalty: float = 0.2
    split_weight: float = 0.3
    null_piece_weight: float = 1.0  # parts: an unaligned sentence that matches a piece of a neighbouring
    # sentence on the other side is less likely a deletion (its best piece z counts toward its null cost)
    null_prior: float = 0.0  # weight of the document's own deletion rate: after the first search,
    # leaving a sentence out gains null_prior x log(rate / null_prior_rate), the rate read from the
    # deletions that search was sure of (posterior >= 0.9), shrunk toward null_prior_rate
    null_prior_rate: float = 0.01  # deletions per sentence expected where a document says nothing
    null_rate: float | None = None  # the collection's rate of sure deletions per sentence
    # (aligner.collection_deletion_rate over a first pass), used instead of the document's own
    moved: bool = False  # a second, non-monotonic pass pairs sentences the search left out (moved.py)
    moved_min_score: float = 0.9  # ... a pair is taken when its probability is at least this
    moved_out_level: float = 0.5  # ... staying out weighs as a pair this similar (document units)
    moved_free_floor: float = 0.1  # ... a sentence a bead of score p holds weighs max(1 - p, this) as a
    # rival partner: one a sure bead already explains hardly competes with one left out
    moved_free_margin: float = 0.15  # ... a sentence in a bead is a candidate too when a sentence the
    # other side left out matches it by this much more than its bead does (document units; inf: never)
    cross_weight: float = 0.0  # parts: a 1-1 bead costs this x how much better a piece of one
    # sentence matches a neighbour of its partner than the partner (document units)
    split_budget: float = 0.5  # other window modes: pieces encoded, at most this many x each side's characters
    temperature: float = 0.1  # the path whose beads have the highest expected F1 when every path in
    # the band is weighed by exp(value / temperature) (posterior.py); 0: the path of best value (Viterbi)
    radius: int = 8  # half width of the band around the first-pass path
    full_band_cells: int = 250_000  # search the whole grid when n x m is at most this
    max_chars: int = 2000  # longer sentences are cut to this before encoding

    def __post_init__(self) -> None:
        if self.windows not in ("parts", "estimate", "verify", "encode"):
            raise ValueError(f"windows={self.windows!r}: expected parts, estimate, verify or encode")
        if self.margin_mode not in ("neighbours", "knn"):
            raise ValueError(f"margin_mode={self.margin_mode!r}: expected neighbours or knn")
        for name in ("max_src", "max_tgt", "radius", "margin_k"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name}={getattr(self, name)}: must be at least 1")
        if not 0 < self.moved_free_floor <= 1:
            raise ValueError(f"moved_free_floor={self.moved_free_floor}: must be more than 0 and at most 1")
        if self.moved_free_margin != self.moved_free_margin:
            raise ValueError("moved_free_margin=nan: must be a number (inf: no sentence of a bead is a candidate by it)")
        if self.temperature < 0:
            raise ValueError(f"temperature={self.temperature}: must be 0 (best path) or more")
        if self.max_total < 2:
            raise ValueError(f"max_total={self.max_total}: must be at least 2 (a 1-1 bead)")

    @classmethod
    def from_kwargs(cls, **kw: object) -> AlignSettings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(kw) - known)
        if unknown:
            raise TypeError(f"unknown aligner setting(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        return cls(**cls.derive(kw))  # type: ignore[arg-type]

    @classmethod
    def derive(cls, kw: dict[str, object]) -> dict[str, object]:
        """The settings with their derived values filled in, whatever path they came by (a
        command's option, `--set`, a library call): without an explicit max_total, a bead may
        hold max_src + 1 or max_tgt + 1 sentences at least, so `max_src=8` allows an 8-1 bead."""
        out = dict(kw)
        if "max_total" not in out:
            src, tgt = out.get("max_src", cls.max_src), out.get("max_tgt", cls.max_tgt)
            out["max_total"] = max(cls.max_total, int(src) + 1, int(tgt) + 1)  # type: ignore[call-overload]
        return out

    @classmethod
    def parse(cls, items: Iterable[str]) -> dict[str, object]:
        """Settings from `KEY=VALUE` strings (a command line's), each value read as its field's
        type ("none" for delta: fitted). Raises ValueError naming the item and the problem."""
        types = {f.name: str(f.type) for f in fields(cls)}
        out: dict[str, object] = {}
        for item in items:
            key, sep, value = item.partition("=")
            key, value = key.strip().replace("-", "_"), value.strip()
            if not sep or key not in types:
                raise ValueError(f"{item!r}: expected KEY=VALUE with KEY one of {', '.join(types)}")
            kind = types[key]
            try:
                if value.lower() == "none" and "None" in kind:
                    out[key] = None
                elif kind.startswith("bool"):
                    out[key] = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}[value.lower()]
                elif kind.startswith("int"):
                    out[key] = int(value)
                elif kind.startswith("float"):
                    out[key] = float(value)
                else:
                    out[key] = value
            except (KeyError, ValueError):
                raise ValueError(f"{item!r}: {key} takes a value of type {kind}, not {value!r}") from None
        return out

    def bead_types(self) -> list[tuple[int, int]]:
        types = [(1, 0), (0, 1)]
        for a in range(1, self.max_src + 1):
            for b in range(1, self.max_tgt + 1):
                if a + b <= self.max_total:
                    types.append((a, b))
        return types

    def describe(self) -> str:
        return ",".join(f"{k}={v}" for k, v in asdict(self).items())
