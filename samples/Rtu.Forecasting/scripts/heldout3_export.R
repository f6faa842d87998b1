# Exports a third held-out validation set: 23 public series from R packages (MASS, boot, carData, urca, waveslim, dynlm,
# timeSeries) and npm vega-datasets that are in none of ../shared/forecast-bench, ../shared/data/series, heldout/ and
# heldout2/, to timestamp,value CSVs, and writes OUT/series.txt (file,column,season) for heldout_peers.sh and
# heldout_run.sh. Chosen for variety before any score was seen, favouring kinds the other sets lack: weekly data, daily
# data with a yearly cycle, counts and intermittent counts, negative values, structural breaks, short monthly and
# quarterly series, a few yearly ones. Each series is capped at its last 600 rows. The season is the one the app infers
# from the timestamps (weekly 52, daily 7, business days 5, hourly 24, monthly 12, quarterly 4, yearly 1); a series
# without a calendar (successive eruptions, 10-minute body temperatures) gets 1.
# Needs R with MASS, boot, carData, urca, waveslim, dynlm and timeSeries (Debian: r-cran-mass r-cran-boot r-cran-cardata
# r-cran-urca r-cran-waveslim r-cran-dynlm r-cran-timeseries) and vega-datasets 3.2.1 unpacked (`npm pack
# vega-datasets@3.2.1 && tar xzf vega-datasets-3.2.1.tgz`). Usage: Rscript heldout3_export.R OUT_DIR VEGA_PACKAGE_DIR
suppressPackageStartupMessages({library(MASS); library(boot); library(carData); library(urca); library(waveslim)
  library(dynlm); library(timeSeries)})
args <- commandArgs(trailingOnly = TRUE); out <- args[1]; vega <- file.path(args[2], "data")
for (d in c("MplsStops", "Hartnagel")) data(list = d, package = "carData")
data(UKconsumption, package = "urca"); data(M1Germany, package = "dynlm"); data(MSFT, LPP2005REC, package = "timeSeries")
data(japan, tourism, nile, package = "waveslim")
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "heldout_common.R"))
cap <- 600
tailn <- function(v, n = cap) tail(v, n)
wcap <- function(name, v, stamps, season) { k <- length(v); i <- max(1, k - cap + 1):k; w(name, v[i], stamps[i], season) }
days <- function(from, to) seq(as.Date(from), as.Date(to), by = "day")
count_by <- function(keys, levels) as.numeric(table(factor(keys, levels = levels)))   # zero where no event

