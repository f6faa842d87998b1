#!/usr/bin/python3
"""A boosting stage after the combination, screened offline (fiftieth pass; notebook): does an online model of the
combination's own one-step residual, added behind a skill gate, improve the app's forecasts?

At row t the residuals r = cleaned − final (the app's one-step forecast, dumped) are known up to r_t; a recursive
least-squares fit (forgetting 0.995, ridge prior on features scaled by the residuals' running mean absolute value,
clipped at ±5) predicts r_{t+1} from the last `lags` residuals and, with `members`, every member's deviation from the
combination; its proposal v is added as final + g·v, g = E[r·v]/E[v²] ∈ [0, 1] over the last 100 proposals (the skill
rule of SkillShrinkage and ResidualCorrection; `two_se`: less two standard errors), from 20 proposals on. This is the
linear form of "an RTU learning the combination's residual": if a linear model of the residual's past and the members'
spread finds nothing to add, a recurrent one has little to find. ResidualCorrection (one lag, two standard errors) is
already in the dumped forecasts.

Usage: /usr/bin/python3 residual_boost_screen.py DUMP_DIR   (a dump of dump_members.sh; needs numpy; about 15 s)
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp  # noqa: E402
import forecast_sets  # noqa: E402

np.seterr(all="ignore")

def boost(s, lags=3, members=False, lam=0.995, prior=1.0, gate_window=100, start=20, two_se=False):
    y = s['cleaned']; c = s['final']; F = s['f']
    n = len(y)
    out = c.copy()
    r = np.full(n, np.nan)
    for t in range(1, n):
        if math.isfinite(y[t]) and math.isfinite(c[t-1]): r[t] = y[t] - c[t-1]
    k = lags + (F.shape[1] if members else 0) + 0
    P = np.eye(k) * prior; w = np.zeros(k)
    mae = 0.0; nm = 0
    props = []  # (v, target)
    pend = None
    for t in range(n):
        # learn from the proposal made at t-1 for row t
        if pend is not None and math.isfinite(r[t]):
            x, v = pend
            e = r[t] - x @ w
            Px = P @ x; g = Px / (lam + x @ Px)
            w = w + g * e; P = (P - np.outer(g, Px)) / lam
            props.append((v, r[t]))
            if len(props) > gate_window: props.pop(0)
        pend = None
        if math.isfinite(r[t]):
            nm += 1; mae += (abs(r[t]) - mae) / min(nm, 50)
        if nm < 5 or mae <= 0 or not math.isfinite(c[t]): continue
        feats = [r[t - j] / mae if t - j >= 0 and math.isfinite(r[t - j]) else 0.0 for j in range(lags)]
        if members:
            feats += [((F[t, i] - c[t]) / mae) if math.isfinite(F[t, i]) else 0.0 for i in range(F.shape[1])]
        x = np.clip(np.array(feats), -5, 5)
        v = float(x @ w) * mae
        pend = (x, v)
        if len(props) >= start:
            vs = np.array([p[0] for p in props]); ts = np.array([p[1] for p in props])
            den = (vs * vs).sum()
            if den > 0:
                gam = (vs * ts).sum() / den
                if two_se:
                    res = ts - gam * vs
                    se = math.sqrt((res @ res) / max(len(vs) - 1, 1) / den)
                    gam -= 2 * se
                gam = min(max(gam, 0.0), 1.0)
                out[t] = c[t] + gam * v
    return out

variants = {
    'ar3': dict(lags=3),
    'ar3_se': dict(lags=3, two_se=True),
    'ar6': dict(lags=6),
    'mem': dict(lags=3, members=True, prior=0.1),
    'mem_se': dict(lags=3, members=True, prior=0.1, two_se=True),
}
dump = sys.argv[1]
res = {v: {'ns': [], 's': []} for v in variants}; base = {'ns': [], 's': []}
for set_name in forecast_sets.SETS:
    folder = os.path.join(dump, set_name)
    for f in sorted(os.listdir(folder)):
        if not f.endswith('.dump.csv'): continue
        s = rp.read_series(folder, f[:-9])
        g = 'ns' if s['season'] == 1 else 's'
        b = math.log(rp.mase(s, s['final'])); base[g].append(b)
        for v, kw in variants.items():
            res[v][g].append(math.log(rp.mase(s, boost(s, **kw))))
gm = lambda a: math.exp(np.mean(a))
print(f"base all {gm(base['ns']+base['s']):.4f} ns {gm(base['ns']):.4f} s {gm(base['s']):.4f}")
for v in variants:
    a = res[v]
    better = sum(x < y - 1e-9 for x, y in zip(a['ns'] + a['s'], base['ns'] + base['s'])); worse = sum(x > y + 1e-9 for x, y in zip(a['ns'] + a['s'], base['ns'] + base['s']))
    print(f"{v:8s} all {gm(a['ns']+a['s']):.4f} ns {gm(a['ns']):.4f} s {gm(a['s']):.4f}  series better {better} worse {worse}")
