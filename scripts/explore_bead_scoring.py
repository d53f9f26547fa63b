#!/usr/bin/env python3
"""Exploration (issue 3): how far can the bead score go with the signals the aligner has?

Not the aligner: an offline model of its final search. For every document of the bench sets,
every bead in the band around the aligner's rough path gets a feature vector computed from
*encoded* windows (every window of up to 4 sentences is sent to the encoder, about 8.6x the
text, far over the aligner's time budget), and an exact DP over those beads finds the best
path for a weight vector. It answers "is this signal worth building?" before building it.

    .venv/bin/python scripts/explore_bead_scoring.py hand       # the aligner's weights, as features
    .venv/bin/python scripts/explore_bead_scoring.py split      # + split evidence (pieces.py)
    .venv/bin/python scripts/explore_bead_scoring.py learned    # weights fitted by coordinate ascent,
                                                                # on all sets and leaving one set out
    .venv/bin/python scripts/explore_bead_scoring.py lexical    # + IBM Model 1 coverage (third round)
    .venv/bin/python scripts/explore_bead_scoring.py quotes     # + quotation balance (third round)

Encoding every window takes minutes; `--cache FILE` keeps the encoder's outputs between runs.
"""

from __future__ import annotations

import argparse
import math
import pickle
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from numba import njit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_align import BENCH, load_set  # noqa: E402

from align.sentalign import AlignSettings  # noqa: E402
from align.sentalign.aligner import _doc_log_ratio, _initial_delta, _params, clean_lines, embed_side, fit_params, rough_path  # noqa: E402
from align.sentalign.anchors import anchor_sets  # noqa: E402
from align.sentalign.band import band_around  # noqa: E402
from align.sentalign.features import Side, band_features  # noqa: E402
from align.sentalign.pieces import PieceStore  # noqa: E402
from align.sentalign.search import P_LENSIGMA, P_LENWEIGHT, P_LOGRATIO, P_SIMLOC, P_SIMSCALE  # noqa: E402
from align.sentalign.windows import WindowStore  # noqa: E402

SETS = ["ko-en-park-dev", "de-fr-textberg-dev", "zh-en-mac-dev"]


class CachedEncoder:
    """The shipped encoder, with its outputs kept in a pickle between runs (optional)."""

    def __init__(self, path):
        self.path = Path(path) if path else None
        self.cache = pickle.loads(self.path.read_bytes()) if self.path and self.path.exists() else {}
        self.inner = None

    def encode(self, texts):
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            if self.inner is None:
                from align.embed import get_encoder

                self.inner = get_encoder()
            self.cache.update(zip(missing, self.inner.encode(missing)))
        if not texts:
            return np.zeros((0, 512), np.float32)
        return np.stack([self.cache[t] for t in texts])

    def save(self):
        if self.path:
            self.path.write_bytes(pickle.dumps(self.cache))


MAXS = 4; MAXT = 4; MAXTOT = 5
TYPES = [(1,0),(0,1)] + [(a,b) for a in range(1,MAXS+1) for b in range(1,MAXT+1) if a+b<=MAXTOT]
# bead types that mirror each other (1-2 and 2-1) share their weights
GROUPS = {(a, b): (min(a, b), max(a, b)) for a, b in TYPES if a and b}
GNAMES = sorted(set(GROUPS.values()))
def fidx():
    names = []
    for g in GNAMES: names.append(f"bias{g}")
    for g in GNAMES: names.append(f"z{g}")
    names += ["len11", "lenmn", "anchor", "drop1", "minc", "nullbias", "nullbest", "nulllen", "nullbest_neg", "nullhinge", "split", "nosplit", "splitgain"]
    return names
FN = fidx(); F = {n:i for i,n in enumerate(FN)}; NF = len(FN)

