using System.Globalization;
using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Forecasters saved by an earlier layout (test/Rtu.Trainers.Tests/Online/Data): NAME.bin after <c>from</c> rows of a
/// series, NAME-rtu-forecasts.csv and NAME-forecasts.csv the RTU's and the combined forecasts over the next rows (float
/// bits, one row per line).
/// </summary>
internal static class ForecasterFixtures
{
    private static string Folder => Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Online", "Data");

    private static float[][] Read(string file) => File.ReadAllLines(Path.Combine(Folder, file))
        .Select(l => l.Split(',').Select(v => BitConverter.Int32BitsToSingle(int.Parse(v, CultureInfo.InvariantCulture))).ToArray()).ToArray();

    /// <summary>
    /// Loads fixture <paramref name="name"/> (the whole file read) and checks that it, and a copy saved again in the
    /// current layout, continue over y[from..] with the stored forecasts bit for bit; then that a forecaster of
    /// <paramref name="settings"/> started afresh on y gives other combined forecasts there, so the fixture tells the
    /// earlier rule from the current one, or (<paramref name="sameRule"/>: a layout that changed only what is stored) the
    /// same one-step forecasts at every row (beyond one step, pool layout 27's windows grow with the horizon).
    /// </summary>
    public static void AssertContinuesAsItWas(string name, double[] y, int from, RtuForecasterSettings settings, bool sameRule = false)
    {
        RtuForecaster f;
        using (var r = new BinaryReader(File.OpenRead(Path.Combine(Folder, name + ".bin"))))
        {
            f = RtuForecaster.Load(r);
            Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position, "the whole file is read");
        }
        var copy = f.Clone();
        var expectedModel = Read(name + "-rtu-forecasts.csv");
        var expectedCombined = Read(name + "-forecasts.csv");
        int horizon = f.Horizon;
        var forecast = new float[horizon]; var model = new float[horizon]; var again = new float[horizon];
        for (int t = from; t < from + expectedCombined.Length; t++)
        {
            f.Observe(y[t], default, true, forecast, default);
            copy.Observe(y[t], default, true, again, default);
            f.WriteModelForecast(model);
            CollectionAssert.AreEqual(expectedModel[t - from], model, $"t={t}");
            CollectionAssert.AreEqual(expectedCombined[t - from], forecast, $"combined, t={t}");
            CollectionAssert.AreEqual(forecast, again, $"saved again, t={t}");
        }
        var fresh = new RtuForecaster(settings);
        bool differs = false;
        for (int t = 0; t < from + expectedCombined.Length; t++)
        {
            fresh.Observe(y[t], default, true, forecast, default);
            if (t >= from) differs |= sameRule ? forecast[0] != expectedCombined[t - from][0] : !forecast.SequenceEqual(expectedCombined[t - from]);
        }
        Assert.AreEqual(!sameRule, differs, sameRule ? "a forecaster started afresh gives the same forecasts" : "a forecaster started afresh follows the current rule");
    }
}
