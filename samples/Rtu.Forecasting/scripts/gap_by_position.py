#!/usr/bin/python3
"""Where the app's one-step lead over the better peer comes from: by position in the series, by frequency, by length.

Usage (from the repository root, after the three scoring scripts; each prints its outputs folder at the end):
  /usr/bin/python3 samples/Rtu.Forecasting/scripts/gap_by_position.py \\
      bench=../shared/forecast-bench/baselines:../shared/forecast-bench/series.txt:BENCH_OUT::arima \\
      heldout=samples/Rtu.Forecasting/heldout/peers:samples/Rtu.Forecasting/heldout/series.txt:HELDOUT_OUT:_h1:ets \\
      heldout2=samples/Rtu.Forecasting/heldout2/peers:samples/Rtu.Forecasting/heldout2/series.txt:HELDOUT2_OUT:_h1:ets
Each argument: NAME=PEERS_DIR:SERIES_TXT:APP_OUTPUT_DIR:FILE_SUFFIX:BETTER_PEER (the peer with the better geometric
mean on that set). Rows scored as score.py scores them (from the first naive forecast, every method present).

Per series the log ratio of the app's to the peer's absolute errors, log(A/P), is split exactly over rows: row i
contributes (|e_app,i| − |e_peer,i|)/L(A, P), L the logarithmic mean of A and P; the mean over series of each
segment's share is that segment's part of the log of the geometric-mean ratio (negative: the app is ahead there).
"Truncated" scores only rows before a cut, with the seasonal naive's MAE on the same rows: the peers refit on the
rows before each forecast, so this is what a series of that length would have scored (refit spacing aside).
"""
import collections
import csv
import math
import os
import sys


def num(s):
    s = (s or "").strip()
    if s == "" or s.upper() == "NA":
        return None
    v = float(s)
    return v if math.isfinite(v) else None


def load(args):
    out = []
    for arg in args:
        name, rest = arg.split("=", 1)
        peers, series_txt, app_dir, suffix, better = rest.split(":")
        for line in open(series_txt):
            line = line.strip()
            if not line:
                continue
            path, _, freq = line.split(",")
            series = os.path.basename(path)[:-4]
            pf = os.path.join(peers, series + ".csv")
            if not os.path.exists(pf):
                continue
            P = list(csv.DictReader(open(pf)))
            A = list(csv.DictReader(open(os.path.join(app_dir, series + suffix + ".csv"))))
            act = [num(r["actual"]) for r in P]
            fc = {k: [num(r[k]) for r in P] for k in ("naive", "snaive", "ets", "arima")}
            fc["app"] = [num(r["forecast"]) for r in A]
            t0 = next(i for i in range(len(P)) if fc["naive"][i] is not None)
            rows = [i for i in range(t0, len(P)) if act[i] is not None and all(fc[m][i] is not None for m in fc)]
            out.append(dict(set=name, name=series, m=int(freq), n=len(P), rows=rows, act=act, fc=fc, better=better))
    return out


def err(d, k, i):
    return abs(d["fc"][k][i] - d["act"][i])


def gm(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def log_mean(a, b):
    return a if abs(a - b) <= 1e-12 * max(a, b) else (a - b) / math.log(a / b)


def frequency(d):
    return {1: "yearly/none", 4: "quarterly", 12: "monthly"}.get(d["m"], "other (5, 24, 48, 52)")


SEGMENTS = {
    "position": lambda d, j, n, i: "first 10 %" if j < 0.1 * n else "10-33 %" if j < n / 3 else "last 67 %",
    "row": lambda d, j, n, i: "rows < 60" if i < 60 else "rows 60-119" if i < 120 else "rows 120-299" if i < 300 else "rows 300+",
    "season": lambda d, j, n, i: "first scored season" if j < (d["m"] if d["m"] > 1 else 12) else "after it",
}


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    D = load(argv[1:])
    sets = sorted({d["set"] for d in D})
    per_set = collections.Counter(d["set"] for d in D)
    print(f"{len(D)} series; log gap app / better peer of its set, in % (negative: the app is ahead)")
    for kind, segment in SEGMENTS.items():
        total, share, order = collections.defaultdict(float), collections.defaultdict(float), {}
        by_set = collections.defaultdict(lambda: collections.defaultdict(float))
        gap = 0.0
        for d in D:
            rows = d["rows"]
            A = sum(err(d, "app", i) for i in rows)
            P = sum(err(d, d["better"], i) for i in rows)
            L = log_mean(A, P)
            gap += math.log(A / P)
            for j, i in enumerate(rows):
                s = segment(d, j, len(rows), i)
                order.setdefault(s, (j if kind != "row" else i, len(order)))
                c = (err(d, "app", i) - err(d, d["better"], i)) / L
                total[s] += c
                by_set[d["set"]][s] += c
                share[s] += 1 / len(rows)
        print(f"by {kind} (total {100 * gap / len(D):+.2f}):")
        for s in sorted(total, key=lambda k: order[k]):
            print(f"  {s:20s} {100 * total[s] / len(D):+6.2f}  ({100 * share[s] / len(D):4.1f} % of rows)   "
                  + "  ".join(f"{k} {100 * by_set[k][s] / per_set[k]:+6.2f}" for k in sets))
    print("truncated series (rows before the cut), geometric-mean MASE, and by frequency:")
    for cut in (48, 72, 100, 150, None):
        groups = collections.defaultdict(list)
        for d in D:
            rows = [i for i in d["rows"] if cut is None or i < cut]
            s = sum(err(d, "snaive", i) for i in rows)
            if len(rows) < 6 or s <= 0:
                continue
            m = [sum(err(d, k, i) for i in rows) / s for k in ("app", "ets", "arima")]
            groups["all"].append(m)
            groups[frequency(d)].append(m)
        for g in ["all"] + sorted(k for k in groups if k != "all"):
            a, e, r = (gm([x[k] for x in groups[g]]) for k in range(3))
            print(f"  {'all rows' if cut is None else 'rows < %d' % cut:10s} {g:22s} {len(groups[g]):3d} series: app {a:.4f}  ETS {e:.4f}"
                  f"  auto.arima {r:.4f}  app ahead of the better by {100 * (1 - a / min(e, r)):+5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
