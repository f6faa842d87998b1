# Exports the held-out validation series (public series NOT in ../shared/forecast-bench) to timestamp,value CSVs, and
# writes OUT/series.txt (file,column,season) for heldout_peers.sh and heldout_run.sh. Needs R with the forecast package
# (Debian: r-base-core r-cran-forecast) and Debian's python3-statsmodels data files for the macro series.
# Usage: Rscript heldout_export.R OUT_DIR
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "heldout_common.R"))
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
finish()
