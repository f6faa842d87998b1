using System.Globalization;
using Rtu.SeasonScreen;

// The season detector's screen: SeasonDetector.Detect (the library's, as built from this working tree) on
//   synthetic   2,160 seasonal series (seasons 4–52, 3–20 seasons long, three shapes, four noise levels, with and
//               without a trend, 3 seeds): right season / another season / none, overall and per season, seasons
//               long, noise, shape and trend;
//   nonseasonal 600 series without a season (white noise, walks, AR(1), AR(2) cycles, trends; 50–1,000 values;
//               10 seeds): how many are given a season, per kind and length;
//   ar2         7,560 damped AR(2) cycles (periods 5.5–20, damping 0.8–0.95, 40–300 values, 40 seeds): how many are
//               given a season, per length, period and damping;
//   real        every series of samples/Rtu.Forecasting/heldout*/series.txt and ../shared/forecast-bench/series.txt
//               with its listed season, and every column of ../shared/data/series/*.csv: how many agree, per set;
//   long        270 long calendar seasons of an outside audit (24, 48, 96, 168, 48 in 336, 365, 672, 8760; three
//               noise levels, 10 seeds): right / a neighbour within 2 lags / another / none.
// Fixed seeds and generators (SyntheticSeries.cs): the same series on every run, so that a change to the detector is
// screened by running this on a worktree before the change and one after it and comparing (benchmarks/README.md).
// The generators are those of the scratch screen of the fix "a clean season that repeats at its multiples" (c548a86),
// whose after figures this reproduces: 847 / 54 / 1,259 of 2,160; 67 of 600; 1,395 of 7,560; 180 of 347 real series.
//
// Usage (from the repository root; about 3 s of screening on a 2-core machine, builds aside):
//   dotnet run -c Release --project benchmarks/Rtu.SeasonScreen -- [--section synthetic|nonseasonal|ar2|real|long|all]
//     [--list] [--shared DIR]
// --list adds one line per series with its detected season (the seasonal series all, the others those given a
// season, the real series all) for a diff of two runs; --shared is the folder of forecast-bench and data (default
// ../shared next to the repository). Progress and times go to stderr, the figures to stdout.

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Options options;
string root;
try { options = Options.Parse(args); root = Options.FindRoot(); }
catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (options.Help) { Console.WriteLine(Options.Usage); return 0; }
string shared = Path.GetFullPath(options.Shared ?? Path.Combine(root, "..", "shared"));

if (options.Runs("synthetic")) Screens.Synthetic(options.List);
if (options.Runs("nonseasonal")) Screens.NonSeasonal(options.List);
if (options.Runs("ar2")) Screens.Ar2(options.List);
if (options.Runs("real")) Screens.Real(root, shared, options.List);
if (options.Runs("long")) Screens.Long(options.List);
return 0;
