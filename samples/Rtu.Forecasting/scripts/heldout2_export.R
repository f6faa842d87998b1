# Exports a second held-out validation set: 24 public series from R packages (AER, tseries, strucchange, lmtest and
# R's datasets) that are in neither ../shared/forecast-bench nor heldout/, to timestamp,value CSVs, and writes
# OUT/series.txt (file,column,season) for heldout_peers.sh and heldout_run.sh. Chosen for variety before any score was
# seen: prices and rates (near random walks), macro series with trends, seasonal monthly and quarterly series, long
# annual series and a daily river flow.
# Needs R with forecast, AER, tseries, strucchange and lmtest (Debian: r-cran-forecast r-cran-aer r-cran-tseries
# r-cran-strucchange r-cran-lmtest). Usage: Rscript heldout2_export.R OUT_DIR
suppressPackageStartupMessages({library(forecast); library(AER); library(tseries); library(strucchange); library(lmtest)})
args <- commandArgs(trailingOnly = TRUE); out <- args[1]
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "heldout_common.R"))
# monthly
wts("Seatbelts_kms", Seatbelts[, "kms"]); wts("Seatbelts_PetrolPrice", Seatbelts[, "PetrolPrice"])
data(PepperPrice, package = "AER"); wts("PepperPrice_black", PepperPrice[, "black"])
data(FrozenJuice, package = "AER"); wts("FrozenJuice_price", FrozenJuice[, "price"])
data(USMacroSWM, package = "AER")
wts("USMacroSWM_production_last360", last(USMacroSWM[, "production"], 360))
wts("USMacroSWM_cpi_last360", last(USMacroSWM[, "cpi"], 360))
data(tcm, package = "tseries"); wts("tcm10y", tcm[, "tcm10y"])
data(nino, package = "tseries"); wts("nino34", nino3.4)
# quarterly
data(UKNonDurables, package = "AER"); wts("UKNonDurables", UKNonDurables)
data(USProdIndex, package = "AER"); wts("USProdIndex", USProdIndex[, 1])
data(USMacroSWQ, package = "AER"); wts("USMacroSWQ_gdp", USMacroSWQ[, "gdp"])
data(USeconomic, package = "tseries"); wts("USeconomic_logM1", USeconomic[, "log(M1)"])
data(RealInt, package = "strucchange"); wts("RealInt", RealInt)
data(durab, package = "strucchange"); wts("durab", durab[, "y"])
# annual
data(NelPlo, package = "tseries")
for (col in c("gnp.real", "cpi", "stock.prices", "unemp", "real.wages")) wts(paste0("NelPlo_", col), na.omit(NelPlo[, col]))
data(bev, package = "tseries"); wts("bev", bev)
data(unemployment, package = "lmtest"); wts("unemployment_US", unemployment[, "UN"])
data(ChickEgg, package = "lmtest"); wts("eggs", ChickEgg[, "egg"])
data(Grossarl, package = "strucchange"); wts("Grossarl_legitimate", Grossarl[, "legitimate"])
# daily (3 years; no season given: a yearly one is not learnable from 3 cycles)
data(ice.river, package = "tseries")
w("ice_river_flow", ice.river[, "flow.vat"], format(seq(as.Date("1972-01-01"), by = "day", length.out = nrow(ice.river))), 1)
finish()
