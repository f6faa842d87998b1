# Exports the tenth held-out set (samples/Rtu.Forecasting/heldout10): a stratified random sample of the M3 competition's
# series (Makridakis and Hibon, 2000; the 3,003 series as R's Mcomp package holds them, data/M3.rda of
# github.com/robjhyndman/Mcomp, GPL-3), the whole of each series (the competition's training part x and test part xx
# together), as timestamp,value CSVs. The rule is in heldout10/README.md; it was fixed before any series was scored.
# Usage (from the repository root): Rscript samples/Rtu.Forecasting/scripts/heldout10_export.R M3.rda OUT_DIR
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript heldout10_export.R M3.rda OUT_DIR")
load(args[1])   # M3: a list of 3,003 Mdata objects
out <- args[2]
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "heldout_common.R"))

whole <- function(s) ts(c(as.numeric(s$x), as.numeric(s$xx)), start = start(s$x), frequency = frequency(s$x))
quota <- c(YEARLY = 12, QUARTERLY = 20, MONTHLY = 36, OTHER = 12)
set.seed(20261205)
for (p in names(quota)) {
  pool <- Filter(function(s) s$period == p && s$n + s$h >= 40, M3)
  take <- pool[sort(sample(length(pool), quota[[p]]))]
  for (s in take) {
    x <- whole(s)
    name <- sprintf("M3_%s_%s_%s", s$sn, tolower(substr(p, 1, 1)), tolower(s$type))
    if (p == "OTHER") w(name, x, seq_along(x), 1)   # no calendar
    else wts(name, x)
  }
}
finish()
