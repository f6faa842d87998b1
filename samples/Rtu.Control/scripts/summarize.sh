#!/usr/bin/env bash
# One row per learning-curve CSV: env, arch, seed, steps, mean return over the last 10 updates (the final level)
# and over the whole run (area under the curve / updates).
set -euo pipefail
echo "env,arch,seed,steps,final_return_last10,mean_return_all,mean_steps_per_second"
for f in "$1"/*.csv; do
  name=$(basename "$f" .csv)
  env=${name%%-*}; rest=${name#*-}; arch=${rest%-s*}; seed=${rest##*-s}
  awk -F, -v e="$env" -v a="$arch" -v s="$seed" 'NR > 1 { n++; r[n] = $3; st = $2; if ($3 != "NaN" && $3 != "") { sum += $3; m++ } sps += $12 }
    END { k = 0; t = 0; for (i = n; i > 0 && k < 10; i--) if (r[i] != "NaN" && r[i] != "") { t += r[i]; k++ }
          printf "%s,%s,%s,%d,%.4f,%.4f,%.0f\n", e, a, s, st, (k ? t / k : 0), (m ? sum / m : 0), sps / n }' "$f"
done
