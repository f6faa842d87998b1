# Prequential (streaming) multi-step classical peers, R `forecast` package: ../shared/forecast-bench/peer_forecast.R
# (the same fits, refits and updates) with the forecasts of the next H rows made at each row instead of one.
#
# Usage: Rscript peer_forecast_ahead.R INPUT.csv COLUMN FREQ OUTPUT.csv H [K]
#   Writes OUTPUT.csv with columns index,actual,naive,snaive and ets_h, arima_h (h = 1..H): in row t the forecasts of
#   row t + h − 1 made from rows < t (ets_1 and arima_1 are peer_forecast.R's ets and arima, unless a later horizon's
#   forecast is not finite: that forces a refit here, as a non-finite one-step forecast does there), and
#   OUTPUT.csv.meta (key=value: n, freq, t0, k, wall_s, refits, fallbacks, ...).
#   The forecast in row t (1-based row of the input file) uses only rows < t.
#   Rows t < t0 = max(2*FREQ, 24) get empty forecasts.
#   K (optional) overrides the refit spacing; default k = max(FREQ,1) when
#   n <= 600, else max(FREQ, ceiling(n/60)). Models are also refit whenever the
#   history has doubled since the last refit (t-1 >= 2*rows_in_last_fit); this
#   only adds a few cheap early refits when k > t0 (elnino, treering, hourly).
#
# Peers
#   naive : last observed (non-missing) value before t
#   snaive: value FREQ rows back (NA-imputed value if that row is missing); = naive when FREQ=1
#   ets   : forecast::ets()   refit every k steps on rows < t (first refit at t0);
#           in between: ets(y_so_far, model=fit, use.initial.values=UIV) + forecast(h=1)
#   arima : forecast::auto.arima() refit every k steps; in between the fitted
#           state-space model is advanced one Kalman step per new row
#           (KalmanRun/KalmanForecast on fit$model; same recursion as
#           Arima(y_so_far, model=fit) + forecast(h=1), which is O(n) per step;
#           env PEER_ARIMA_UPDATE=refilter uses that instead; max diff seen 1e-4 rel.)
#   UIV   : env PEER_ETS_UIV; default FALSE (smoothing params fixed, initial
#           states re-estimated, as in the brief) unless fit_freq*n > 20000
#           (hourly: ~2 s per step) where TRUE (pure filtering) is used.
#   FREQ > 24: ets() cannot be seasonal, so ets and auto.arima are both fitted on
#           the series as non-seasonal (frequency 1); no Fourier terms.
#   Missing values: rows < t are imputed with forecast::na.interp (using only
#           rows < t) before fitting/updating; a missing actual simply has no error.
#   Robustness: if an update fails or is non-finite the model is refit at that
#           step; if a refit fails the peer falls back (ets -> ses-like ETS(A,N,N),
#           arima -> ARIMA(0,1,0)); counted in meta "fallbacks".

suppressPackageStartupMessages(library(forecast))
options(warn = -1)

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 5) stop("usage: Rscript peer_forecast_ahead.R INPUT.csv COLUMN FREQ OUTPUT.csv H [K]")
inp <- args[1]; col <- args[2]; freq <- as.numeric(args[3]); out <- args[4]; H <- as.integer(args[5])
kopt <- if (length(args) >= 6) as.integer(args[6]) else NA_integer_

d <- read.csv(inp, stringsAsFactors = FALSE, check.names = FALSE,
              na.strings = c("", "NA"), colClasses = "character")
if (!(col %in% names(d))) stop(sprintf("column '%s' not in %s", col, inp))
y <- suppressWarnings(as.numeric(d[[col]]))
n <- length(y)
m <- max(as.integer(round(freq)), 1L)
t0 <- max(2L * m, 24L)
k <- if (!is.na(kopt)) kopt else if (n <= 600) max(m, 1L) else max(m, as.integer(ceiling(n / 60)))
fm <- if (m > 1 && m <= 24) m else 1L   # frequency used for ETS/ARIMA fitting
uiv_env <- toupper(Sys.getenv("PEER_ETS_UIV", ""))
uiv <- if (uiv_env == "") (fm * n > 20000) else uiv_env %in% c("TRUE", "1", "T")
arima_mode <- Sys.getenv("PEER_ARIMA_UPDATE", "kalman")   # "kalman" (default) or "refilter"

fc_naive <- fc_snaive <- rep(NA_real_, n)
fc_ets <- fc_arima <- matrix(NA_real_, n, H)
nah <- rep(NA_real_, H)
efit <- NULL; afit <- NULL
n_refit <- 0L; n_fb_ets <- 0L; n_fb_arima <- 0L; n_forced <- 0L
ets_models <- character(0); arima_models <- character(0)

one_step <- function(fit) {
  if (inherits(fit, "ets")) as.numeric(forecast(fit, h = H, PI = FALSE)$mean[1:H])
  else as.numeric(forecast(fit, h = H)$mean[1:H])
}
fit_ets <- function(x) {
  f <- tryCatch(ets(x), error = function(e) NULL)
  if (is.null(f)) {
    n_fb_ets <<- n_fb_ets + 1L
    f <- tryCatch(ets(x, model = "ANN"), error = function(e) NULL)
  }
  f
}
fit_arima <- function(x) {
  f <- tryCatch(auto.arima(x, seasonal = (frequency(x) > 1)), error = function(e) NULL)
  if (is.null(f)) {
    n_fb_arima <<- n_fb_arima + 1L
    f <- tryCatch(Arima(x, order = c(0, 1, 0)), error = function(e) NULL)
  }
  f
}
finite1 <- function(v) length(v) == H && all(is.finite(v))
# regression part (intercept / drift = 1:n as in forecast::Arima) of an ARIMA fit at row tt
arima_xreg <- function(fit, tt) {
  cf <- fit$coef; narma <- sum(fit$arma[1:4])
  if (length(cf) <= narma) return(0)
  nm <- names(cf)[(narma + 1):length(cf)]
  xv <- vapply(nm, function(s) if (s == "intercept") 1 else if (s == "drift") tt else NA_real_, 0)
  sum(cf[(narma + 1):length(cf)] * xv)
}
amod <- NULL; an <- 0L; nfit <- 0L

