#!/usr/bin/python3
"""Temporal aggregation (MAPA, Kourentzes et al. 2014; THieF, Athanasopoulos et al. 2017) as candidate members, screened
with the member priors fitted again for them (fiftieth pass; notebook): nothing kept.

Level k: the non-overlapping bucket means of k consecutive values, in k phase-shifted copies (phase p: buckets ending
at t = p, p + k, ...), each copy with its own fitted exponential-smoothing grid (lowest whole-sample one-step SSE on
the aggregated series). The forecast made at t (of y[t+1]) at level k comes from the copy whose bucket ends at t:
level + φ·trend·frac, frac = (k+1)/(2k) aggregated steps (the bucket mean is centred (k-1)/2 steps before t, y[t+1]
(k+1)/2 steps after that centre) or frac = 1 ("bucket": the next bucket's mean, as MAPA forecasts). Levels combined by
the equal mean (or the median) of those that forecast at t. Causal: the forecast at t uses y[0..t] only. Without a
season on y, with one on the classically adjusted series (replay_pool.deseasonalised).

Usage: /usr/bin/python3 temporal_aggregation_screen.py DUMP_DIR CANDIDATE   (mapa_d, mapa_d_med, mapa_d_bucket,
mapa_d_k1248, mapa_ses, mapa_comb, mapa_d_k234, mapa_trend; about 4 minutes each): candidate_prior_screen.py's report
for the candidate, then its half without a season and its half with one, each as if added alone (the priors are
fitted per group, so each half is exactly that). Needs numpy.
"""
import math
import os
import runpy
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import replay_pool as rp  # noqa: E402

ALPHAS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99)
BETAS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
PHIS = (0.8, 0.85, 0.9, 0.95, 0.98)


def grid_run(z, forms, frac, start, parts=None, betas=BETAS):
    """replay_pool.ets_grid (crit 'sse', the fitted damped trend's grid) on z, the forecast made after z[j] being
    ℓ + φb·frac of the lowest-SSE point (frac = 1: the one-step forecast). NaN until `start` errors are scored."""
    return rp.ets_grid(alphas=ALPHAS, betas=betas, phis=PHIS, crit="sse", forms=forms, start=start, frac=frac,
                       parts=parts)(z, 1)


def level_forecast(y, k, model, offset="centre", start=None):
    """Level k's forecasts of y[t+1] made at t (NaN where it does not forecast yet)."""
    n = len(y)
    out = np.full(n, math.nan)
    frac = (k + 1) / (2 * k) if offset == "centre" else 1.0
    if start is None:
        start = 3 if k == 1 else 10
    for first in range(k - 1, min(2 * k - 1, n)):
        ends = np.arange(first, n, k)
        z = np.array([np.nanmean(y[e - k + 1:e + 1]) if np.isfinite(y[e - k + 1:e + 1]).any() else math.nan
                      for e in ends])
        out[ends] = model(z, frac, start)
    return out


def comb_model(z, frac, start):
    # the M4 Comb per level (SES + Holt β ≤ 0.2 as comb_by + damped), each grid by SSE
    s = grid_run(z, ("N",), frac, start)
    h = grid_run_holt(z, frac, start)
    d = grid_run(z, ("Ad",), frac, start)
    return (s + h + d) / 3


def grid_run_holt(z, frac, start):
    return grid_run(z, ("A",), frac, start, betas=(0.01, 0.02, 0.05, 0.1, 0.2))   # Holt's grid as TrendGrid.Linear


MODELS = {
    "damped": lambda z, frac, start: grid_run(z, ("Ad",), frac, start),
    "ses": lambda z, frac, start: grid_run(z, ("N",), frac, start),
    "comb": comb_model,
}


def mapa(ks=(1, 2, 3, 4), model="damped", combine="mean", offset="centre", min_buckets=10):
    """The combination across aggregation levels ks (a level forecasts once it has min_buckets scored buckets)."""
    mdl = MODELS[model]

    def run(y, m):
        y = np.asarray(y, dtype=float)
        cols = [level_forecast(y, k, mdl, offset, 3 if k == 1 else min_buckets) for k in ks]
        F = np.column_stack(cols)
        ok = np.isfinite(F)
        out = np.full(len(y), math.nan)
        any_ = ok.any(axis=1)
        if combine == "mean":
            out[any_] = np.nanmean(F[any_], axis=1)
        else:
            out[any_] = np.nanmedian(F[any_], axis=1)
        return out
    return run


