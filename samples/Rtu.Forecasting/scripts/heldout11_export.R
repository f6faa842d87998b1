# Exports the eleventh held-out set (samples/Rtu.Forecasting/heldout11): a stratified random sample of the M1 competition's
# series (Makridakis et al., 1982; the 1,001 series as R's Mcomp package holds them, data/M1.rda of
# github.com/robjhyndman/Mcomp, GPL-3), the whole of each series (training part x and test part xx together), as
# timestamp,value CSVs. A series that shares a run of 8 equal consecutive values with any M3 series (M3.rda) is passed
# over as a near-copy of the tenth set's source. The rule is in heldout11/README.md; it was fixed before any series was scored.
# Usage (from the repository root): Rscript samples/Rtu.Forecasting/scripts/heldout11_export.R M1.rda M3.rda OUT_DIR
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: Rscript heldout11_export.R M1.rda M3.rda OUT_DIR")
load(args[1]); load(args[2])   # M1, M3: lists of Mdata objects
out <- args[3]
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "heldout_common.R"))

whole <- function(s) ts(c(as.numeric(s$x), as.numeric(s$xx)), start = start(s$x), frequency = frequency(s$x))
runs <- function(v, k = 8) if (length(v) < k) character(0) else vapply(seq_len(length(v) - k + 1), function(i) paste(v[i:(i + k - 1)], collapse = ","), "")
m3runs <- unique(unlist(lapply(M3, function(s) runs(as.numeric(whole(s))))))
quota <- c(YEARLY = 8, QUARTERLY = 16, MONTHLY = 36)
set.seed(20261206)
for (p in names(quota)) {
  pool <- Filter(function(s) s$period == p && s$n + s$h >= 40, M1)
  pool <- Filter(function(s) !any(runs(as.numeric(whole(s))) %in% m3runs), pool)
  take <- pool[sort(sample(length(pool), quota[[p]]))]
  for (s in take) {
    name <- sprintf("M1_%s_%s_%s", s$sn, tolower(substr(p, 1, 1)), tolower(s$type))
    wts(name, whole(s))
  }
}
finish()
