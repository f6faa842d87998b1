#!/usr/bin/python3
"""Screens one constant of the combination *with the member priors fitted again for it* (forty-ninth pass; notebook).

The replay of the pool's weights (member_prior_screen.precompute) is run with one of replay_pool's constants changed,
the priors are fitted on eleven sets and the twelfth is scored, each set in turn (candidate_prior_screen.loso), and the
result is compared with the dump's own held-out replay (DUMP_DIR/base_loso.pkl, written by candidate_prior_screen.py).

Usage: /usr/bin/python3 combination_knob_screen.py DUMP_DIR KNOB VALUE, KNOB one of
  gate     the naive gate's ratio (a member combined while its long-run MSE ≤ VALUE × the naive's; 1.5; 1e9: no gate)
  gatemin  the naive's scores before the gate acts (25)
  window   the weights' error window (25)
  min      the scores a member needs before it is combined (3)
  power    the weights' sharpness (8)
  redundancy  GAMMA[,K]: log weights less GAMMA·ln of each member's crowd, Σ_j max(ρ_ij, 0)^K (K 4; 0: none)
Caches the precompute in DUMP_DIR/knob_KNOB_VALUE.pkl. Needs numpy.
"""
import math
import os
import pickle
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp  # noqa: E402
import candidate_prior_screen as cps  # noqa: E402
import member_prior_screen as mps  # noqa: E402

if __name__ == "__main__":
    dump, knob = sys.argv[1], sys.argv[2]
    if knob == "redundancy":
        parts = [float(v) for v in sys.argv[3].split(",")]
        mps.REDUNDANCY = (parts[0], parts[1] if len(parts) > 1 else 4.0)
        value = parts[0]
    else:
        value = float(sys.argv[3])
    if knob == "gate":
        rp.GATE = (rp.GATE[0], value, rp.GATE[2])
    elif knob == "gatemin":
        rp.GATE = (rp.GATE[0], rp.GATE[1], int(value))
    elif knob == "window":
        rp.WINDOW = value
    elif knob == "min":
        rp.MINIMUM_SCORED = int(value)
    elif knob == "power":
        rp.POWER = value
    elif knob == "redundancy":
        pass
    else:
        sys.exit(f"unknown knob {knob}")
    base_cache = os.path.join(dump, "base_loso.pkl")
    if not os.path.exists(base_cache):
        sys.exit(f"{base_cache} is missing: run candidate_prior_screen.py {dump} NAME once first")
    base = pickle.load(open(base_cache, "rb"))
    sets, members = mps.load_sets(dump, os.path.join(dump, f"knob_{knob}_{sys.argv[3].replace(',', '_')}.pkl"))
    new = cps.loso(sets, members)
    gm = lambda v: math.exp(np.mean(v))
    groups = [(sn, lambda v, sn=sn: v[0] == sn) for sn in sets]
    groups += [("ns", lambda v: v[1] == 1), ("s", lambda v: v[1] > 1), ("all", lambda v: True)]
    for label, sel in groups:
        names = [n for n, v in base.items() if sel(v)]
        print(f"{label:10s} {len(names):4d} priors {gm([base[n][2] for n in names]):.4f} -> {gm([new[n][2] for n in names]):.4f}")
