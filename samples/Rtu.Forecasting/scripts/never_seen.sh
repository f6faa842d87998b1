#!/usr/bin/env bash
# Series never seen (issue 13; NOTEBOOK.md, "Series never seen, measured again"): the forecast pool's member priors
# (src/Rtu.Trainers/Online/ForecastPool.MemberPriors.cs) were fitted on the twelve development sets, so scoring those sets
# as shipped flatters the pool. Here each set is run with the priors fitted on the other eleven, and the 323 series'
# geometric-mean one-step MASE (benchmarks/Rtu.ForecastSets' scoring) is compared with the better of ETS and auto.arima.
#   1. scripts/dump_members.sh WORK_DIR/dump: a member dump of the pool as built, every series of the sets (about 9
#      minutes for the twelve on two cores; reused when WORK_DIR/dump/.complete names the same sets, so delete the
#      folder after a change to the forecaster);
#   2. scripts/candidate_prior_screen.py WORK_DIR/dump --priors WORK_DIR/priors: the priors fitted on every set
#      (priors_final.txt, which should be the shipped tables, multiples of 1/24, give or take the refit's noise) and on
#      every set but S (priors_S.txt); needs numpy ($PYTHON, default /usr/bin/python3);
#   3. benchmarks/Rtu.ForecastSets on the sets as shipped, with --priors priors_final.txt and with --priors WORK_DIR/priors
#      (each set with its own fold's priors): the last is the figure, printed with the better peer's and the lead.
# Usage (from the repository root): [SETS="bench heldout …"] samples/Rtu.Forecasting/scripts/never_seen.sh WORK_DIR
# SETS: the bench and heldout, heldout2 … heldout11 by default (323 series). heldout12 (M4 hourly and weekly, the
# fifty-fifth pass) is left out: it was added after the priors were fitted, so it is never seen as shipped.
set -u
work=${1:?usage: never_seen.sh WORK_DIR}
p=samples/Rtu.Forecasting
[ -d "$p" ] || { echo "run it from the repository root"; exit 2; }
sets=${SETS:-bench heldout heldout2 heldout3 heldout4 heldout5 heldout6 heldout7 heldout8 heldout9 heldout10 heldout11}
python=${PYTHON:-/usr/bin/python3}
"$python" -c "import numpy" 2>/dev/null || { echo "$python has no numpy (set PYTHON)"; exit 2; }
mkdir -p "$work"
started=$SECONDS

if [ -f "$work/dump/.complete" ] && [ "$(cat "$work/dump/.complete")" = "$sets" ]; then
  echo "== member dump: reusing $work/dump"
else
  echo "== member dump of $sets"
  rm -rf "$work/dump" "$work/priors"
  SETS="$sets" "$p/scripts/dump_members.sh" "$work/dump" >"$work/dump.log" || { tail -3 "$work/dump.log"; echo "dump failed"; exit 1; }
  grep -v '^[a-z0-9]*/[^ ]*$' "$work/dump.log"   # anything but the series' names: skipped series
  echo "$sets" >"$work/dump/.complete"
  echo "   $(grep -c '^[a-z0-9]*/[^ ]*$' "$work/dump.log") series, $((SECONDS - started)) s"
fi

t=$SECONDS
echo "== priors fitted on all sets and on all but each (candidate_prior_screen.py --priors)"
"$python" "$p/scripts/candidate_prior_screen.py" "$work/dump" --priors "$work/priors" >"$work/priors.log" || { cat "$work/priors.log"; exit 1; }
for s in final $sets; do [ -s "$work/priors/priors_$s.txt" ] || { echo "no $work/priors/priors_$s.txt"; exit 1; }; done
echo "   $((SECONDS - t)) s; fitted on all (b in 24ths; the shipped tables are in ForecastPool.MemberPriors.cs):"
awk -F'\t' '{ printf "     %-2s %-40s %+6.2f\n", $1, substr($2, 1, 40), $3 * 24 }' "$work/priors/priors_final.txt"

t=$SECONDS
dotnet build -c Release benchmarks/Rtu.ForecastSets >"$work/build.log" 2>&1 || { tail -5 "$work/build.log"; echo "build failed"; exit 1; }
list=$(echo $sets | tr ' ' ',')
run() { dotnet run -c Release --no-build --project benchmarks/Rtu.ForecastSets -- --sets "$list" --series "$@"; }
run >"$work/as_shipped.txt" || exit 1
run --priors "$work/priors/priors_final.txt" >"$work/priors_final.txt" || exit 1
run --priors "$work/priors" >"$work/never_seen.txt" || exit 1
echo "== benchmarks/Rtu.ForecastSets ($((SECONDS - t)) s): each set with the priors fitted without it"
grep -v '^  ' "$work/never_seen.txt"
summary() {   # LABEL FILE: the "all" line's geometric mean, the better peer's and the lead (ForecastSets' own, unrounded)
  awk -v label="$1" '$1 == "all" { peer = $5 < $6 ? $5 : $6; name = $5 < $6 ? "ETS" : "auto.arima";
    printf "%-34s %s series: %s, better peer (%s) %s, lead %s %%\n", label, $2, $3, name, peer, $7 }' "$2"
}
echo
summary "as shipped (the tables)" "$work/as_shipped.txt"
summary "priors fitted on all (final)" "$work/priors_final.txt"
summary "series never seen" "$work/never_seen.txt"
echo "(total $((SECONDS - started)) s; per series: $work/*.txt)"
