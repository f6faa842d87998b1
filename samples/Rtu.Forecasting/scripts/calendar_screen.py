#!/usr/bin/python3
"""Offline screen of calendar effects (issue 13, seventeenth pass): the app's one-step error (relative for a positive
series) regressed online, by recursive least squares, on the forecast month's calendar (leap day, weekend days or all
weekday contrasts, each less its average for that calendar month; optionally the same a year earlier, which the
seasonal members carry), coefficients shrunk toward 0 by K standard errors, the correction added to the forecast of the
next month. Monthly series (season 12) of a dump_members.sh dump; MASE on the scripts' rows (replay_pool.mase).

Usage (from the repository root): /usr/bin/python3 samples/Rtu.Forecasting/scripts/calendar_screen.py DUMP_DIR KIND K LAGGED
  KIND: leap | 2 (leap day, weekend days) | td (leap day, six weekday contrasts);  K: standard errors;  LAGGED: 0 | 1
Prints per series the app's MASE, the corrected one and their ratio, then the geometric-mean ratio."""
import sys, os, math, csv, datetime, calendar
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp

def cal_x(date):
    nd = calendar.monthrange(date.year, date.month)[1]
    wk = [0] * 7
    for d in range(1, nd + 1):
        wk[datetime.date(date.year, date.month, d).weekday()] += 1
    return nd, wk
MM = {}
for mo in range(1, 13):
    v = [cal_x(datetime.date(y, mo, 1)) for y in range(2000, 2028)]
    MM[mo] = (np.mean([a for a, _ in v]), np.mean([b for _, b in v], axis=0))

def regs(date, kind):
    nd, wk = cal_x(date); mnd, mwk = MM[date.month]
    leap = nd - mnd
    wend = (wk[5] + wk[6]) - (mwk[5] + mwk[6])
    if kind == "leap": return [leap]
    if kind == "2": return [leap, wend]
    return [leap] + [(wk[i] - wk[6]) - (mwk[i] - mwk[6]) for i in range(6)]

def corrected(s, dates, kind, kse, lagged):
    fin, cle = s["final"], s["cleaned"]
    n = len(fin); positive = (cle > 0).all()
    X = []
    for t in range(n):
        x = regs(dates[t], kind)
        if lagged: x = x + (regs(dates[t - 12], kind) if t >= 12 else [0.0] * len(x))
        X.append(np.array(x, float))
    k = len(X[0]); P = np.eye(k) * 1.0; b = np.zeros(k); cnt = 0; sse = 0.0
    out = fin.copy()
    for t in range(n - 1):
        # learn from the error of the forecast made at t-1 of row t
        if t >= 1 and np.isfinite(fin[t - 1]):
            sc = fin[t - 1] if positive else 1.0
            e = (cle[t] - fin[t - 1]) / sc; x = X[t]
            Px = P @ x; g = Px / (1.0 + x @ Px); r = e - x @ b
            b = b + g * r; P = P - np.outer(g, Px); cnt += 1; sse += r * r
        if cnt > 24 and np.isfinite(fin[t]):
            s2 = sse / max(cnt - k, 1); se = np.sqrt(np.maximum(np.diag(P) * s2, 0))
            bb = np.sign(b) * np.maximum(np.abs(b) - kse * se, 0)
            out[t] = fin[t] + float(X[t + 1] @ bb) * (fin[t] if positive else 1.0)
    return out

D, kind, kse, lagged = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4] == "1"
logs = []
for st in sorted(x for x in os.listdir(D) if os.path.isdir(os.path.join(D, x))):
    for f in sorted(os.listdir(os.path.join(D, st))):
        if not f.endswith(".dump.csv"): continue
        name = f[:-9]; folder = os.path.join(D, st)
        s = rp.read_series(folder, name)
        if s["season"] != 12: continue
        rows = list(csv.reader(open(os.path.join(folder, name + ".csv"))))[1:]
        dates = [datetime.date.fromisoformat(r[0][:10]) for r in rows]
        assert len(dates) == len(s["final"]), (name, len(dates), len(s["final"]))
        a = rp.mase(s, s["final"]); c = rp.mase(s, corrected(s, dates, kind, kse, lagged))
        logs.append(math.log(c / a)); print(f"{st}/{name:40s} {a:.4f} -> {c:.4f}  {c/a:.4f}")
print("geo ratio", math.exp(np.mean(logs)), len(logs))
