# Exports the held-out validation series (public series NOT in ../shared/forecast-bench) to timestamp,value CSVs, and
# writes OUT/series.txt (file,column,season) for heldout_peers.sh and heldout_run.sh. Needs R with the forecast package
# (Debian: r-base-core r-cran-forecast) and Debian's python3-statsmodels data files for the macro series.
# Usage: Rscript heldout_export.R OUT_DIR
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
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
# R datasets
wts("AirPassengers", AirPassengers); wts("co2_monthly", co2); wts("UKDriverDeaths", UKDriverDeaths)
wts("Seatbelts_front", Seatbelts[, "front"]); wts("Seatbelts_rear", Seatbelts[, "rear"])
wts("nhtemp", nhtemp); wts("BJsales", BJsales); wts("discoveries", discoveries); wts("presidents", presidents)
wts("lh", lh)
wts("sunspot_month_last600", last(sunspot.month, 600))
dax <- as.numeric(EuStockMarkets[, "DAX"])   # business days, no dates in R: a weekly season of 5
days <- seq(as.Date("1991-07-01"), by = "day", length.out = 3 * length(dax)); days <- days[!(weekdays(days) %in% c("Saturday", "Sunday"))]
w("DAX", dax, format(days[seq_along(dax)]), 5)
# forecast package data
wts("gas", gas); wts("wineind", wineind); wts("woolyrnq", woolyrnq)
w("gold", gold, format(seq(as.Date("1985-01-01"), by = "day", length.out = length(gold))), 1)
tay <- tail(as.numeric(taylor), 48 * 28)   # last 4 weeks of half-hourly electricity demand (daily season 48)
w("taylor_4weeks", tay, format(seq(as.POSIXct("2000-07-31 00:00", tz = "UTC"), by = "30 min", length.out = length(tay)), "%Y-%m-%d %H:%M"), 48)
# statsmodels' macrodata (quarterly US)
md <- read.csv("/usr/lib/python3/dist-packages/statsmodels/datasets/macrodata/macrodata.csv")
q <- sprintf("%04d-%02d-01", as.integer(md$year), (as.integer(md$quarter) - 1) * 3 + 1)
w("macro_realgdp", md$realgdp, q, 4); w("macro_infl", md$infl, q, 4); w("macro_unemp", md$unemp, q, 4); w("macro_cpi", md$cpi, q, 4)
writeLines(list_lines, file.path(out, "series.txt"))
cat(length(list_lines), "series written to", out, "\n")
