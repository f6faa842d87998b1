# Exports a sixth held-out validation set: 17 public series from R packages modeldata, ggplot2, surveillance, dslabs,
# evd, wavethresh, strucchange, urca and datasets that are in none of ../shared/forecast-bench, ../shared/data/series and
# the five other held-out sets, to timestamp,value CSVs, and writes OUT/series.txt (file,column,season) for
# heldout_peers.sh and heldout_run.sh. Written with the defaults of forecast-pool layout 19 and before any of these
# series was scored, to judge the defaults on series none of them was chosen on. Selection rule, fixed before scoring
# (../heldout6/README.md): real series of at least 40 rows from packages the other sets did not draw on, plus the unused
# data sets of strucchange, urca and datasets, none a near-copy of a used series (a sibling column, a subset or a
# re-release: urca's UKconinc and the Nelson-Plosser sets, mFilter's unemp, strucchange's GermanM1, dslabs' historic_co2
# and temperature anomalies; ggplot2's economics and strucchange's USIncExp give one column between them); a mix fixed
# in advance (five monthly, three quarterly, three weekly, two daily, three yearly, two without a calendar; one of the
# daily series was dropped after, for its peers' time, below), one column per data set (strata summed), at most four
# data sets per package, each capped at its last 600 rows. The seasons are those the app infers from the timestamps
# (monthly 12, quarterly 4, weekly 52, daily 7, yearly 1; no calendar 1).
# Needs R with modeldata, ggplot2, surveillance, dslabs, evd, wavethresh, strucchange and urca.
# Usage: Rscript heldout6_export.R OUT_DIR
suppressPackageStartupMessages({library(modeldata); library(ggplot2); library(surveillance); library(dslabs); library(evd)
  library(wavethresh); library(strucchange); library(urca)})
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "heldout_common.R"))
cap <- 600
capped <- function(name, v, stamps, season) { k <- length(v); i <- max(1, k - cap + 1):k; w(name, as.numeric(v)[i], stamps[i], season) }
data(drinks, package = "modeldata")
data(txhousing, economics, package = "ggplot2")
data(rotaBB, influMen, momo, campyDE, package = "surveillance")
data(temp_carbon, package = "dslabs")
data(oxford, package = "evd")
data(BabyECG, ipd, package = "wavethresh")
data(BostonHomicide, PhillipsCurve, package = "strucchange")
data(denmark, finland, Raotbl7, package = "urca")
quarters <- function(y, q, n) { k <- (q - 1) + seq_len(n) - 1; sprintf("%04d-%02d-01", y + k %/% 4, (k %% 4) * 3 + 1) }
d <- function(x) format(as.Date(x))

# monthly
w("drinks_sales", drinks$S4248SM144NCEN, d(drinks$date), 12)          # modeldata: US alcoholic beverage sales (FRED), 1992-2017
hh <- txhousing[txhousing$city == "Houston", ]; hh <- hh[order(hh$year, hh$month), ]
w("txhousing_Houston_sales", hh$sales, sprintf("%04d-%02d-01", hh$year, hh$month), 12)  # ggplot2: Houston home sales, 2000-2015
w("rotaBB_cases", rowSums(observed(rotaBB)), d(epoch(rotaBB)), 12)    # surveillance: rotavirus, Brandenburg, 5 age groups summed
wts("BostonHomicide_youth", BostonHomicide$homicides)                 # strucchange: youth homicides in Boston, 1992-1998
w("economics_psavert", economics$psavert, d(economics$date), 12)      # ggplot2: US personal saving rate, 1967-2015
# quarterly (urca's data frames carry no dates: the periods are those of their help pages)
w("denmark_LRM", denmark$LRM, quarters(1974, 1, nrow(denmark)), 4)    # 1974:Q1-1987:Q3, log real money M2
w("finland_lny", finland$lny, quarters(1958, 2, nrow(finland)), 4)    # 1958:Q2-1984:Q3, log real income
w("Raotbl7_gdp_Canada", Raotbl7$gdp, quarters(1956, 1, nrow(Raotbl7)), 4)  # 1956:Q1-1988:Q4, Canadian GDP at 1981 prices
# weekly: influenza in Germany from ISO week 1 of 2001 (Monday 1 January 2001), consecutive weeks; Danish deaths and
# campylobacteriosis carry their weeks' Mondays
flu <- influMen$observed[, "influenza"]
w("influMen_influenza", flu, format(as.Date("2001-01-01") + 7 * (seq_along(flu) - 1)), 52)
capped("momo_deaths_last600", rowSums(observed(momo)), d(epoch(momo, as.Date = TRUE)), 52)  # 8 age groups summed
w("campyDE_cases", campyDE$case, d(campyDE$date), 52)
# daily
# modeldata's Chicago ridership (Clark/Lake entries, daily, last 600 days) was selected but dropped: its R peers ran
# past 5 minutes (killed at 5.5); to add it back: capped("Chicago_ridership_last600", Chicago$ridership, d(Chicago$date), 7)
w("airquality_temp", airquality$Temp, sprintf("1973-%02d-%02d", airquality$Month, airquality$Day), 7)  # La Guardia daily max
# yearly
w("oxford_maxtemp", as.numeric(oxford), 1901:1980, 1)                 # evd: annual maximum temperature at Oxford
ce <- temp_carbon[!is.na(temp_carbon$carbon_emissions), ]; ce <- ce[order(ce$year), ]
w("carbon_emissions", ce$carbon_emissions, ce$year, 1)                # dslabs: carbon emissions, 1751-2014
wts("PhillipsCurve_unemployment", PhillipsCurve[, "u"])               # strucchange: UK unemployment rate, 1857-1987
# no calendar: an infant's heart rate every 16 seconds; breathing at 50 Hz
capped("BabyECG_heartrate_last600", as.numeric(BabyECG), seq_along(BabyECG), 1)
capped("ipd_plethysmograph_last600", as.numeric(ipd), seq_along(ipd), 1)
finish()
