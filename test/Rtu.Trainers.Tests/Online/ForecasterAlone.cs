using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>A forecaster (RTU and pool, defaults) run over a series, learning: what the robustness tests compare.</summary>
internal static class ForecasterAlone
{
    /// <summary>A forecaster of season <paramref name="season"/> with the defaults.</summary>
    public static RtuForecaster New(int season) => new(new RtuForecasterSettings { SeasonLength = season });

    /// <summary>The one-step forecasts made at each row t for t + 1 by a forecaster of season <paramref name="season"/>.</summary>
    public static double[] OneStep(double[] y, int season) => OneStep(New(season), y);

    /// <summary>The one-step forecasts made at each row t for t + 1 by <paramref name="f"/>, learning.</summary>
    public static double[] OneStep(RtuForecaster f, double[] y)
    {
        var made = new double[y.Length];
        var forecast = new float[1];
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            made[t] = forecast[0];
        }
        return made;
    }

    /// <summary>
    /// Asserts that a forecaster made by <paramref name="now"/> and one made by <paramref name="then"/> (an older layout's
    /// rules) forecast <paramref name="y"/> one step ahead the same, bit for bit: a rule that leaves a series alone.
    /// </summary>
    public static void AssertSameForecasts(string name, double[] y, Func<RtuForecaster> now, Func<RtuForecaster> then)
    {
        var a = OneStep(now(), y);
        var b = OneStep(then(), y);
        for (int t = 0; t < y.Length; t++) Assert.AreEqual(b[t], a[t], $"{name}: row {t}");
    }

    /// <summary>
    /// Asserts that <paramref name="f"/>, saved and read back (<see cref="RtuForecaster.Save"/>, <see cref="RtuForecaster.Load(BinaryReader)"/>)
    /// before row <paramref name="at"/>, forecasts <paramref name="y"/> as one that ran through uninterrupted (<paramref name="whole"/>).
    /// </summary>
    public static void AssertContinuesThroughSaveAndLoad(RtuForecaster f, double[] y, int at, double[] whole)
    {
        var forecast = new float[1];
        for (int t = 0; t < y.Length; t++)
        {
            if (t == at)
            {
                using var ms = new MemoryStream();
                using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) f.Save(w);
                ms.Position = 0;
                f = RtuForecaster.Load(new BinaryReader(ms));
            }
            f.Observe(y[t], default, learn: true, forecast, default);
            Assert.AreEqual(whole[t], forecast[0], $"row {t}");
        }
    }

    /// <summary>The population standard deviation of <paramref name="y"/>: the unit of the spikes the robustness tests add.</summary>
    public static double Sd(double[] y)
    {
        double mean = y.Average();
        return Math.Sqrt(y.Average(v => (v - mean) * (v - mean)));
    }

    /// <summary>The mean absolute one-step error of <paramref name="made"/> over rows <paramref name="from"/> to the end of <paramref name="y"/> (its missing values left out).</summary>
    public static double RestMae(double[] y, double[] made, int from) =>
        Enumerable.Range(from, y.Length - from).Where(t => !double.IsNaN(y[t])).Average(t => Math.Abs(y[t] - made[t - 1]));

    /// <summary>
    /// How much one spike of <paramref name="sds"/> standard deviations (negative: below) added at row
    /// <paramref name="at"/> changes the mean absolute one-step error from row <paramref name="from"/> on (−0.01: 1 % less).
    /// </summary>
    public static double SpikeCost(double[] y, int season, int at, double sds, int from)
    {
        var spiked = (double[])y.Clone();
        spiked[at] += sds * Sd(y);
        return RestMae(y, OneStep(spiked, season), from) / RestMae(y, OneStep(y, season), from) - 1;
    }
}
