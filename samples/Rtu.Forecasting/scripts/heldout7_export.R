# Exports a seventh held-out validation set: 18 public series from R packages surveillance, AER, modeldata,
# fitdistrplus, spatstat.data, fields, uroot, urca, spacetime, gstat, TeachingDemos, evd, dslabs, robustbase and EpiEstim
# that are in none of ../shared/forecast-bench, ../shared/data/series and the six other held-out sets, to timestamp,value CSVs,
# and writes OUT/series.txt (file,column,season) for heldout_peers.sh and heldout_run.sh. Written before any of these
# series was scored, to judge the defaults on series none of them was chosen on. Selection rule, fixed before scoring
# (../heldout7/README.md): real series of at least 40 rows from installed packages the other sets did not draw on, plus
# the unused data sets of packages they did use, none a near-copy of a used series (a sibling column, a subset or a
# re-release); a mix fixed in advance (five monthly, three quarterly, three weekly, two daily, three yearly, two
# without a calendar; no monthly macro series qualified, so that slot is a monthly weather series), one column per data
# set (strata summed, dated records counted per period), at most four data sets per package, each capped at its last
# 600 rows; non-financial first, then longer, then more seasonal. The seasons are those the app infers from the
# timestamps (monthly 12, quarterly 4, weekly 52, daily 7, yearly 1; no calendar 1).
# Needs R with surveillance, AER, modeldata, fitdistrplus, spatstat.data, fields, uroot, urca, spacetime, gstat,
# TeachingDemos, evd, dslabs, robustbase and EpiEstim.
# Usage: Rscript heldout7_export.R OUT_DIR
suppressPackageStartupMessages(library(surveillance))   # observed() and epoch() of its sts objects; the rest via data()
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "heldout_common.R"))
cap <- 600
capped <- function(name, v, stamps, season) { k <- length(v); i <- max(1, k - cap + 1):k; w(name, as.numeric(v)[i], stamps[i], season) }
ld <- function(name, pkg) { e <- new.env(); data(list = name, package = pkg, envir = e); get(ls(e)[1], e) }
months <- function(y, m, n) { k <- (m - 1) + seq_len(n) - 1; sprintf("%04d-%02d-01", y + k %/% 12, k %% 12 + 1) }
quarters <- function(y, q, n) { k <- (q - 1) + seq_len(n) - 1; sprintf("%04d-%02d-01", y + k %/% 4, (k %% 4) * 3 + 1) }
# counts of dated records per calendar month from..to (months without a record count 0)
per_month <- function(dates, from, to) {
  all <- format(seq(as.Date(from), as.Date(to), by = "month"), "%Y-%m")
  k <- table(factor(format(dates, "%Y-%m"), levels = all)); list(v = as.numeric(k), t = paste0(all, "-01"))
}
d <- function(x) format(as.Date(x))