start_time <- proc.time()[["elapsed"]]
if (t0 <= n) for (t in t0:n) {
  hist <- y[1:(t - 1)]
  obs <- which(!is.na(hist))
  if (length(obs) == 0) next
  imp <- if (anyNA(hist)) {
    tryCatch(as.numeric(na.interp(ts(hist, frequency = m))),
             error = function(e) as.numeric(na.interp(hist)))
  } else hist
  fc_naive[t] <- hist[max(obs)]
  fc_snaive[t] <- if (m > 1) imp[t - m] else fc_naive[t]
  x <- ts(imp, frequency = fm)

  # refit on the k-grid; additionally whenever the history has doubled since the
  # last refit (only matters while k > rows in the last fit: cheap early refits so a
  # model fitted on ~t0 rows is not used for thousands of steps)
  refit <- ((t - t0) %% k == 0L) || is.null(efit) || is.null(afit) || (t - 1) >= 2L * nfit
  if (refit) { n_refit <- n_refit + 1L; nfit <- t - 1L }

  # ---- ETS ----
  v <- nah
  if (!refit && !is.null(efit)) {
    v <- tryCatch(one_step(ets(x, model = efit, use.initial.values = uiv)),
                  error = function(e) nah)
    if (!finite1(v)) n_forced <- n_forced + 1L
  }
  if (refit || !finite1(v)) {
    efit <- fit_ets(x)
    if (!is.null(efit)) ets_models <- c(ets_models, efit$method)
    v <- if (is.null(efit)) nah else tryCatch(one_step(efit), error = function(e) nah)
  }
  fc_ets[t, ] <- v

  # ---- ARIMA ----
  v <- nah
  if (!refit && !is.null(afit)) {
    v <- if (arima_mode == "refilter") {
      tryCatch(one_step(Arima(x, model = afit)), error = function(e) nah)
    } else tryCatch({
      # advance the fitted state space by the rows seen since the last step
      # (same recursion Arima(x, model=fit) re-runs from scratch; O(1) per row)
      for (tt in (an + 1):(t - 1)) {
        r <- KalmanRun(as.numeric(x[tt]) - arima_xreg(afit, tt), amod, update = TRUE)
        amod <- attr(r, "mod")
      }
      an <- t - 1
      KalmanForecast(H, amod)$pred[1:H] + vapply(t:(t + H - 1), function(tt) arima_xreg(afit, tt), 0)
    }, error = function(e) nah)
    if (!finite1(v)) n_forced <- n_forced + 1L
  }
  if (refit || !finite1(v)) {
    afit <- fit_arima(x)
    if (!is.null(afit)) {
      arima_models <- c(arima_models, as.character(afit))
      amod <- afit$model; an <- t - 1
    }
    v <- if (is.null(afit)) nah else tryCatch(one_step(afit), error = function(e) nah)
  }
  fc_arima[t, ] <- v
}
wall <- proc.time()[["elapsed"]] - start_time

fmt <- function(v) ifelse(is.na(v), "", sprintf("%.10g", v))
res <- data.frame(index = seq_len(n), actual = fmt(y), naive = fmt(fc_naive), snaive = fmt(fc_snaive))
for (h in 1:H) res[[sprintf("ets_%d", h)]] <- fmt(fc_ets[, h])
for (h in 1:H) res[[sprintf("arima_%d", h)]] <- fmt(fc_arima[, h])
write.csv(res, out, row.names = FALSE, quote = FALSE)

last_or <- function(v) if (length(v)) v[length(v)] else "none"
top <- function(v) if (length(v)) names(sort(table(v), decreasing = TRUE))[1] else "none"
meta <- c(sprintf("input=%s", inp), sprintf("column=%s", col), sprintf("n=%d", n),
          sprintf("freq=%s", args[3]), sprintf("fit_freq=%d", fm), sprintf("t0=%d", t0),
          sprintf("k=%d", k), sprintf("h=%d", H), sprintf("ets_use_initial_values=%s", uiv),
          sprintf("arima_update=%s", arima_mode),
          sprintf("wall_s=%.1f", wall), sprintf("refits=%d", n_refit),
          sprintf("forced_refits=%d", n_forced),
          sprintf("fallbacks_ets=%d", n_fb_ets), sprintf("fallbacks_arima=%d", n_fb_arima),
          sprintf("ets_model_last=%s", last_or(ets_models)),
          sprintf("ets_model_mode=%s", top(ets_models)),
          sprintf("arima_model_last=%s", last_or(arima_models)),
          sprintf("arima_model_mode=%s", top(arima_models)))
writeLines(meta, paste0(out, ".meta"))
cat(sprintf("%s: n=%d freq=%s t0=%d k=%d refits=%d wall=%.1fs\n", basename(inp), n, args[3], t0, k, n_refit, wall))
