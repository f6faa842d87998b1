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
}