# monthly
ames <- ld("ames", "modeldata")                                        # modeldata: Ames (Iowa) home sales per month;
a <- per_month(as.Date(sprintf("%04d-%02d-01", ames$Year_Sold, ames$Mo_Sold)), "2006-01-01", "2010-06-01")
w("ames_home_sales", a$v, a$t, 12)                                     # July 2010 (8 sales) is partial: dropped
mn <- ld("meningo.age", "surveillance")                                # surveillance: meningococcal infections in
w("meningo_France_cases", rowSums(mn$observed), months(1985, 1, nrow(mn$observed)), 12)  # France, 4 age groups summed
dn <- ld("danishuni", "fitdistrplus")                                  # fitdistrplus: Danish fire losses (Copenhagen Re)
a <- per_month(dn$Date, "1980-01-01", "1990-12-01"); w("danish_fire_claims", a$v, a$t, 12)  # claims per month
nb <- ld("nbfires", "spatstat.data")                                   # spatstat.data: New Brunswick fires per month of
nbd <- as.Date(nb$marks$dis.date)                                      # discovery, 1989-2003 (1988 is absent from the
a <- per_month(nbd[!is.na(nbd)], "1989-01-01", "2003-12-01"); w("nbfires_monthly", a$v, a$t, 12)  # data; undated left out
e <- new.env(); data("COmonthlyMet", package = "fields", envir = e)    # fields: Fort Collins' monthly mean daily maximum
j <- which(trimws(e$CO.names) == "FORT COLLINS")                       # temperature, 1895-1997 (last 600 months; Denver's
capped("FortCollins_tmax_last600", as.vector(t(e$CO.tmax[, , j])), months(min(e$CO.years), 1, length(e$CO.tmax[, , j])), 12)  # have gaps)
# quarterly
e <- new.env(); data("bgt-data", package = "uroot", envir = e); data("ch-data", package = "uroot", envir = e)
wts("UK_spirits_spending", e$bgt.data$LHHCONSSPIRCU)                   # uroot bgt: log UK household spending on spirits
wts("US_nondurables_nsa", e$ch.data$cnd)                               # uroot ch: US nondurables consumption, unadjusted
r1 <- ld("Raotbl1", "urca")                                            # urca: log currency / checkable deposits ratio,
w("Raotbl1_currency_ratio", r1$k, quarters(1953, 1, nrow(r1)), 4)      # not seasonally adjusted, 1953:Q1-1988:Q4
# weekly: Salmonella Newport cases carry their weeks' Mondays; Salmonella Agona (UK) is dated from ISO week 1 of 1990
# (Monday 1 January 1990) in consecutive weeks; the railroad cartel's grain tonnage from 1 January 1880 (no dates given)
sn <- ld("salmNewport", "surveillance")
w("salmNewport_cases", rowSums(observed(sn)), d(epoch(sn)), 52)        # 16 states summed, 2004-2014
cs <- ld("CartelStability", "AER")
w("CartelStability_grain_tons", cs$quantity, format(as.Date("1880-01-01") + 7 * (seq_len(nrow(cs)) - 1)), 52)
ag <- ld("salmonella.agona", "surveillance"); ago <- as.numeric(ag$observed)
w("salmonella_agona_UK", ago, format(as.Date("1990-01-01") + 7 * (seq_along(ago) - 1)), 52)
# daily
e <- new.env(); data("air", package = "spacetime", envir = e)          # spacetime: rural PM10 in Germany, 70 stations,
run <- apply(e$air, 1, function(x) { k <- which(is.na(x)); ncol(e$air) - if (length(k)) max(k) else 0 })  # 1998-2009: the
s1 <- names(which.max(run)); k <- (ncol(e$air) - run[s1] + 1):ncol(e$air)   # longest run after a station's last gap (DENI063)
capped(paste0("PM10_", s1, "_daily"), e$air[s1, k], format(e$dates[k]), 7)
wi <- ld("wind", "gstat")                                              # gstat: daily mean wind speed at Dublin, 1961-78
capped("wind_Dublin_last600", wi$DUB, sprintf("%04d-%02d-%02d", 1900 + wi$year, wi$month, wi$day), 7)
# yearly
lds <- ld("ldsgrowth", "TeachingDemos")
w("ldsgrowth_members", lds$Members, lds$Year, 1)                       # TeachingDemos: LDS church members, 1830-2008
ve <- ld("venice2", "evd")
w("venice_max_sea_level", ve[, 1], as.integer(rownames(ve)), 1)        # evd: Venice's annual maximum sea level, 1887-2011
uc <- ld("us_contagious_diseases", "dslabs"); ms <- uc[uc$disease == "Measles", ]
ms <- tapply(ms$count, ms$year, sum)                                   # dslabs: US measles cases per year (states summed)
w("measles_US_yearly", as.numeric(ms), as.integer(names(ms)), 1)
# no calendar: hourly NOx next to a Swiss motorway, hours with missing values removed (numbered by row in the whole
# recording); the daily incidence of SARS in Hong Kong, 2003, by day of the outbreak
nox <- ld("NOxEmissions", "robustbase")
capped("NOx_motorway_last600", nox$LNOx, seq_len(nrow(nox)), 1)
sars <- ld("SARS2003", "EpiEstim")$incidence
w("SARS2003_HongKong", sars, seq_along(sars), 1)
finish()
