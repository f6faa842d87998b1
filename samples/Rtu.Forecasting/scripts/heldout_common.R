# Shared by heldout_export.R and heldout2_export.R: writes series as timestamp,value CSVs under OUT/data and collects
# their series.txt lines (file,column,season). Sourced after `out` (the output folder) is set.
dir.create(file.path(out, "data"), recursive = TRUE, showWarnings = FALSE)
list_lines <- character(0)
stamp <- function(x) {
  f <- frequency(x); tt <- time(x)
  yr <- floor(tt + 1e-6); cyc <- round((tt - yr) * f) + 1
  if (f == 12) sprintf("%04d-%02d-01", yr, cyc)
  else if (f == 4) sprintf("%04d-%02d-01", yr, (cyc - 1) * 3 + 1)
  else sprintf("%d", yr)
}
w <- function(name, v, ts_, season) {
  df <- data.frame(timestamp = ts_, value = as.numeric(v))
  write.csv(df, file.path(out, "data", paste0(name, ".csv")), row.names = FALSE, quote = FALSE, na = "")
  list_lines <<- c(list_lines, sprintf("data/%s.csv,value,%d", name, season))
}
wts <- function(name, x, season = frequency(x)) w(name, x, stamp(x), season)
last <- function(x, n) { k <- length(x); window(x, start = time(x)[max(1, k - n + 1)]) }
finish <- function() {
  writeLines(list_lines, file.path(out, "series.txt"))
  cat(length(list_lines), "series written to", out, "\n")
}
