#!/usr/bin/python3
"""Offline screen of a rule that would judge a seasonal series' first three seasons again once they are seen.

Why: a spike of 10 standard deviations among a seasonal series' first rows is taken as data (the clean has no scale
yet, and a first season's swing must pass), stays in the seasonal members' states and costs the rest of the series up
to +431 % (the notebook, thirty-ninth pass). A second judgement of the first 3·m rows, made once at row 3·m and followed
by a replay with the spikes as missing values, could undo that; this screen asks how often such a rule flags a true
value and how often it finds a spike, before anything is built.

The rule, for 2 <= m <= 13 (first K = 3·m rows), as built in FirstSeasonsReview: the residuals of a two-way median
polish of the 3 × m table (each place's median, each season's level as the median of its values less those, each
place's median again); with --season-medians, the first screen's: each season's values less that season's median, per
position the residual of each of its three values from their median (a season's median of 4 values moves with a
spike); the scale 1.4826 times the median absolute residual
of the two non-median values per position; a value is a spike when its residual exceeds KSD scales, it is the only one
of its position beyond that, and its neighbours in time are not beyond it; more than two spikes: none. With
--no-season (m = 1, first 16 rows) the residual is from a centred running median of five.

Per series of the development bench and the held-out sets: flags on the series as they are (false alarms, each would
cost what a missing value there costs), and, for spikes of 10 standard deviations of the series at rows 1, 2, 3, m − 1,
m and m + 1 (alternately up and down, as benchmarks/Rtu.ForecastSets --spikes places them), whether the spike is found.

Usage (from the repository root): /usr/bin/python3 samples/Rtu.Forecasting/scripts/first_seasons_review_screen.py [KSD] [--no-season] [--season-medians]
"""
import csv
import os
import sys

import numpy as np
import forecast_sets  # the sets every script reads

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SAMPLE = os.path.join(ROOT, "samples", "Rtu.Forecasting")
BENCH = os.path.join(os.path.dirname(ROOT), "shared", "forecast-bench")
SETS = forecast_sets.HELD_OUT
POLISH = "--season-medians" not in sys.argv   # the rule as built (a two-way median polish), or the first screen's


def series():
    lists = [("bench", BENCH)] + [(s, os.path.join(SAMPLE, s)) for s in SETS]
    for set_name, folder in lists:
        for line in open(os.path.join(folder, "series.txt")):
            if line.strip():
                path, col, freq = line.strip().split(",")
                yield set_name, os.path.basename(path)[:-4], os.path.join(folder, path), col, int(freq)


def values(path, col):
    out = []
    for row in csv.DictReader(open(path)):
        try:
            out.append(float(row[col]))
        except ValueError:
            out.append(np.nan)
    return np.array(out)


def judge(y, m, ksd):
    k = len(y)
    flags = np.zeros(k, bool)
    if np.isnan(y).any():
        return flags
    if m > 1 and POLISH:
        table = y.reshape(3, m)
        centre = np.median(table, axis=0)
        level = np.median(table - centre, axis=1)
        centre = np.median(table - level[:, None], axis=0)
        r = (table - level[:, None] - centre).reshape(-1)
        others = []
        for p in range(m):
            others += sorted(abs(r[j]) for j in (p, p + m, p + 2 * m))[1:]
        scale = 1.4826 * np.median(others)
    elif m > 1:
        levels = np.repeat([np.median(y[s * m:(s + 1) * m]) for s in range(3)], m)
        a = y - levels
        r = np.zeros(k)
        others = []
        for p in range(m):
            at = [p, p + m, p + 2 * m]
            med = np.median(a[at])
            r[at] = a[at] - med
            others += sorted(abs(r[j]) for j in at)[1:]
        scale = 1.4826 * np.median(others)
    else:
        r = np.array([y[j] - np.median(y[max(0, j - 2):j + 3]) for j in range(k)])
        scale = 1.4826 * np.median(np.abs(r))
    if not scale > 0:
        return flags
    big = np.abs(r) > ksd * scale
    for j in np.where(big)[0]:
        lone = (j == 0 or not big[j - 1]) and (j == k - 1 or not big[j + 1])
        alone = m == 1 or sum(big[i] for i in (j % m, j % m + m, j % m + 2 * m)) == 1
        flags[j] = lone and alone
    if flags.sum() > 2:
        flags[:] = False
    return flags


def main():
    ksd = float(next((a for a in sys.argv[1:] if not a.startswith("--")), "12"))
    seasonal = "--no-season" not in sys.argv
    judged = flagged = found = runs = 0
    alarms = []
    for _, name, path, col, m in series():
        if (seasonal and not 2 <= m <= 13) or (not seasonal and m != 1):
            continue
        y = values(path, col)
        k = 3 * m if m > 1 else 16
        if len(y) < k + 2:
            continue
        judged += 1
        f = judge(y[:k].copy(), m, ksd)
        if f.any():
            flagged += 1
            alarms.append((name, m, [int(j) for j in np.where(f)[0]]))
        sd = np.nanstd(y)
        places = [1, 2, 3, m - 1, m, m + 1] if m > 1 else [1, 2, 3, 6, 9, 12]
        for n, at in enumerate(sorted(set(p for p in places if 0 <= p < k))):
            spiked = y[:k].copy()
            spiked[at] += (1 if n % 2 == 0 else -1) * 10 * sd
            runs += 1
            found += bool(judge(spiked, m, ksd)[at])
    kind = "seasons 2-13" if seasonal else "no season"
    print(f"{kind}, {ksd:g} scales: {judged} series; flags on the series as they are: {flagged}; "
          f"spikes of 10 sd found: {found} of {runs}")
    for a in alarms:
        print("  flagged:", a)


if __name__ == "__main__":
    main()
