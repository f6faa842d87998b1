#!/usr/bin/env bash
# One row per learning-curve CSV: env, arch, seed, steps, the final return (mean return of the episodes that ended in
# the last 20 % of the run's steps), the mean return of every episode of the run (area under the curve) and the mean
# steps per second. Episode-weighted: an update in which no episode ended repeats the previous update's return in the
# CSV and is not counted again (long MuJoCo episodes end only every few updates).
set -euo pipefail
echo "env,arch,seed,steps,final_return_last20pct,mean_return_all,mean_steps_per_second"
for f in "$1"/*.csv; do
  name=$(basename "$f" .csv)
  env=${name%%-*}; rest=${name#*-}; arch=${rest%-s*}; seed=${rest##*-s}
  awk -F, -v e="$env" -v a="$arch" -v s="$seed" 'NR > 1 { n++; st[n] = $2; r[n] = $3; ep[n] = $4; sps += $12 }
    END { last = st[n]; fs = 0; fw = 0; as = 0; aw = 0
          for (i = 1; i <= n; i++) if (ep[i] > 0 && r[i] != "NaN" && r[i] != "") {
            as += r[i] * ep[i]; aw += ep[i]; if (st[i] > 0.8 * last) { fs += r[i] * ep[i]; fw += ep[i] } }
          printf "%s,%s,%s,%d,%.4f,%.4f,%.0f\n", e, a, s, last, (fw ? fs / fw : 0), (aw ? as / aw : 0), sps / n }' "$f"
done
