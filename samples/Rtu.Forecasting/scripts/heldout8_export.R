# Exports an eighth held-out validation set: 15 public series from R packages spacetime, spatstat.data, surveillance,
# plm, urca, latticeExtra, mlbench, evd, collapse, locfit and EpiEstim that are in none of ../shared/forecast-bench,
# ../shared/data/series and the seven other held-out sets, to timestamp,value CSVs, and writes OUT/series.txt
# (file,column,season) for heldout_peers.sh and heldout_run.sh. Written before any of these series was scored, to judge
# the defaults on series none of them was chosen on. Selection rule, fixed before scoring (../heldout8/README.md): real
# series of at least 40 rows from data sets of installed packages that no other set used, none a near-copy of a used
# series (a sibling column, a subset or a re-release); a mix fixed in advance (five monthly, three quarterly, three
# weekly, two daily, three yearly, two without a calendar; only three monthly and two quarterly qualified), one column
# per data set (strata summed, dated records of cases or fires counted per period), at most four data sets per package,
# each capped at its last 600 rows; non-financial first, then longer, then more seasonal. The seasons are those the app
# infers from the timestamps (monthly 12, quarterly 4, weekly 52, daily 7, yearly 1; no calendar 1).
# Needs R with spacetime, spatstat.data, surveillance, plm, urca, latticeExtra, mlbench, evd, collapse, locfit, EpiEstim.
# Usage: Rscript heldout8_export.R OUT_DIR
suppressPackageStartupMessages(library(surveillance))   # observed() of its sts objects; the rest via data()
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "heldout_common.R"))
cap <- 600
capped <- function(name, v, stamps, season) { k <- length(v); i <- max(1, k - cap + 1):k; w(name, as.numeric(v)[i], stamps[i], season) }
ld <- function(name, pkg) { e <- new.env(); data(list = name, package = pkg, envir = e); get(name, e) }
quarters <- function(y, q, n) { k <- (q - 1) + seq_len(n) - 1; sprintf("%04d-%02d-01", y + k %/% 4, (k %% 4) * 3 + 1) }
weeks <- function(monday, n) format(as.Date(monday) + 7 * (seq_len(n) - 1))
# counts of dated records per calendar month from..to (months without a record count 0)
per_month <- function(dates, from, to) {
  all <- format(seq(as.Date(from), as.Date(to), by = "month"), "%Y-%m")
  k <- table(factor(format(dates, "%Y-%m"), levels = all)); list(v = as.numeric(k), t = paste0(all, "-01"))
}

# monthly
fi <- ld("fires", "spacetime")                                         # spacetime: wildfires in northern Los Angeles
a <- per_month(as.Date("1960-01-01") + fi$Time - 1, "1976-01-01", "2000-12-01")  # County, 1976-2000 (days since
w("LAfires_monthly", a$v, a$t, 12)                                     # 1 Jan 1960, as the help page's example)
cf <- ld("clmfires", "spatstat.data")                                  # spatstat.data: Castilla-La Mancha forest fires,
a <- per_month(cf$marks$date, "1998-01-01", "2007-12-01"); w("clmfires_monthly", a$v, a$t, 12)  # all causes
im <- ld("imdepi", "surveillance")                                     # surveillance: invasive meningococcal disease in
a <- per_month(as.Date("2002-01-01") + floor(im$events$time), "2002-01-01", "2008-12-01")  # Germany (time: days from
w("imd_Germany_monthly", a$v, a$t, 12)                                 # 1 Jan 2002; both finetypes)
# quarterly
pa <- ld("Parity", "plm"); jp <- pa[pa$country == "JAP", ]; jp <- jp[order(jp$time), ]   # plm: Japan (the most populous
w("Parity_JAP_price_level", jp$lp, quarters(1973, 1, nrow(jp)), 4)     # of the 17), log price level, 1973:Q1-1998:Q4
up <- ld("UKpppuip", "urca")                                           # urca: log UK wholesale price index, the 62
w("UKpppuip_wholesale_prices", up$p1, quarters(1972, 1, nrow(up)), 4)  # quarters ending 1987:Q2 (1972:Q1 on)
# weekly: the RKI series start in ISO week 1 of their first year and are dated from its Monday in consecutive weeks
sh <- ld("shadar", "surveillance"); sho <- as.numeric(sh$observed)     # Salmonella Hadar, Germany, 2001 w1 - 2006 w35
w("shadar_cases", sho, weeks("2001-01-01", length(sho)), 52)
ha <- ld("ha.sts", "surveillance"); hao <- rowSums(observed(ha))       # hepatitis A, adult men, Berlin: 12 districts
w("hepA_Berlin_men", hao, weeks("2001-01-01", length(hao)), 52)        # summed, 2001-2006
me <- ld("measlesDE", "surveillance"); meo <- rowSums(observed(me))    # measles, Germany: 16 states summed, 2005-2007
w("measlesDE_cases", meo, weeks("2005-01-03", length(meo)), 52)
# daily
ba <- ld("biocAccess", "latticeExtra")                                 # latticeExtra: Bioconductor website access
bd <- tapply(ba$counts, format(ba$time, "%Y-%m-%d"), sum)              # attempts, hourly counts summed per day
w("biocAccess_daily", as.numeric(bd), names(bd), 7)                    # (1 Jan - 31 May 2007)
oz <- ld("Ozone", "mlbench")                                           # mlbench: Los Angeles daily maximum ozone, 1976,
k <- (max(which(is.na(oz$V4))) + 1):nrow(oz)                           # after the last missing day
w("LA_ozone_daily", as.numeric(as.character(oz$V4[k])), sprintf("1976-%02d-%02d", as.integer(as.character(oz$V1[k])), as.integer(as.character(oz$V2[k]))), 7)
# yearly
ut <- ld("USAge.table", "latticeExtra"); us <- apply(ut, 3, sum)       # latticeExtra: US population estimate, all ages
w("US_population", us, as.integer(names(us)), 1)                      # (75+ included) and both sexes, 1900-1979
pp <- ld("portpirie", "evd")                                           # evd: annual maximum sea level at Port Pirie
w("portpirie_max_sea_level", pp, 1923:1987, 1)                         # (South Australia), 1923-1987
gg <- ld("GGDC10S", "collapse"); ch <- gg[gg$Country == "CHN" & gg$Variable == "EMP" & !is.na(gg$SUM), ]
ch <- ch[order(ch$Year), ]                                             # collapse: China's persons employed, all sectors
stopifnot(all(diff(ch$Year) == 1)); w("GGDC_China_employment", ch$SUM, ch$Year, 1)  # (1950-51 missing: from 1952)
# no calendar: Allan Border's runs in each Test innings (locfit; numbered by innings); the daily onsets of influenza in
# Baltimore, 1918 (EpiEstim; numbered by day of the outbreak)
bo <- ld("border", "locfit"); bo <- bo[order(bo$day), ]
w("border_cricket_runs", bo$runs, seq_len(nrow(bo)), 1)
fl <- ld("Flu1918", "EpiEstim")$incidence
w("Flu1918_Baltimore", fl, seq_along(fl), 1)
finish()
