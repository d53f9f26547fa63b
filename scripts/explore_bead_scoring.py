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

Encoding every window takes minutes; `--cache FILE` keeps the encoder's outputs between runs.
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
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
                rows.append((cell[(i,j)], cell[(pi,pj)], ti, isg, f))
    C = np.array([r[0] for r in rows]); P = np.array([r[1] for r in rows]); T = np.array([r[2] for r in rows]); G = np.array([r[3] for r in rows]); X = np.stack([r[4] for r in rows])
    return dict(C=C, P=P, T=T, G=G, X=X, ncell=len(cell), ngold=len(gold))

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


def table(data, w):
    return " ".join(f"{n} {f1(data[n], w):.3f}" for n in SETS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["hand", "split", "learned"])
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
