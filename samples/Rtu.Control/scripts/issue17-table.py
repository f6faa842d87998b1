#!/usr/bin/env python3
"""Issue 17's POPGym table with every trunk: final return mean ± s.e. over seeds and mean steps/s, from the stored runs.

Usage (from samples/Rtu.Control): python3 scripts/issue17-table.py > results-gated-v8/issue17-table.md
Each cell reads the runs listed in SOURCES (scripts/summarize.sh's numbers: the mean return of the episodes that ended in
the last 20 % of a run's steps). The gated column is the default cell since results-gated-v8 (share 0.5, a0 in
[0.002, 0.1]): its v8 runs, and the v7 screen's 'am01' runs, which the same build reproduces bit for bit.
"""
import csv, glob, math, os, subprocess, sys

TASKS = ["RepeatFirstEasy", "RepeatPreviousEasy", "StatelessCartPoleEasy", "CountRecallEasy", "AutoencodeEasy",
         "ConcentrationEasy", "HigherLowerEasy", "RepeatFirstMedium"]
TRUNKS = [("linear RTU", "rtu-linear"), ("non-linear RTU", "rtu-nonlinear"), ("Online LRU", "online-lru"),
          ("GRU T-BPTT(16)", "gru"), ("memoryless", "mlp"), ("gated RTU, default", "gated")]
# (runs folder, arch label in it, trunk key); the plain 'rtu-gated' runs of earlier folders are earlier defaults: not read.
SOURCES = [
    ("results/runs", None, None),                                   # 2026-12-01: StatelessCartPole, RepeatPrevious, every trunk but gated
    ("results-gated/runs", "rtu-linear", "rtu-linear"), ("results-gated/runs", "gru", "gru"),   # RepeatFirstEasy
    ("results-popgym-v6/runs", "rtu-linear", "rtu-linear"), ("results-popgym-v6/runs", "gru", "gru"),  # RepeatFirstMedium
    ("results-gated-v8/baselines/runs", None, None),                # 2026-12-03: the other Easy tasks, every trunk but gated
    ("results-gated-v7/runs", "rtu-gated-open50-am01", "gated"),    # RepeatFirst (5 seeds), RepeatPrevious, CountRecall
    ("results-gated-v8/runs", "rtu-gated", "gated"),                # Autoencode, Concentration, HigherLower, StatelessCartPole, RepeatFirstMedium (1M)
]
SKIP_V8_REPRO = ("RepeatFirstEasy", "results-gated-v8/runs")        # seed 1 there is the v7 am01 run again (identical)


def rows(folder):
    out = subprocess.run(["bash", "scripts/summarize.sh", folder], capture_output=True, text=True, check=True).stdout
    return list(csv.DictReader(out.splitlines()))


def main():
    cells = {}
    for folder, label, key in SOURCES:
        if not glob.glob(os.path.join(folder, "*.csv")):
            continue
        for r in rows(folder):
            if (r["env"], folder) == SKIP_V8_REPRO:
                continue
            if label is None:
                if r["arch"] not in [t for _, t in TRUNKS]: continue
                k = r["arch"]
            elif r["arch"] == label:
                k = key
            else:
                continue
            cells.setdefault((r["env"], k), {})[r["seed"]] = (float(r["final_return_last20pct"]), float(r["mean_steps_per_second"]), int(r["steps"]))
    print("| task | " + " | ".join(n for n, _ in TRUNKS) + " |")
    print("| --- |" + " --- |" * len(TRUNKS))
    for task in TASKS:
        line = [task]
        for _, k in TRUNKS:
            runs = cells.get((task, k))
            if not runs:
                line.append("–"); continue
            f = [v[0] for v in runs.values()]; s = [v[1] for v in runs.values()]
            m = sum(f) / len(f)
            se = math.sqrt(sum((x - m) ** 2 for x in f) / (len(f) - 1) / len(f)) if len(f) > 1 else float("nan")
            steps = {v[2] for v in runs.values()}
            num = lambda x: f"{x:.3f}".replace("-", "−")
            value = f"{num(m)} ± {se:.3f}" if len(f) > 1 else f"{num(m)} (seed {next(iter(runs))})"
            extra = "" if len(f) in (1, 3) else f", {len(f)} seeds"
            extra += ", 1M steps" if min(steps) > 600_000 else ""
            line.append(f"{value}{extra}; {sum(s) / len(s):,.0f}/s")
        print("| " + " | ".join(line) + " |")


if __name__ == "__main__":
    sys.exit(main())