def doc_candidates(src, tgt, gold, enc, cfg):
    s, t = clean_lines(src), clean_lines(tgt)
    n, m = len(s), len(t)
    sv = embed_side(s, enc, 2000); tv = embed_side(t, enc, 2000)
    sa, ta = anchor_sets(s, t)
    S_ = Side(sv, np.array([len(x) for x in s], float), sa, 0.5)
    T_ = Side(tv, np.array([len(x) for x in t], float), ta, 0.5)
    rp = _params(cfg, delta=_initial_delta(cfg), log_ratio=_doc_log_ratio(S_, T_), len_sigma=1.0); rp[P_LENWEIGHT]=0
    path = rough_path(S_, T_, cfg, rp)
    lo, hi = band_around(path, n, m, cfg.radius)
    feats = band_features(S_, T_, lo, hi, MAXS, MAXT, 0, None)
    params = fit_params(S_, T_, feats, path, cfg)
    loc, scale, lr, sig = params[P_SIMLOC], params[P_SIMSCALE], params[P_LOGRATIO], params[P_LENSIGMA]
    # every window encoded (the aligner's own stores), and the pieces of every sentence
    wins_s, wins_t = WindowStore(s, sv, MAXS, 2000), WindowStore(t, tv, MAXT, 2000)
    wins_s.add_all(enc)
    wins_t.add_all(enc)
    pieces_s, pieces_t = PieceStore(s), PieceStore(t)
    pieces_s.ensure([(i, k) for i in range(n) for k in range(2, MAXT + 1)], enc, budget=float("inf"))
    pieces_t.ensure([(j, k) for j in range(m) for k in range(2, MAXS + 1)], enc, budget=float("inf"))

    def z(e1, k1, e2, k2):
        return (float(wins_s.vecs[wins_s.ids[k1, e1]] @ wins_t.vecs[wins_t.ids[k2, e2]]) - loc) / scale

    cs = np.concatenate([[0],np.cumsum([len(x) for x in s])]); ct = np.concatenate([[0],np.cumsum([len(x) for x in t])])
    # best nearby z per sentence
    S = feats["S"]; qlo = feats["qlo"]
    cols = qlo[:,None]+np.arange(S.shape[1])[None,:]; valid = cols < m
    Z = (np.where(valid, S, -np.inf)-loc)/scale
    best_s = Z.max(axis=1); best_t = np.full(m, -np.inf); np.maximum.at(best_t, cols[valid], Z[valid])
    med_s = np.median([len(x) for x in s]); med_t = np.median([len(x) for x in t])
    cell = {}
    for i in range(n+1):
        for j in range(lo[i], hi[i]+1):
            cell[(i,j)] = len(cell)
    gold_set = {(tuple(b.src), tuple(b.tgt)) for b in gold}
    rows = []  # (cell, prevcell, type, isgold, feats)
    for i in range(n+1):
        for j in range(lo[i], hi[i]+1):
            for ti,(a,b) in enumerate(TYPES):
                pi, pj = i-a, j-b
                if (pi,pj) not in cell: continue
                f = np.zeros(NF)
                if a == 0 or b == 0:
                    if a: bz, L, med = best_s[i-1], len(s[i-1]), med_s
                    else: bz, L, med = best_t[j-1], len(t[j-1]), med_t
                    bz = bz if np.isfinite(bz) else 0.0
                    f[F["nullbias"]] = 1; f[F["nullbest"]] = max(bz,0); f[F["nullbest_neg"]] = min(bz,0); f[F["nullhinge"]] = max(bz-0.5,0); f[F["nulllen"]] = math.log((L+1)/(med+1))
                else:
                    g = GROUPS[(a,b)]
                    zz = z(i,a,j,b)
                    f[F[f"bias{g}"]] = 1; f[F[f"z{g}"]] = zz
                    x = (math.log(ct[j]-ct[j-b]+1) - math.log(cs[i]-cs[i-a]+1) - lr)/sig
                    f[F["len11" if a+b==2 else "lenmn"]] = -0.5*x*x
                    A = set().union(*sa[i-a:i]); B = set().union(*ta[j-b:j])
                    if A and B: f[F["anchor"]] = 2*len(A&B)/(len(A)+len(B)) - 0.5
                    if a+b > 2:
                        subs = []
                        if a > 1: subs += [z(i-1,a-1,j,b), z(i,a-1,j,b)]
                        if b > 1: subs += [z(i,a,j-1,b-1), z(i,a,j,b-1)]
                        f[F["drop1"]] = zz - max(subs)
                        mc = []
                        if a > 1: mc += [z(p+1,1,j,b) for p in range(i-a,i)]
                        if b > 1: mc += [z(i,a,q+1,1) for q in range(j-b,j)]
                        f[F["minc"]] = min(mc)
                        if a == 1 or b == 1:
                            if a == 1:
                                sp = pieces_s.split_score(i - 1, tv[j - b : j], loc, scale)
                            else:
                                sp = pieces_t.split_score(j - 1, sv[i - a : i], loc, scale)
                            if np.isnan(sp):  # too few cut points
                                f[F["nosplit"]] = 1
                            else:
                                f[F["split"]] = sp
                                f[F["splitgain"]] = sp - zz
                isg = (tuple(range(i-a,i)), tuple(range(j-b,j))) in gold_set
                rows.append((cell[(i,j)], cell[(pi,pj)], ti, isg, f, (i, a, j, b)))
    C = np.array([r[0] for r in rows]); P = np.array([r[1] for r in rows]); T = np.array([r[2] for r in rows]); G = np.array([r[3] for r in rows]); X = np.stack([r[4] for r in rows])
    B = np.array([r[5] for r in rows])
    return dict(C=C, P=P, T=T, G=G, X=X, B=B, ncell=len(cell), ngold=len(gold), s=s, t=t)

