# Exports the twelfth held-out set (samples/Rtu.Forecasting/heldout12): a random sample of the M4 competition's hourly
# and weekly series (Makridakis, Spiliotis and Assimakopoulos, 2020; the files of Dataset/ in
# github.com/Mcompetitions/M4-methods), the last 600 rows of each series (the competition's training part followed by
# its test part), as timestamp,value CSVs. The rule is in heldout12/README.md; it was fixed before any series was scored.
# The timestamps are a nominal calendar (see the README: the M4-info.csv copy with StartingDate was not available):
# row i of a series' whole length is 2000-01-01T00:00:00 + (i - 1) hours (hourly) or 2000-01-03 + 7 (i - 1) days
# (weekly), so that the app reads an hourly step (season 24, second season 168) or a weekly one (season 52).
# Usage (from the repository root):
#   Rscript samples/Rtu.Forecasting/scripts/heldout12_export.R M4_DIR OUT_DIR
# M4_DIR holds Hourly-train.csv, Hourly-test.csv, Weekly-train.csv, Weekly-test.csv (Dataset/Train and Dataset/Test of
# M4-methods) and M4-info.csv (M4_Card_upload/data/M4-info.csv of M4-methods: M4id, category, Frequency, Horizon, SP).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript heldout12_export.R M4_DIR OUT_DIR")
m4 <- args[1]
out <- args[2]
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "heldout_common.R"))

# A wide M4 file (one series a row: its id, then its values, empty cells after its end) as a named list of vectors.
wide <- function(path) {
  d <- read.csv(path, colClasses = "character", na.strings = c("", "NA"), check.names = FALSE)
  v <- lapply(seq_len(nrow(d)), function(i) { x <- as.numeric(unlist(d[i, -1])); x[!is.na(x)] })
  names(v) <- d[[1]]
  v
}
info <- read.csv(file.path(m4, "M4-info.csv"), colClasses = "character")
category <- setNames(info$category, info$M4id)

keep <- 600
periods <- list(
  Hourly = list(quota = 12, least = 0, season = 24,
                stamp = function(i) format(as.POSIXct("2000-01-01 00:00:00", tz = "UTC") + 3600 * (i - 1),
                                           "%Y-%m-%dT%H:%M:%S", tz = "UTC"),
                label = function(id) "hourly"),
  Weekly = list(quota = 12, least = 300, season = 52,
                stamp = function(i) format(as.Date("2000-01-03") + 7 * (i - 1), "%Y-%m-%d"),
                label = function(id) tolower(category[[id]])))

set.seed(20261206)
for (p in names(periods)) {
  q <- periods[[p]]
  train <- wide(file.path(m4, paste0(p, "-train.csv")))
  test <- wide(file.path(m4, paste0(p, "-test.csv")))
  stopifnot(identical(names(train), names(test)))
  whole <- lapply(names(train), function(id) c(train[[id]], test[[id]]))
  names(whole) <- names(train)
  pool <- names(whole)[lengths(whole) >= q$least]   # in the dataset's order
  cat(p, ":", length(whole), "series,", length(pool), "of at least", q$least, "rows\n")
  take <- pool[sort(sample(length(pool), q$quota))]
  for (id in take) {
    x <- whole[[id]]
    rows <- max(1, length(x) - keep + 1):length(x)   # the last 600 rows
    w(sprintf("M4_%s_%s", id, q$label(id)), x[rows], q$stamp(rows), q$season)
  }
}
finish()
