# Export R datasets series to CSV: header row, timestamp first column.
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
stamp <- function(x) {
  f <- frequency(x); tt <- time(x)
  yr <- floor(tt + 1e-6); cyc <- round((tt - yr) * f) + 1
  if (f == 12) sprintf("%04d-%02d-01", yr, cyc)
  else if (f == 4) sprintf("%04d-%02d-01", yr, (cyc - 1) * 3 + 1)
  else if (f == 1) sprintf("%d", yr)
  else as.character(tt)
}
w <- function(name, x, col = name) {
  df <- data.frame(timestamp = stamp(x), v = as.numeric(x)); names(df)[2] <- col
  write.csv(df, file.path(out, paste0(name, ".csv")), row.names = FALSE, quote = FALSE, na = "NA")
}
w("Nile", Nile); w("lynx", lynx); w("LakeHuron", LakeHuron)
w("UKgas", UKgas); w("JohnsonJohnson", JohnsonJohnson); w("austres", austres); w("presidents", presidents)
w("nottem", nottem); w("UKDriverDeaths", UKDriverDeaths); w("USAccDeaths", USAccDeaths)
w("treering", treering); w("WWWusage", WWWusage)
# airquality: daily May-Sep 1973
aq <- data.frame(timestamp = sprintf("1973-%02d-%02d", airquality$Month, airquality$Day), Ozone = airquality$Ozone, Temp = airquality$Temp)
write.csv(aq, file.path(out, "airquality.csv"), row.names = FALSE, quote = FALSE, na = "NA")
