# The peers' own one-step prediction intervals (80 % and 95 %), prequential, on the same schedule as
# ../shared/forecast-bench/peer_forecast.R (R forecast: ETS and auto.arima refit every k rows from t0 = max(2m, 24) on,
# updated in between; m > 24 fitted without a season; missing rows imputed with na.interp on the rows before), so that
# the app's online conformal intervals can be set beside the intervals a user of ETS or auto.arima would get.
# ETS: forecast(ets(x, model = fit), h = 1, level = c(80, 95)) between refits; auto.arima: the fitted state space
# advanced one Kalman step per row, the interval pred ± z·sqrt(var·σ²) as predict.Arima makes it.
#
# Usage: Rscript peer_intervals.R INPUT.csv COLUMN FREQ OUTPUT.csv
#   OUTPUT.csv: index,actual,ets,ets_lo80,ets_hi80,ets_lo95,ets_hi95,arima,arima_lo80,arima_hi80,arima_lo95,arima_hi95
#   (row t's interval uses only rows < t; rows before t0 empty). Scored by scripts/peer_interval_score.py.

suppressPackageStartupMessages(library(forecast))
options(warn = -1)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 4) stop("usage: Rscript peer_intervals.R INPUT.csv COLUMN FREQ OUTPUT.csv")
d <- read.csv(args[1], stringsAsFactors = FALSE, check.names = FALSE, na.strings = c("", "NA"), colClasses = "character")
y <- suppressWarnings(as.numeric(d[[args[2]]]))
n <- length(y)
m <- max(as.integer(round(as.numeric(args[3]))), 1L)
t0 <- max(2L * m, 24L)
k <- if (n <= 600) max(m, 1L) else max(m, as.integer(ceiling(n / 60)))
fm <- if (m > 1 && m <= 24) m else 1L
uiv <- fm * n > 20000
z80 <- qnorm(0.9); z95 <- qnorm(0.975)

out <- matrix(NA_real_, n, 10)
colnames(out) <- c("ets", "ets_lo80", "ets_hi80", "ets_lo95", "ets_hi95", "arima", "arima_lo80", "arima_hi80", "arima_lo95", "arima_hi95")
band <- function(f) c(f$mean[1], f$lower[1, 1], f$upper[1, 1], f$lower[1, 2], f$upper[1, 2])
arima_xreg <- function(fit, tt) {
  cf <- fit$coef; narma <- sum(fit$arma[1:4])
  if (length(cf) <= narma) return(0)
  nm <- names(cf)[(narma + 1):length(cf)]
  sum(cf[(narma + 1):length(cf)] * vapply(nm, function(s) if (s == "intercept") 1 else if (s == "drift") tt else NA_real_, 0))
}
efit <- NULL; afit <- NULL; amod <- NULL; an <- 0L; nfit <- 0L
if (t0 <= n) for (t in t0:n) {
  hist <- y[1:(t - 1)]
  if (!any(!is.na(hist))) next
  imp <- if (anyNA(hist)) tryCatch(as.numeric(na.interp(ts(hist, frequency = m))), error = function(e) as.numeric(na.interp(hist))) else hist
  x <- ts(imp, frequency = fm)
  refit <- ((t - t0) %% k == 0L) || is.null(efit) || is.null(afit) || (t - 1) >= 2L * nfit
  if (refit) nfit <- t - 1L
  v <- NULL
  if (!refit && !is.null(efit)) v <- tryCatch(band(forecast(ets(x, model = efit, use.initial.values = uiv), h = 1, level = c(80, 95))), error = function(e) NULL)
  if (is.null(v) || !all(is.finite(v))) {
    efit <- tryCatch(ets(x), error = function(e) tryCatch(ets(x, model = "ANN"), error = function(e) NULL))
    v <- if (is.null(efit)) rep(NA_real_, 5) else tryCatch(band(forecast(efit, h = 1, level = c(80, 95))), error = function(e) rep(NA_real_, 5))
  }
  out[t, 1:5] <- v
  v <- NULL
  if (!refit && !is.null(afit)) v <- tryCatch({
    for (tt in (an + 1):(t - 1)) { r <- KalmanRun(as.numeric(x[tt]) - arima_xreg(afit, tt), amod, update = TRUE); amod <- attr(r, "mod") }
    an <- t - 1
    kf <- KalmanForecast(1, amod)
    mu <- kf$pred[1] + arima_xreg(afit, t); se <- sqrt(kf$var[1] * afit$sigma2)
    c(mu, mu - z80 * se, mu + z80 * se, mu - z95 * se, mu + z95 * se)
  }, error = function(e) NULL)
  if (is.null(v) || !all(is.finite(v))) {
    afit <- tryCatch(auto.arima(x, seasonal = (frequency(x) > 1)), error = function(e) tryCatch(Arima(x, order = c(0, 1, 0)), error = function(e) NULL))
    if (!is.null(afit)) { amod <- afit$model; an <- t - 1 }
    v <- if (is.null(afit)) rep(NA_real_, 5) else tryCatch(band(forecast(afit, h = 1, level = c(80, 95))), error = function(e) rep(NA_real_, 5))
  }
  out[t, 6:10] <- v
}
fmt <- function(v) ifelse(is.na(v), "", sprintf("%.10g", v))
res <- data.frame(index = seq_len(n), actual = fmt(y))
for (c in colnames(out)) res[[c]] <- fmt(out[, c])
write.csv(res, args[4], row.names = FALSE, quote = FALSE)
cat(sprintf("%s: n=%d m=%d\n", basename(args[1]), n, m))