@njit(cache=True)
def dp(C, P, V, ncell):
    best = np.full(ncell, -1e30); arg = np.full(ncell, -1, np.int64); best[0] = 0.0
    for k in range(C.shape[0]):
        v = best[P[k]] + V[k]
        if v > best[C[k]]:
            best[C[k]] = v; arg[C[k]] = k
    # trace
    out = []
    c = ncell-1
    while c != 0:
        k = arg[c]; out.append(k); c = P[k]
    return np.array(out[::-1], np.int64)

def decode(d, w):
    return dp(d["C"], d["P"], d["X"] @ w, d["ncell"])

def oracle(d):
    return dp(d["C"], d["P"], d["G"].astype(float) - 1e-3, d["ncell"])

def f1(docs, w):
    hit = npred = ngold = 0
    for d in docs:
        k = decode(d, w); hit += d["G"][k].sum(); npred += len(k); ngold += d["ngold"]
    p, r = hit/npred, hit/ngold
    return 2*p*r/(p+r)

def train(docs, epochs=15, w0=None, lr=1.0, seed=0):
    rng = np.random.default_rng(seed)
    w = np.zeros(NF) if w0 is None else w0.copy(); wsum = np.zeros(NF); cnt = 0
    orc = [d["X"][oracle(d)].sum(0) for d in docs]
    for ep in range(epochs):
        for idx in rng.permutation(len(docs)):
            d = docs[idx]
            k = decode(d, w)
            w += lr*(orc[idx] - d["X"][k].sum(0))
            wsum += w; cnt += 1
    return wsum/cnt

def build(cache, cfgd=None):
    cfg = AlignSettings(**(cfgd or {}))
    enc = CachedEncoder(cache)
    out = {}
    for name in SETS:
        out[name] = [doc_candidates(s, t, g, enc, cfg) for s, t, g in load_set(BENCH / name)]
    enc.save()
    return out


def handw():
    w = np.zeros(NF)
    for (a,b), g in GROUPS.items():
        sc = 1.0 if a+b==2 else (0.5*(a+b))**0.5
        w[F[f"bias{g}"]] = sc*0.2 - 0.1*(a+b-2); w[F[f"z{g}"]] = sc
    w[F["len11"]] = 0.1; w[F["lenmn"]] = 0.1*1.3; w[F["anchor"]] = 0.1*1.2; w[F["nullhinge"]] = -0.3
    return w