# weekly: bird strikes per week (Monday-based weeks; vega's 10 000-record sample of the FAA database), yearly cycle
bs <- as.Date(read.csv(file.path(vega, "birdstrikes.csv"), check.names = FALSE)[["Flight Date"]])
monday <- function(d) d - (as.integer(format(d, "%u")) - 1)
wk <- seq(monday(min(bs)), monday(max(bs)), by = "week")
wk <- wk[wk + 6 <= max(bs)]                                  # whole weeks only (the data stop on a Thursday)
wcap("birdstrikes_weekly", count_by(format(monday(bs[bs < max(wk) + 7])), format(wk)), format(wk), 52)
# daily with a yearly cycle: New York's daily maximum temperature 2012-2015 (vega weather.csv)
wx <- read.csv(file.path(vega, "weather.csv")); wx <- wx[wx$location == "New York", ]
wcap("newyork_temp_max", wx$temp_max, wx$date, 7)
# daily counts: Minneapolis police stops in 2017 (carData::MplsStops), a weekly cycle
st <- format(MplsStops$date, "%Y-%m-%d", tz = "America/Chicago"); dd <- format(days("2017-01-01", "2017-12-31"))
w("MplsStops_daily", count_by(st, dd), dd, 7)
# daily counts with an intervention: Swedish motorway accidents on the 92 days of summer 1962 (MASS::Traffic; the speed
# limit on and off; 92 days = 1 June to 31 August, the days are numbered only)
tr <- Traffic[Traffic$year == 1962, ]; tr <- tr[order(tr$day), ]
w("Traffic_1962", tr$y, format(as.Date("1962-06-01") + tr$day - 1), 7)
# hourly intermittent counts: commits per hour to a GitHub repository, Jan-May 2015 (vega github.csv), zero-filled
gh <- read.csv(file.path(vega, "github.csv")); gt <- as.POSIXct(gh$time, format = "%Y/%m/%d %H:%M:%S", tz = "UTC")
hrs <- seq(min(gt), max(gt), by = "hour"); ghc <- setNames(numeric(length(hrs)), format(hrs, "%Y-%m-%d %H:%M"))
ghc[format(gt, "%Y-%m-%d %H:%M")] <- gh$count
wcap("github_hourly_commits", unname(ghc), names(ghc), 24)
# business days: Microsoft's daily trading volume 2000-2001 (timeSeries::MSFT); Swiss Performance Index daily returns
# 2005-2007 (timeSeries::LPP2005REC, negative values)
wcap("MSFT_volume", as.numeric(MSFT[, "Volume"]), format(time(MSFT)), 5)
wcap("LPP2005_SPI_returns", as.numeric(LPP2005REC[, "SPI"]), format(time(LPP2005REC)), 5)
# monthly: the Rio Negro at Manaus (boot::manaus, deviations from the mean level: negative values, yearly cycle);
# two short US employment series 2006-2015 (vega us-employment.csv: construction, with the 2008 break; the monthly
# change of nonfarm payrolls, negative values); AIDS diagnoses per month in Australia 1982-1991 (MASS::Aids2: counts,
# intermittent at the start, a reporting delay at the end); ACME's monthly excess returns 1986-1990 (boot::acme)
wts("manaus_last600", last(manaus, cap))
em <- read.csv(file.path(vega, "us-employment.csv"))
w("us_employment_construction", em$construction, em$month, 12)
w("us_employment_nonfarm_change", em$nonfarm_change, em$month, 12)
ad <- format(as.Date(Aids2$diag, origin = "1960-01-01"), "%Y-%m-01")
mo <- format(seq(as.Date(min(ad)), as.Date(max(ad)), by = "month"))
w("Aids2_monthly_diagnoses", count_by(ad, mo), mo, 12)
w("acme_excess_returns", acme$acme, sprintf("19%s-%02d-01", sub(".*/", "", acme$month), as.integer(sub("/.*", "", acme$month))), 12)
# quarterly: UK consumption 1957-1975 (urca::UKconsumption, short, seasonal); Japan's GNP 1955-1997 and US tourism
# 1960-1999 (waveslim::japan, waveslim::tourism, seasonal); German log M1 1960-1995 (dynlm::M1Germany, the 1990
# reunification break)
wts("UKconsumption_cons", UKconsumption[, "cons"])
wts("japan_gnp", japan); wts("tourism_US", tourism)
m1 <- M1Germany[, "logm1"]; m1 <- m1[!is.na(m1)]
w("M1Germany_logm1", as.numeric(m1), sprintf("%04d-%02d-01", floor(as.numeric(time(m1)) + 1e-6), as.integer(format(time(m1), "%q")) * 3 - 2), 4)
# yearly: British coal-mining disasters per year 1851-1962 (boot::coal: counts, a break around 1890); deaths in all
# natural disasters 1900-2017 (vega disasters.csv; 1904 absent there: missing) and in volcanic activity (absent years
# are years without a recorded death: 0, intermittent); Canadian female conviction rate 1931-1968 (carData::Hartnagel,
# short); Nile minimum levels 622-1284, the last 600 (waveslim::nile, long memory)
cy <- 1851:1962; w("coal_disasters_yearly", count_by(floor(coal$date), cy), cy, 1)
ds <- read.csv(file.path(vega, "disasters.csv")); yrs <- 1900:2017
all_ <- ds[ds$Entity == "All natural disasters", ]; w("disasters_all_deaths", all_$Deaths[match(yrs, all_$Year)], yrs, 1)
vo <- ds[ds$Entity == "Volcanic activity", ]; vv <- vo$Deaths[match(yrs, vo$Year)]; vv[is.na(vv)] <- 0
w("disasters_volcanic_deaths", vv, yrs, 1)
w("Hartnagel_fconvict", Hartnagel$fconvict, Hartnagel$year, 1)
wts("nile_minima_last600", last(nile, cap))
# no calendar: Old Faithful's successive waiting times, August 1985 (MASS::geyser); a beaver's body temperature every
# 10 minutes, with the jump when it becomes active (MASS::beav2)
w("geyser_waiting", geyser$waiting, seq_len(nrow(geyser)), 1)
w("beaver2_temp", beav2$temp, seq_len(nrow(beav2)), 1)
finish()
