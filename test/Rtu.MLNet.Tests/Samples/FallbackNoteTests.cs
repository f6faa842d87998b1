using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's note when its first scored forecasts are the baseline's (samples/Rtu.Forecasting/FallbackNote.cs).</summary>
[TestClass]
public sealed class FallbackNoteTests
{
    // A rising yearly series of `n` values; made[r] the H forecasts made at row r, scored where Prequential scores them.
    private static (float[] Y, float[]?[] Made) Rising(int n, int horizon, int naiveRows, int season = 1)
    {
        var y = Enumerable.Range(0, n).Select(t => 100f + 3 * t + (t % 3)).ToArray();
        var made = new float[]?[n];
        for (int r = 0; r < n; r++)
        {
            if (!Prequential.IsScorable(y, r, horizon, season)) continue;
            var f = new float[horizon];
            for (int h = 1; h <= horizon; h++)
            {
                int back = Prequential.SeasonalNaiveRow(r, h, season);   // only the last horizon is scored (and has it)
                f[h - 1] = r < naiveRows ? (season > 1 && back >= 0 ? y[back] : y[r]) : y[r] + 3 * h;
            }
            made[r] = f;
        }
        return (y, made);
    }

    [TestMethod]
    public void AShortSeriesWhoseForecastsAreAllTheNaiveOnesGetsTheNote()
    {
        // The audit's case: 12 yearly values six steps ahead, every scored forecast the last value.
        var (y, made) = Rising(12, 6, naiveRows: 12);
        string? line = FallbackNote.Line(y, made, 6, 1);
        Assert.IsNotNull(line);
        int scored = made.Where((f, r) => f is not null && r + 6 < y.Length).Count();
        StringAssert.Contains(line, $"the first {scored} of the {scored} scored forecasts are the naive forecast itself");
        StringAssert.Contains(line, "6 step(s) ahead only once each has been scored there 3 times");
    }

    [TestMethod]
    public void AFewLeadingBaselineForecastsOnALongSeriesGetNone()
    {
        var (y, made) = Rising(80, 6, naiveRows: 14);
        Assert.IsNull(FallbackNote.Line(y, made, 6, 1), "8 of about 70: below a quarter");
        var (z, none) = Rising(80, 1, naiveRows: 0);
        Assert.IsNull(FallbackNote.Line(z, none, 1, 1), "no baseline forecast");
    }

    [TestMethod]
    public void WithASeasonTheSeasonalNaiveForecastCountsAndOnlyTheLeadingRunIsCounted()
    {
        var (y, made) = Rising(40, 2, naiveRows: 20, season: 4);
        string? line = FallbackNote.Line(y, made, 2, 4);
        Assert.IsNotNull(line);
        StringAssert.Contains(line, "seasonal naive (or naive) forecast itself");
        // A baseline forecast after the first model forecast does not extend the run.
        var later = (float[]?[])made.Clone();
        int first = Array.FindIndex(later, f => f is not null);
        later[first] = [1f, 1f];
        Assert.IsNull(FallbackNote.Line(y, later, 2, 4), "the run ends at the first scored forecast that is not the baseline");
    }
}