def score(data, w, sets):
    return np.mean([f1(data[n], w) for n in sets])
def coord(data, sets, w0, rounds=4, steps=(-0.3,-0.1,-0.03,0.03,0.1,0.3), freeze=()):
    w = w0.copy(); best = score(data, w, sets)
    for r in range(rounds):
        improved = False
        for k in range(NF):
            if FN[k] in freeze: continue
            for s in steps:
                w2 = w.copy(); w2[k] += s
                sc = score(data, w2, sets)
                if sc > best + 1e-4:
                    best, w, improved = sc, w2, True
        if not improved: break
    return w


# --- third round: signals outside the encoder --------------------------------------------

_HAN = re.compile(r"[\u3400-\u9fff]")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7af]+")
_WORD = re.compile(r"[^\W\d_]+")


def lexical_tokens(sentence, stem):
    """Chinese by character, Korean by a word's first two syllables, Latin words whole or cut to 6."""
    out = []
    for m in _WORD.finditer(sentence.lower()):
        w = m.group()
        if _HAN.search(w):
            out.extend(ch for ch in w if _HAN.match(ch))
        elif _HANGUL_WORD.fullmatch(w):
            out.append(w[:2])
        else:
            out.append(w[:6] if stem else w)
    return out


def ibm1(pairs, iters=5):
    """p(target word | source word) by IBM Model 1's EM, with a NULL source word (None)."""
    t = defaultdict(lambda: 1.0)
    for _ in range(iters):
        count, total = defaultdict(float), defaultdict(float)
        for src, tgt in pairs:
            src = src + [None]
            for w in tgt:
                z = sum(t[(v, w)] for v in src)
                for v in src:
                    c = t[(v, w)] / z
                    count[(v, w)] += c
                    total[v] += c
        t = defaultdict(float, {k: c / total[k[0]] for k, c in count.items()})
    return t


class Coverage:
    """Share of a bead's words (both sides) that have a likely translation on the other side."""

    def __init__(self, pairs, thr):
        fwd, bwd = ibm1(pairs), ibm1([(b, a) for a, b in pairs])
        self.explains_t, self.explains_s = defaultdict(set), defaultdict(set)
        for (v, w), p in fwd.items():
            if v is not None and p >= thr:
                self.explains_t[w].add(v)
        for (w, v), p in bwd.items():
            if w is not None and p >= thr:
                self.explains_s[v].add(w)

    def __call__(self, S, T):
        if not S or not T:
            return 0.0
        Ss, Ts = set(S), set(T)
        hit = sum(1 for w in T if self.explains_t[w] & Ss) + sum(1 for v in S if self.explains_s[v] & Ts)
        return hit / (len(S) + len(T))


def lexical_feature(data, stem, thr):
    """Per set: a translation table fitted on the 1-1 beads of the hand-weight alignment of all
    its documents, then each bead's coverage in document units (typical 1-1 = 1, shifted pairs = 0)."""
    for docs in data.values():
        firsts = []
        for d in docs:
            k = decode(d, handw())
            d["ts"] = [lexical_tokens(x, stem) for x in d["s"]]
            d["tt"] = [lexical_tokens(x, stem) for x in d["t"]]
            firsts.append([(d["B"][q][0] - 1, d["B"][q][2] - 1) for q in k if d["B"][q][1] == 1 and d["B"][q][3] == 1])
        cov = Coverage([(docs[x]["ts"][i], docs[x]["tt"][j]) for x in range(len(docs)) for i, j in firsts[x]], thr)
        for d, one_one in zip(docs, firsts):
            ts, tt, m = d["ts"], d["tt"], len(d["t"])
            typ = np.median([cov(ts[i], tt[j]) for i, j in one_one]) if one_one else 0.5
            unrel = np.median([cov(ts[i], tt[(j + 3) % m]) for i, j in one_one]) if one_one else 0.0
            unit = max(typ - unrel, 0.05)
            col = np.zeros(len(d["B"]))
            for r, (i, a, j, b) in enumerate(d["B"]):
                if a and b:
                    S = [w for p in range(i - a, i) for w in ts[p]]
                    T = [w for q in range(j - b, j) for w in tt[q]]
                    col[r] = (cov(S, T) - unrel) / unit * (0.5 * (a + b)) ** 0.5
            d["extra"] = col


