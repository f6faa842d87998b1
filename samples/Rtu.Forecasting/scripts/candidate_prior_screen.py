#!/usr/bin/python3
"""Screens a candidate member *with the member priors fitted again for it* (forty-seventh pass; notebook).

Every member screen before the forty-fifth pass's priors scored a candidate by the combination's own errors alone, where a
member scored a few times takes weight by luck (the selection noise of the twenty-second pass). With priors learned across
series a candidate that is rarely best gets a low prior, so the question is asked again: does a member add, once the
priors of every member (the candidate's too) are fitted for it? Each set is held out in turn: priors fitted on the other
eleven (member_prior_screen.fit, L2 0.01, one set with a season and one without, the combination of pool layout 22) score
the twelfth, with and without the candidate; the difference is the candidate's honest worth.

Usage: /usr/bin/python3 candidate_prior_screen.py DUMP_DIR CANDIDATE [CANDIDATE ...]   (names of replay_pool.CANDIDATES;
several candidates are added together; NAME=MEMBER puts candidate NAME in that member's place wherever it forecasts), or DUMP_DIR --priors OUT_DIR: the priors of the dump's own members, fitted on every
set (OUT_DIR/priors_final.txt, what ForecastPool.MemberPriors holds) and on all sets but one (OUT_DIR/priors_SET.txt), one
"ns|s<TAB>member<TAB>b" per line, for running the app on each set with priors fitted without it (the forty-seventh pass
read them through a scratch hook in ForecastPool, not committed). Needs numpy. Caches the precompute in DUMP_DIR/base.pkl
and DUMP_DIR/cand_NAMES.pkl, the held-out replay without a candidate in DUMP_DIR/base_loso.pkl.
"""
import math
import os
import pickle
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp  # noqa: E402
import member_prior_screen as mps  # noqa: E402

mps.GEO = True
np.seterr(all="ignore")


def load(dump, cands):
    """The dump's series with the candidates' columns added (member names "cand:NAME"), cached in DUMP_DIR."""
    def extend(s):
        members = list(s["members"])
        for c in cands:
            name, _, member = c.partition("=")
            col = rp.CANDIDATES[name](s["cleaned"].copy(), s["season"])
            if member:   # NAME=MEMBER: the candidate in that member's place where it forecasts (None: the member as it is)
                if col is not None and member in members:
                    s["f"][:, members.index(member)] = col
                continue
            closed_col = np.zeros(len(s["cleaned"]), dtype=bool)
            if isinstance(col, tuple):
                col, open_ = col
                closed_col = ~open_
            if col is None:
                col = np.full(len(s["cleaned"]), math.nan)
            s["f"] = np.column_stack([s["f"], col])
            s["closed"] = np.column_stack([s["closed"], closed_col])
            members.append("cand:" + c)
        s["members"] = members
    key = "base" if not cands else "cand_" + "+".join(cands)
    return mps.load_sets(dump, os.path.join(dump, key + ".pkl"), extend)


# One set of priors for pools without a season and one for pools with one (as ForecastPool.MemberPriors).
GROUPS = {"ns": lambda p: p["season"] == 1, "s": lambda p: p["season"] > 1}


def group_of(p):
    return next(g for g, sel in GROUPS.items() if sel(p))


def fold_priors(sets, members, held, penalty=0.01):
    """The priors per group fitted on every set but `held` (every set: held = "final")."""
    train = [p for sn, ps in sets.items() if sn != held for p in ps]
    return {g: mps.fit([p for p in train if sel(p)], len(members), members, penalty) for g, sel in GROUPS.items()}


def loso(sets, members):
    k = len(members)
    out = {}
    for held in sets:
        bs = fold_priors(sets, members, held)
        for p in sets[held]:
            out[p["name"]] = (held, p["season"], math.log(mps.mase(p, bs[group_of(p)])), math.log(mps.mase(p, np.zeros(k))))
        print(f"  held out {held}: " + " ".join(f"{g}:" + ",".join(f"{members[i][:10]}={bs[g][i]:+.2f}" for i in range(k) if members[i].startswith("cand:") and bs[g][i] != 0) for g in bs), flush=True)
    return out


def write_priors(dump, out):
    sets, members = load(dump, [])
    os.makedirs(out, exist_ok=True)
    for held in ["final"] + list(sets):
        with open(os.path.join(out, f"priors_{held}.txt"), "w") as fh:
            for g, b in fold_priors(sets, members, held).items():
                fh.writelines(f"{g}\t{members[i]}\t{b[i]:.6f}\n" for i in range(len(members)) if b[i] != 0)
        print("wrote", os.path.join(out, f"priors_{held}.txt"), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[2] == "--priors":
        write_priors(sys.argv[1], sys.argv[3])
        sys.exit(0)
    dump, cands = sys.argv[1], sys.argv[2:]
    base_sets, base_members = load(dump, [])
    base_cache = os.path.join(dump, "base_loso.pkl")
    if os.path.exists(base_cache):
        base = pickle.load(open(base_cache, "rb"))
    else:
        print("base: LOSO priors", flush=True)
        base = loso(base_sets, base_members)
        pickle.dump(base, open(base_cache, "wb"))
    sets, members = load(dump, cands)
    print("with " + "+".join(cands) + ": LOSO priors", flush=True)
    new = loso(sets, members)
    gm = lambda v: math.exp(np.mean(v))
    for sn in sets:
        names = [n for n, v in base.items() if v[0] == sn]
        print(f"{sn:10s} {len(names):4d}  no priors {gm([base[n][3] for n in names]):.4f} -> {gm([new[n][3] for n in names]):.4f}"
              f"   priors {gm([base[n][2] for n in names]):.4f} -> {gm([new[n][2] for n in names]):.4f}")
    for lab, sel in (("ns", lambda v: v[1] == 1), ("s", lambda v: v[1] > 1), ("all", lambda v: True)):
        names = [n for n, v in base.items() if sel(v)]
        print(f"{lab:10s} {len(names):4d}  no priors {gm([base[n][3] for n in names]):.4f} -> {gm([new[n][3] for n in names]):.4f}"
              f"   priors {gm([base[n][2] for n in names]):.4f} -> {gm([new[n][2] for n in names]):.4f}")
    diffs = sorted(((new[n][2] - base[n][2], n) for n in base), reverse=True)
    print("largest costs:", ", ".join(f"{n} {100 * (math.exp(d) - 1):+.1f}%" for d, n in diffs[:6]))
    print("largest gains:", ", ".join(f"{n} {100 * (math.exp(d) - 1):+.1f}%" for d, n in diffs[-6:]))
