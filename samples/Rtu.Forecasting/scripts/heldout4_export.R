# Exports a fourth held-out validation set (issue 13, nineteenth pass): 19 public series from R packages AER, urca,
# waveslim and datasets that are in none of ../shared/forecast-bench, ../shared/data/series, heldout/, heldout2/ and
# heldout3/, to timestamp,value CSVs, and writes OUT/series.txt (file,column,season) for heldout_peers.sh and
# heldout_run.sh. Written after the seventeenth pass had fixed the defaults (pool layout 15) and before any of these
# series was scored, to judge those defaults on series none of them was chosen on: the third set can no longer judge
# them, since layout 15's weights were found on it. Selection rule, fixed before scoring: from the data sets these four
# packages ship as time series, every one not used by another set and not a near-copy of one (fdeaths and mdeaths are
# ldeaths' two halves; USMacroG and USMoney repeat the second set's US GDP and M1), at most two per data set, real data
# only (waveslim's synthetic signals are out), each capped at its last 600 rows. The seasons are those the app infers
# from the timestamps (monthly 12, quarterly 4, weekly 52, yearly 1; a series without a calendar 1), except the 4-weekly
# Dutch advertising series, whose 13 periods a year are given (the app read 28-day steps as monthly when this was written).
# Needs R with AER, urca and waveslim (Debian: r-cran-aer r-cran-urca r-cran-waveslim). Usage: Rscript heldout4_export.R OUT_DIR
suppressPackageStartupMessages({library(AER); library(urca); library(waveslim)})
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "heldout_common.R"))
cap <- 600
for (d in c("ArgentinaCPI", "GermanUnemployment", "UKInflation", "OrangeCounty", "BondYield", "DutchSales", "USStocksSW",
            "DJFranses", "MarkPound", "ChinaIncome", "MotorCycles", "USConsump1993", "USGasG", "TechChange", "DutchAdvert"))
  data(list = d, package = "AER")
data(exchange, mexm, ibm, package = "waveslim")
col <- function(x, name) ts(x[, name], start = start(x), frequency = frequency(x))

# quarterly
wts("ArgentinaCPI", ArgentinaCPI)                                          # 1970-1989, high inflation
wts("GermanUnemployment_unadjusted", col(GermanUnemployment, "unadjusted"))  # 1962-1991, seasonal
wts("UKInflation_actual", col(UKInflation, "actual"))                      # 1972-1985
wts("OrangeCounty_employment", col(OrangeCounty, "employment"))            # 1965-1983
wts("freeny_revenue", freeny.y)                                            # datasets: 39 quarters, 1962-1971
# monthly
wts("BondYield", BondYield)                                                # 1990-1994, 60 months
wts("DutchSales", DutchSales)                                              # 1960-1995
wts("USStocksSW_dividend_last600", last(col(USStocksSW, "dividend"), cap))
wts("exchange_DEM_USD", col(exchange, "DEM.USD"))                          # 1970-1998
wts("mexm", mexm)                                                          # 1957-1999, Mexican money supply
# weekly: the Dow Jones index, 1980-1994 (Franses), dated by weeks from the first Friday of 1980
dj <- as.numeric(DJFranses); k <- length(dj); i <- max(1, k - cap + 1):k
w("DJFranses_weekly_last600", dj[i], format(as.Date("1980-01-04") + 7 * (i - 1)), 52)
# 4-weekly: Dutch TV advertising expenditure, 13 periods a year
tv <- as.numeric(DutchAdvert[, "tv"])
w("DutchAdvert_tv", tv, format(as.Date("1978-01-02") + 28 * (seq_along(tv) - 1)), 13)
# no calendar: IBM's daily closing price (Box & Jenkins' series B), the pound-mark daily returns (last 600)
w("ibm_close", as.numeric(ibm), seq_along(ibm), 1)
mp <- as.numeric(MarkPound); k <- length(mp); i <- max(1, k - cap + 1):k
w("MarkPound_returns_last600", mp[i], seq_along(i), 1)
# yearly
wts("ChinaIncome_agriculture", col(ChinaIncome, "agriculture"))
wts("MotorCycles", MotorCycles)
wts("USConsump1993_expenditure", col(USConsump1993, "expenditure"))
wts("USGasG_gas", col(USGasG, "gas"))
wts("TechChange_output", col(TechChange, "output"))
finish()