def quote_net(sentence):
    """Quotation marks a sentence opens minus those it closes, and the parity of straight double quotes."""
    net = straight = 0
    for k, ch in enumerate(sentence):
        prev = sentence[k - 1] if k else " "
        nxt = sentence[k + 1] if k + 1 < len(sentence) else " "
        if ch in "“「『«‘":
            net += 1
        elif ch in "”」』»":
            net -= 1
        elif ch == '"':
            straight += 1
        elif ch == "'" and (prev.isspace() or prev in "([—–-:") and not nxt.isspace():
            net += 1
        elif ch in "'’" and (nxt.isspace() or nxt in ")]—–-,.;:") and prev in ".,!?;:—–-…":
            net -= 1
    return net, straight % 2


def quote_feature(data):
    """1 for a bead whose one side is balanced in quotation marks and the other is not."""
    for docs in data.values():
        for d in docs:
            qs, qt = [quote_net(x) for x in d["s"]], [quote_net(x) for x in d["t"]]
            col = np.zeros(len(d["B"]))
            for r, (i, a, j, b) in enumerate(d["B"]):
                if a and b:
                    open_s = sum(q[0] for q in qs[i - a : i]) != 0 or sum(q[1] for q in qs[i - a : i]) % 2
                    open_t = sum(q[0] for q in qt[j - b : j]) != 0 or sum(q[1] for q in qt[j - b : j]) % 2
                    col[r] = float(bool(open_s) != bool(open_t))
            d["extra"] = col


def with_extra(data):
    """The data with the "extra" column appended to every feature vector."""
    return {n: [{**d, "X": np.hstack([d["X"], d["extra"][:, None]])} for d in docs] for n, docs in data.items()}


def table(data, w):
    return " ".join(f"{n} {f1(data[n], w):.3f}" for n in SETS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["hand", "split", "learned", "lexical", "quotes"])
    ap.add_argument("--cache", help="pickle file for the encoder's outputs")
    args = ap.parse_args()
    if not (BENCH / SETS[0] / "gold").is_dir():
        sys.exit(f"{BENCH}: benchmark not available")
    data = build(args.cache)
    print("the aligner's weights:", table(data, handw()))
    if args.mode == "split":
        for v, nv in [(0.0, 0.2), (0.0, 0.3), (0.25, 0.3), (0.3, 0.2), (0.3, 0.4)]:
            w = handw()
            w[F["splitgain"]], w[F["nosplit"]] = v, -nv
            print(f"split weight {v}, no-cut penalty {nv}:", table(data, w))
    if args.mode == "lexical":
        for stem, thr in [(False, 0.1), (False, 0.3), (True, 0.3)]:
            lexical_feature(data, stem, thr)
            extra = with_extra(data)
            for v in (0.1, 0.2, 0.3, 0.5):
                w = np.concatenate([handw(), [v]])
                print(f"coverage ({'words cut to 6' if stem else 'whole words'}, p >= {thr}) weight {v}:", table(extra, w))
    if args.mode == "quotes":
        quote_feature(data)
        extra = with_extra(data)
        for v in (0.05, 0.1, 0.2, 0.3):
            print(f"quotation imbalance penalty {v}:", table(extra, np.concatenate([handw(), [-v]])))
    if args.mode == "learned":
        w = coord(data, SETS, handw())
        print("fitted on all three:", table(data, w))
        for hold in SETS:
            rest = [n for n in SETS if n != hold]
            w = coord(data, rest, handw())
            print(f"fitted without {hold}: {hold} {f1(data[hold], w):.3f} (aligner's weights {f1(data[hold], handw()):.3f});",
                  " ".join(f"{n} {f1(data[n], w):.3f}" for n in rest))


if __name__ == "__main__":
    main()
