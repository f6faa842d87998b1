# Exports a fifth held-out validation set (issue 13, thirtieth pass): 18 public series from R packages lmtest, tseries,
# quantreg, boot, waveslim, AER and datasets that are in none of ../shared/forecast-bench, ../shared/data/series and
# the four other held-out sets, to timestamp,value CSVs, and writes OUT/series.txt (file,column,season) for
# heldout_peers.sh and heldout_run.sh. Written after the twenty-ninth pass (forecast-pool layout 18) and before any of
# these series was scored, to judge the defaults on series none of them was chosen on. Selection rule, fixed before
# scoring: from the data sets these packages ship as time series, those not used by another set and not a near-copy of
# one (MASS's accdeaths, deaths and drivers are datasets' USAccDeaths, ldeaths and UKDriverDeaths; waveslim's cpi and
# nile repeat USMacroSWM_cpi and the Nile minima; tseries' nino3 is nino3.4's neighbour; NelPlo, Seatbelts and AER's
# macro sets already gave their two), at least 36 rows, real data only (waveslim's synthetic signals are out), one column
# per data set and at most two per data set counting those other sets took (lmtest's six Harvey–Collier sets share one
# layout: the first two in alphabetical order), each capped at its last 600 rows. The seasons are those the app infers
# from the timestamps (monthly 12, quarterly 4, weekly 52, daily 7, yearly 1; a series without a calendar 1).
# Needs R with lmtest, tseries, quantreg, boot, waveslim and AER. Usage: Rscript heldout5_export.R OUT_DIR
suppressPackageStartupMessages({library(lmtest); library(tseries); library(quantreg); library(boot); library(waveslim); library(AER)})
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "heldout_common.R"))
cap <- 600
capped <- function(name, v, stamps, season) { k <- length(v); i <- max(1, k - cap + 1):k; w(name, as.numeric(v)[i], stamps[i], season) }
data(fyff, gmdc, bondyield, currencysubstitution, valueofstocks, moneydemand, ChickEgg, package = "lmtest")
data(camp, ice.river, tcmd, USeconomic, package = "tseries")
data(gasprice, MelTemp, package = "quantreg")
data(wool, package = "boot")
data(unemploy, kobe, package = "waveslim")
data(FrozenJuice, package = "AER")
col <- function(x, name) ts(x[, name], start = start(x), frequency = frequency(x))

# monthly
wts("fyff_federal_funds", col(fyff, "y"))                       # lmtest: federal funds rate, 1959-1993
wts("gmdc_deflator", col(gmdc, "y"))                            # lmtest: consumption deflator, 1959-1993
wts("unemploy_US_last600", last(unemploy, cap))                 # waveslim: US unemployment rate, 1948-1999
wts("FrozenJuice_fdd_last600", last(col(FrozenJuice, "fdd"), cap))  # AER: Orlando freezing degree days (mostly 0)
# quarterly
wts("bondyield_UK", col(bondyield, "RAARUS"))                   # lmtest: UK bond yield, 1961-1975
wts("currencysubstitution_logCUS", col(currencysubstitution, "logCUS"))  # lmtest: Ecuador, 1960-1975
wts("valueofstocks_VST", col(valueofstocks, "VST"))             # lmtest: value of US stocks, 1960-1977
wts("USeconomic_rs", col(USeconomic, "rs"))                     # tseries: US short-term rate, 1954-1987
# weekly: US retail gasoline price, 1990 week 8 to 2003 week 26 (dated from Monday 19 February 1990)
gp <- as.numeric(gasprice); capped("gasprice_weekly_last600", gp, format(as.Date("1990-02-19") + 7 * (seq_along(gp) - 1)), 52)
# daily: Melbourne's daily maximum temperature 1981-1990 (365 a year, no 29 February); an Icelandic daily temperature
days <- seq(as.Date("1981-01-01"), as.Date("1990-12-31"), by = "day"); days <- days[format(days, "%m-%d") != "02-29"]
capped("MelTemp_daily_last600", as.numeric(MelTemp), format(days), 7)
capped("ice_river_temp", ice.river[, "temp"], format(seq(as.Date("1972-01-01"), by = "day", length.out = nrow(ice.river))), 7)
# yearly
wts("moneydemand_logM", col(moneydemand, "logM"))               # lmtest: US money, 1879-1974
wts("chicken", col(ChickEgg, "chicken"))                        # lmtest: US chickens, 1930-1983
capped("camp_treering_last600", as.numeric(camp), sprintf("%d", seq(tsp(camp)[1], tsp(camp)[2])), 1)  # tseries: Mount Campito
# no calendar: daily 1-year Treasury yields (business days, no dates), weekly wool prices, a seismogram, a leading indicator
capped("tcm1yd_last600", tcmd[, "tcm1yd"], seq_len(nrow(tcmd)), 1)
w("wool_prices", as.numeric(wool), seq_along(wool), 1)
capped("kobe_seismogram_last600", as.numeric(kobe), seq_along(kobe), 1)
w("BJsales_lead", as.numeric(BJsales.lead), seq_along(BJsales.lead), 1)
finish()