def mapa_trend(ks=(1, 2, 3, 4), min_buckets=10):
    """MAPA's component view: the level of k = 1's damped fit plus the mean across levels of each level's damped
    trend per original step (φ·b/k), so the aggregation steadies the trend without lagging the level."""
    def run(y, m):
        y = np.asarray(y, dtype=float)
        n = len(y)
        lev1 = np.full(n, math.nan)
        slopes = []
        for k in ks:
            L, B = np.full(n, math.nan), np.full(n, math.nan)
            for first in range(k - 1, min(2 * k - 1, n)):
                ends = np.arange(first, n, k)
                z = np.array([np.nanmean(y[e - k + 1:e + 1]) if np.isfinite(y[e - k + 1:e + 1]).any() else math.nan
                              for e in ends])
                pl, pb = np.full(len(z), math.nan), np.full(len(z), math.nan)
                grid_run(z, ("Ad",), 1.0, 3 if k == 1 else min_buckets, (pl, pb))
                L[ends], B[ends] = pl, pb
            if k == 1:
                lev1 = L
            slopes.append(B / k)
        S = np.column_stack(slopes)
        ok = np.isfinite(S).any(axis=1) & np.isfinite(lev1)
        out = np.full(n, math.nan)
        out[ok] = lev1[ok] + np.nanmean(S[ok], axis=1)
        return out
    return run


# combined candidates: without a season the MAPA on y, with one the MAPA on the classically adjusted series
# (the priors are fitted per group, so the ns and s halves of a screen are independent: split by screen.py)
def both(model):
    return lambda y, m: model(y, m) if m <= 1 else rp.deseasonalised(model)(y, m)


rp.CANDIDATES.update({
    "mapa_ns": rp.nonseasonal_only(mapa()),
    "mapa_s": rp.seasonal_only(rp.deseasonalised(mapa())),
    "mapa_d": both(mapa()),                                   # damped per level, mean, k 1-4, centred offset
    "mapa_d_med": both(mapa(combine="median")),
    "mapa_d_bucket": both(mapa(offset="bucket")),
    "mapa_d_k1248": both(mapa(ks=(1, 2, 4, 8))),
    "mapa_ses": both(mapa(model="ses")),
    "mapa_comb": both(mapa(model="comb")),
    "mapa_d_k234": both(mapa(ks=(2, 3, 4))),
    "mapa_trend": both(mapa_trend()),
})


if __name__ == "__main__":
    path = os.path.join(HERE, "candidate_prior_screen.py")
    dump, cands = sys.argv[1], sys.argv[2:]
    sys.argv = [path, dump] + cands
    g = runpy.run_path(path, run_name='__main__')
    base, new = g['base'], g['new']
    gm = lambda v: math.exp(np.mean(v))
    sets = list(dict.fromkeys(v[0] for v in base.values()))
    for half, sel in (("ns half", lambda v: v[1] == 1), ("s half", lambda v: v[1] > 1)):
        mix = {n: (new[n] if sel(base[n]) else base[n]) for n in base}
        print(f"\n== {half} (the other group as without the candidate)")
        bt = wt = 0
        for sn in sets:
            names = [n for n, v in base.items() if v[0] == sn]
            a, b = gm([base[n][2] for n in names]), gm([mix[n][2] for n in names])
            bt += round(b, 4) < round(a, 4); wt += round(b, 4) > round(a, 4)
            print(f"{sn:10s} {len(names):4d}  no priors {gm([base[n][3] for n in names]):.4f} -> {gm([mix[n][3] for n in names]):.4f}   priors {a:.4f} -> {b:.4f}")
        for lab, s2 in (("ns", lambda v: v[1] == 1), ("s", lambda v: v[1] > 1), ("all", lambda v: True)):
            names = [n for n, v in base.items() if s2(v)]
            print(f"{lab:10s} {len(names):4d}  no priors {gm([base[n][3] for n in names]):.4f} -> {gm([mix[n][3] for n in names]):.4f}"
                  f"   priors {gm([base[n][2] for n in names]):.4f} -> {gm([mix[n][2] for n in names]):.4f}")
        print(f"sets better {bt}, worse {wt} (4 decimals)")
        diffs = sorted(((mix[n][2] - base[n][2], n) for n in base if sel(base[n])), reverse=True)
        print("largest costs:", ", ".join(f"{n} {100 * (math.exp(d) - 1):+.1f}%" for d, n in diffs[:6]))
        print("largest gains:", ", ".join(f"{n} {100 * (math.exp(d) - 1):+.1f}%" for d, n in diffs[-6:]))
