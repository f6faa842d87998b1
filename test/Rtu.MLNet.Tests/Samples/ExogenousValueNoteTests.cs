using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's line on what the exogenous columns were worth (samples/Rtu.Forecasting/ExogenousValueNote.cs).</summary>
[TestClass]
public sealed class ExogenousValueNoteTests
{
    [TestMethod]
    public void TheMaeWithAndWithoutIsAlwaysGivenAndACostOverFivePercentIsNoted()
    {
        // The environmental audit's soil moisture with the rain as a column: 0.00320 with it, 0.00242 without (+32 %).
        string worse = ExogenousValueNote.Line(["rain"], 0.0032319, 0.0024487, 8736, 1)!;
        StringAssert.Contains(worse, "exogenous column 'rain': 1-step MAE 0.0032319 with it, 0.0024487 without (+32.0 %, the same 8736 rows");
        StringAssert.Contains(worse, "note: the forecasts were worse with 'rain' than without (+32.0 %)");
        StringAssert.Contains(worse, "Leave it out (drop --exogenous)");
        // Helping, or costing at most 5 %: the line alone.
        string better = ExogenousValueNote.Line(["price", "promo"], 8.0, 10.0, 500, 6)!;
        StringAssert.StartsWith(better, "  exogenous columns 'price', 'promo': 6-step MAE 8 with them, 10 without (−20.0 %");
        Assert.IsFalse(better.Contains("note:"));
        Assert.IsFalse(ExogenousValueNote.Line(["x"], 1.049, 1.0, 100, 1)!.Contains("note:"), "4.9 % worse");
        StringAssert.Contains(ExogenousValueNote.Line(["x"], 1.051, 1.0, 100, 1)!, "note:", "5.1 % worse");
        // Nothing to say without both figures.
        Assert.IsNull(ExogenousValueNote.Line(["x"], double.NaN, 1.0, 100, 1));
        Assert.IsNull(ExogenousValueNote.Line(["x"], 1.0, double.PositiveInfinity, 100, 1));
        Assert.IsNull(ExogenousValueNote.Line(["x"], 1.0, 1.0, 0, 1));
        // No error without the columns (a constant series): no share, and no "+0.0 %" called worse (a review).
        string constant = ExogenousValueNote.Line(["x"], 0.5, 0, 100, 1)!;
        StringAssert.Contains(constant, "0.5 with it, 0 without (no error without,");
        Assert.IsFalse(constant.Contains("%"), constant);
        StringAssert.Contains(ExogenousValueNote.Line(["x"], 0, 0, 100, 1)!, "(no error either way,");
    }

    [TestMethod]
    public void WithKeysThePooledLineSaysSoAndTheSeriesTheColumnsCostAreNamedWorstFirst()
    {
        StringAssert.StartsWith(ExogenousValueNote.Line(["promo"], 10.393, 19.538, 1179, 1, series: 3)!,
            "  exogenous column 'promo': 1-step MAE pooled over 3 series 10.393 with it, 19.538 without (−46.8 %, the same 1179 rows");
        // Each series once: worse by more than 5 % (worst first, three named), better by more than 5 %, the rest even.
        var series = new (string, double, double)[]
        {
            ("a", 11.3, 28.9), ("b", 8.51, 8.50), ("c", 1.2, 1.0), ("d", 3.3, 2.0), ("e", 1.06, 1.0), ("f", 2.2, 2.0),
            ("g", double.NaN, 1.0), ("h", 1.0, 0),
        };
        string line = ExogenousValueNote.SeriesLine(series, columns: 1)!;
        StringAssert.StartsWith(line, "  by series: more than 5 % worse with it in 5 of 7, more than 5 % better in 1; the worst: 'h' (no error without), 'd' (+65.0 %), 'c' (+20.0 %), …");
        StringAssert.Contains(line, "each series' MAE without it: the per-series CSV's last column");
        Assert.AreEqual("  by series: more than 5 % worse with them in 0 of 2, more than 5 % better in 1",
            ExogenousValueNote.SeriesLine([("a", 11.3, 28.9), ("b", 8.51, 8.50)], columns: 2));
        Assert.IsNull(ExogenousValueNote.SeriesLine([("g", double.NaN, 1.0)], columns: 1), "no series with both figures");
    }
}
