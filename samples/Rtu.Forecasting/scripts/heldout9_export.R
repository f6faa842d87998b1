# Exports a ninth held-out validation set: 11 public series from R packages Epi, VGAM, vcdExtra, bayesm, epitools, pwt9,
# Rwave and ade4 (none of which any other set drew a series from) that are in none of ../shared/forecast-bench,
# ../shared/data/series and the eight other held-out sets, to timestamp,value CSVs, and writes OUT/series.txt
# (file,column,season) for heldout_peers.sh and heldout_run.sh. Written before any of these series was scored, to judge
# the defaults on series none of them was chosen on. Selection rule, fixed before scoring (../heldout9/README.md): real
# series of at least 40 rows from data sets of packages no other set drew on, none a near-copy of a used series (a
# sibling column, a subset or a re-release); a mix fixed in advance (five monthly, three quarterly, three weekly, two
# daily, three yearly, two without a calendar; only three monthly, no quarterly, two weekly and one daily qualified),
# one column per data set (strata summed, dated records of cases or events counted per period), at most four data sets
# per package, each capped at its last 600 rows; non-financial first, then longer, then more seasonal. The seasons are
# those the app infers from the timestamps (monthly 12, quarterly 4, weekly 52, daily 7, yearly 1; no calendar 1).
# Needs R with Epi, VGAM, vcdExtra, bayesm, epitools, pwt9, Rwave, ade4 (Debian's r-cran-epi r-cran-vgam
# r-cran-vcdextra r-cran-bayesm r-cran-epitools r-cran-pwt9 r-cran-rwave r-cran-ade4).
# Usage: Rscript heldout9_export.R OUT_DIR
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
source(file.path(here, "heldout_common.R"))
cap <- 600
capped <- function(name, v, stamps, season) {
  k <- length(v); i <- max(1, k - cap + 1):k; w(name, as.numeric(v)[i], stamps[i], season)
}
ld <- function(name, pkg) { e <- new.env(); data(list = name, package = pkg, envir = e); get(name, e) }
# Dominick's Finer Foods weeks (bayesm's tuna and orangeJuice): week 1 runs from Thursday 14 September 1989
dominicks <- function(week) format(as.Date("1989-09-14") + 7 * (week - 1))

# monthly
bd <- ld("B.dk", "Epi"); bd <- bd[order(bd$year, bd$month), ]          # Epi: live births in Denmark per month (boys
stopifnot(all(diff(bd$year * 12 + bd$month) == 1))                    # and girls summed), 1901-2018; last 600 months
capped("Denmark_births_monthly", bd$m + bd$f, sprintf("%04d-%02d-01", bd$year, bd$month), 12)  # (1969-2018)
ac <- ld("AirCrash", "vcdExtra")                                       # vcdExtra: fatal commercial airplane crashes per
mo <- format(seq(as.Date("1993-01-01"), as.Date("2015-03-01"), by = "month"), "%Y-%m")  # month, Jan 1993 - Mar 2015
a <- table(factor(format(ac$date, "%Y-%m"), levels = mo))              # (months without a crash count 0)
w("AirCrash_monthly", as.numeric(a), paste0(mo, "-01"), 12)
gu <- ld("grain.us", "VGAM")                                           # VGAM: US monthly average price of wheat flour
w("US_wheat_flour_price", gu$wheat.flour,                              # (USD per 100-pound sack; the first of its four
  format(seq(as.Date("1961-01-01"), by = "month", length.out = nrow(gu))), 12)  # columns), Jan 1961 - Oct 1972
# weekly (Dominick's weeks, dated from their first day, a Thursday)
tu <- ld("tuna", "bayesm"); tu <- tu[order(tu$WEEK), ]                 # bayesm: canned tuna units sold at Dominick's,
r <- rle(diff(tu$WEEK) == 1); e <- cumsum(r$lengths)                   # the seven brands summed; the record has gaps
j <- which(r$values & r$lengths == max(r$lengths[r$values]))[1]        # and the run after the last is 5 weeks, so its
k <- (e[j] - r$lengths[j] + 1):(e[j] + 1)                              # longest run without a gap (weeks 1-210)
stopifnot(all(diff(tu$WEEK[k]) == 1))
w("tuna_units_weekly", rowSums(tu[k, paste0("MOVE", 1:7)]), dominicks(tu$WEEK[k]), 52)
oj <- ld("orangeJuice", "bayesm")$yx                                   # bayesm: refrigerated orange juice units sold
full <- names(which(table(oj$store) == 11 * length(unique(oj$week))))  # (all 11 brands) at the Dominick's stores whose
oj <- oj[oj$store %in% full, ]                                         # record has no gap (5 of 83), weeks 40-160
ow <- tapply(exp(oj$logmove), oj$week, sum); wk <- as.integer(names(ow))
stopifnot(all(diff(wk) == 1))
w("orangejuice_units_weekly", round(as.numeric(ow)), dominicks(wk), 52)
# daily
wn <- ld("wnv", "epitools"); on <- as.Date(as.character(wn$date.onset))   # epitools: West Nile virus human cases in
days <- seq(min(on), max(on), by = "day")                              # California by day of onset, 14 May - 15 Nov
wd <- table(factor(format(on), levels = format(days)))                 # 2004 (days without a case count 0)
w("westnile_CA_daily", as.numeric(wd), format(days), 7)
# (VGAM's `melbmaxtemp`, Melbourne's daily maximum temperature 1981-1990, is quantreg's `MelTemp` of the fifth set.)
# yearly
vz <- ld("venice90", "VGAM")                                           # VGAM: sea levels of at least 90 cm at Venice
vy <- table(factor(vz$year, levels = 1940:2009))                      # (high waters), counted per year, 1940-2009
w("Venice_high_waters_yearly", as.numeric(vy), 1940:2009, 1)
pw <- ld("pwt9.1", "pwt9"); cn <- pw[pw$isocode == "CHN" & !is.na(pw$rgdpe), ]  # pwt9: China's expenditure-side
cn <- cn[order(cn$year), ]; stopifnot(all(diff(cn$year) == 1))         # real GDP (PPP, million 2011 USD), Penn World
w("PWT_China_real_GDP", cn$rgdpe, cn$year, 1)                          # Table 9.1, 1952-2017 (1950-51 missing)
td <- ld("testisDK", "Epi"); tc <- tapply(td$D, td$P, sum)             # Epi: testis cancer cases in Denmark (all ages
w("Denmark_testis_cancer_yearly", as.numeric(tc), as.integer(names(tc)), 1)  # summed), 1943-1996
# no calendar: beat-to-beat intervals of a normal patient's heart (Rwave; last 600 beats); an electrocardiogram at 180
# samples a second (ade4; last 600 samples, mV); numbered by row
ek <- as.numeric(ld("Ekg", "Rwave")); ek <- ek[max(1, length(ek) - cap + 1):length(ek)]
w("Ekg_beat_intervals", ek, seq_along(ek), 1)
eg <- as.numeric(ld("ecg", "ade4")); eg <- eg[max(1, length(eg) - cap + 1):length(eg)]
w("ecg_millivolts", eg, seq_along(eg), 1)
finish()
