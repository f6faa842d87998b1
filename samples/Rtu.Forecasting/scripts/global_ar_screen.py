#!/usr/bin/python3
"""Screen: one linear autoregression learned across many series (a global model), added to the pool as a member.

Montero-Manso & Hyndman (2021, "Principles and algorithms for forecasting groups of time series: locality and
globality") found a global AR of high order, fitted on normalised windows of every series at once, competitive with
per-series ETS and ARIMA on M4: what it knows comes from other series, which no member of the pool (each fitted on its
own series) has. Per season length (1, 4, 12; other seasons get no global member) a ridge regression maps the last L
values of a window, normalised, to the next value; it is fitted on the cleaned values of every series of the OTHER
sets (each set is held out in turn, each series weighted about equally, at most CAP windows each), and each series of
the held-out set gets its forecasts from its own past values only. Normalisation: "z" the window's mean and standard
deviation, "last" its last value and mean absolute change.

Usage: /usr/bin/python3 global_ar_screen.py DUMP_DIR [L1=8] [L4=12] [L12=24] [ridge=1] [cap=400] [norm=z|last] [--series]
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp  # noqa: E402
import forecast_sets  # noqa: E402  (the sets every script reads)

SETS = forecast_sets.SETS


def normalised(windows, norm):
    """Each row of windows (k × L) as (x − centre) / scale; NaN scale where the window is flat."""
    if norm == "z":
        centre, scale = windows.mean(1), windows.std(1)
    else:
        centre, scale = windows[:, -1], np.abs(np.diff(windows, axis=1)).mean(1)
    scale = np.where(scale > 1e-9 * (np.abs(centre) + 1e-12), scale, np.nan)
    return (windows - centre[:, None]) / scale[:, None], centre, scale


def fit(data, held_out, lengths, ridge, cap, norm):
    models = {}
    for m, length in lengths.items():
        rows, targets = [], []
        for (set_name, _), s in data.items():
            if set_name == held_out or s["season"] != m:
                continue
            y = s["cleaned"][np.isfinite(s["cleaned"])]
            if len(y) < length + 2:
                continue
            x, centre, scale = normalised(np.lib.stride_tricks.sliding_window_view(y[:-1], length), norm)
            target = (y[length:] - centre) / scale
            ok = np.isfinite(target) & np.isfinite(x).all(1) & (np.abs(target) < 20) & (np.abs(x).max(1) < 20)
            x, target = x[ok][-cap:], target[ok][-cap:]
            if len(x) == 0:
                continue
            weight = 1.0 / math.sqrt(len(x))   # every series about equally, whatever its length
            rows.append(np.column_stack([x, np.ones(len(x))]) * weight)
            targets.append(target * weight)
        a, b = np.vstack(rows), np.concatenate(targets)
        penalty = ridge * np.eye(a.shape[1])
        penalty[-1, -1] = 0   # the intercept is not shrunk
        models[m] = np.linalg.solve(a.T @ a + penalty, a.T @ b)
    return models


def member(s, models, lengths, norm):
    """The global model's forecast of row t + 1 at row t, from the cleaned values up to t (NaN: none)."""
    y, m = s["cleaned"], s["season"]
    out = np.full(len(y), math.nan)
    if m not in models:
        return out
    length, w = lengths[m], models[m]
    for t in range(length - 1, len(y)):
        window = y[t - length + 1:t + 1]
        if not np.isfinite(window).all():
            continue
        x, centre, scale = normalised(window[None, :], norm)
        out[t] = window[-1] if not np.isfinite(scale[0]) else centre[0] + scale[0] * (np.clip(x[0], -20, 20) @ w[:-1] + w[-1])
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    opts = dict(a.split("=", 1) for a in sys.argv[2:] if "=" in a)
    lengths = {1: int(opts.get("L1", 8)), 4: int(opts.get("L4", 12)), 12: int(opts.get("L12", 24))}
    ridge, cap, norm = float(opts.get("ridge", 1.0)), int(opts.get("cap", 400)), opts.get("norm", "z")
    data = {}
    for set_name in SETS:
        folder = os.path.join(sys.argv[1], set_name)
        for name in sorted(f[:-9] for f in os.listdir(folder) if f.endswith(".dump.csv")):
            data[(set_name, name)] = rp.read_series(folder, name)
    every_base, every_with = [], []
    for set_name in SETS:
        models = fit(data, set_name, lengths, ridge, cap, norm)
        base_logs, with_logs = [], []
        for (sn, name), s in data.items():
            if sn != set_name:
                continue
            delta = s["final"] - s["uncorrected"]
            base = rp.mase(s, rp.combine(s["f"], s["cleaned"], s["actual"], delta, s["season"], s["closed"]))
            c = member(s, models, lengths, norm)
            f = np.column_stack([s["f"], c])
            closed = np.column_stack([s["closed"], np.zeros(len(c), dtype=bool)])
            with_ = rp.mase(s, rp.combine(f, s["cleaned"], s["actual"], delta, s["season"], closed))
            base_logs.append(math.log(base)); with_logs.append(math.log(with_))
            if "--series" in sys.argv:
                alone = rp.mase(s, np.where(np.isfinite(c), c, s["final"])) if np.isfinite(c).sum() > 10 else math.nan
                print(f"{set_name}/{name:32s} m={s['season']:<3d} replay {base:.4f} with global AR {with_:.4f} "
                      f"({100 * (with_ / base - 1):+.1f} %) alone {alone:.4f}")
        every_base += base_logs; every_with += with_logs
        print(f"{set_name} ({len(base_logs)}): replay {math.exp(np.mean(base_logs)):.4f}, with a global AR {math.exp(np.mean(with_logs)):.4f}", flush=True)
    print(f"all ({len(every_base)}): replay {math.exp(np.mean(every_base)):.4f}, with a global AR {math.exp(np.mean(every_with)):.4f}")


if __name__ == "__main__":
    main()
