using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's note on an exogenous column that describes its own row (samples/Rtu.Forecasting/ExogenousAlignmentNote.cs).</summary>
[TestClass]
public sealed class ExogenousAlignmentNoteTests
{
    // 200 rows of about 100 with noise; a flag on every 10th row (from row `first`) where the value is 60 higher; forecasts
    // that miss the flagged rows (the level alone), made `horizon` rows before their target.
    private static (float[] Y, float[][] Made, float[] Flag) Holidays(int horizon, int first = 5)
    {
        var rng = new Random(1);
        int n = 200;
        var y = new float[n];
        var flag = new float[n];
        var made = new float[n][];
        for (int t = 0; t < n; t++)
        {
            flag[t] = t % 10 == first % 10 ? 1 : 0;
            y[t] = 100 + 60 * flag[t] + (float)(5 * (rng.NextDouble() - 0.5));
            made[t] = Enumerable.Repeat(100f, horizon).ToArray();
        }
        return (y, made, flag);
    }

    [TestMethod]
    public void AFlagOnItsOwnRowIsNoted()
    {
        foreach (int horizon in new[] { 1, 3 })
        {
            var (y, made, flag) = Holidays(horizon);
            var lines = ExogenousAlignmentNote.Lines(y, made, horizon, [("holiday", flag)]).ToArray();
            Assert.HasCount(1, lines, $"H = {horizon}");
            StringAssert.Contains(lines[0], "'holiday' on their target's own row");
            StringAssert.Contains(lines[0], $"write each row's value {horizon} row(s) earlier");
        }
    }

    [TestMethod]
    public void AFlagTheForecastsReadOrOneThatSaysNothingIsNotNoted()
    {
        var (y, made, flag) = Holidays(1);
        // The forecasts that used the flag one row ahead: their errors are noise.
        var used = made.Select((m, t) => t + 1 < y.Length ? new[] { 100f + 60 * flag[t + 1] } : m).ToArray();
        var ahead = flag.Skip(1).Append(0f).ToArray();   // the same flag written a row earlier, as it should be
        Assert.IsEmpty(ExogenousAlignmentNote.Lines(y, used, 1, [("holiday_next", ahead)]).ToArray());
        var noise = Enumerable.Range(0, y.Length).Select(t => (float)((t * 7919) % 13)).ToArray();
        Assert.IsEmpty(ExogenousAlignmentNote.Lines(y, made, 1, [("noise", noise)]).ToArray());
    }

    [TestMethod]
    public void TheErrorsAreThoseOfTheForecastOfTheTargetRowAtTheHorizon()
    {
        // H = 2: the forecast of row t is made[t − 2][1]. Here it knows the flag; the one-step forecasts (made[t − 1][0])
        // and the first step of the forecasts made two rows before do not. A note would say the forecasts miss the flag.
        var (y, made, flag) = Holidays(2);
        var aligned = Enumerable.Range(0, y.Length).Select(t => t + 2 < y.Length ? new[] { 100f, 100f + 60 * flag[t + 2] } : new[] { 100f, 100f }).ToArray();
        var ahead = flag.Skip(2).Concat(new float[2]).ToArray();
        Assert.IsEmpty(ExogenousAlignmentNote.Lines(y, aligned, 2, [("holiday", flag), ("holiday_in2", ahead)]).ToArray());
    }

    [TestMethod]
    public void TooFewRowsOrAConstantColumnSayNothing()
    {
        var (y, made, flag) = Holidays(1);
        Assert.IsEmpty(ExogenousAlignmentNote.Lines(y[..20], made[..20], 1, [("holiday", flag[..20])]).ToArray());
        Assert.IsEmpty(ExogenousAlignmentNote.Lines(y, made, 1, [("constant", new float[y.Length])]).ToArray());
    }
}
