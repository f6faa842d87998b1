using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A held gross possible spike beyond a double's precision that the next value takes beyond it the other way (1e30, then
/// −1e30) is observed again as its forecast, and the first rows' judgement takes no step beyond a double's precision
/// (settings layout 24). An outside audit of many series in one engine: two absurd values among a new series' first rows, or a burst
/// of them, left forecasts of 10²⁵–10²⁸ for the rest of the series.
/// </summary>
[TestClass]
public sealed class DisownedGrossSpikeTests
{
    // The audit's monthly series.
    private static double Val(int t) => AuditSeries.Monthly(t);

    private static RtuForecaster New(bool layout23)
    {
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 3 } });
        if (layout23) { f.UseGrossSpikesOfLayout23(); f.UseRulesOfPoolLayout40(); }   // a file of settings layout 23 has an older pool too
        return f;
    }

    // `clean` normal rows, the bad values, then 500 normal rows: the one-step MAE over the last 100.
    private static double RestMae(bool layout23, int clean, double[] bad)
    {
        var f = New(layout23);
        var forecast = new float[3];
        int t = 0;
        for (; t < clean; t++) f.Observe(Val(t), default, learn: true, forecast, default);
        foreach (double v in bad) { f.Observe(v, default, learn: true, forecast, default); t++; }
        double error = 0;
        for (int k = 0; k < 500; k++, t++)
        {
            double y = Val(t);
            if (k >= 400) error += Math.Abs(y - forecast[0]) / 100;
            f.Observe(y, default, learn: true, forecast, default);
            Assert.IsTrue(forecast.All(float.IsFinite));
        }
        return error;
    }

    [TestMethod]
    public void AbsurdValuesAmongTheFirstRowsOrInABurstLeaveTheSeriesAsItWas()
    {
        double clean = RestMae(false, 10, []);
        // Fixed: absurd values beyond a double's precision that the next value takes the other way. Still not (the
        // seventy-seventh pass): 1e6, −1e6 after five rows (1.07), where a rule at 50 scales voided true values of smooth
        // series and a wider rule broke a run's own undo. A burst of ±1e6 or of 0, 1e30 on an established series is kept
        // out by the pool since (layout 41, ForecastPoolAlternatingBurstTests).
        var cases = new (string Name, int Clean, double[] Bad, double Before)[]
        {
            ("1e30, −1e30 after 10 rows", 10, [1e30, -1e30], 1e10),
            ("1e30, −1e30 after 5 rows", 5, [1e30, -1e30], 5),
            ("±3e38 × 30 after 58 rows", 58, [.. Enumerable.Range(0, 30).Select(k => k % 2 == 0 ? 3e38 : -3e38)], 3),
        };
        // Before (settings layout 23): 4.4e16, 1.07 and 0.495 against a clean 0.097.
        foreach (var (name, rows, bad, before) in cases)
        {
            double now = RestMae(false, rows, bad), then = RestMae(true, rows, bad);
            Console.WriteLine($"{name}: the last 100 rows' MAE {then:G3} → {now:G3} (clean {clean:G3})");
            Assert.IsLessThan(1.25 * clean, now, name);
            Assert.IsGreaterThan(before * clean, then, $"{name}: the defect (settings layout 23)");
        }
    }

    [TestMethod]
    public void AFileOfLayout23JudgesAsItDidAndANonBoolFlagIsRefused()
    {
        var f = New(false);
        var forecast = new float[3];
        for (int t = 0; t < 60; t++) f.Observe(Val(t), default, learn: true, forecast, default);
        var old = RtuForecaster.Load(new BinaryReader(new MemoryStream(AsLayout23(Saved(f), f))));
        var same = RtuForecaster.Load(new BinaryReader(new MemoryStream(Saved(f))));
        same.UseGrossSpikesOfLayout23();
        var a = new float[3];
        var b = new float[3];
        for (int t = 60; t < 200; t++)
        {
            double y = t is 100 ? 1e6 : t is 101 ? -1e6 : Val(t);
            old.Observe(y, default, learn: true, a, default);
            same.Observe(y, default, learn: true, b, default);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(b[0]), BitConverter.SingleToInt32Bits(a[0]), $"row {t}");
        }
        byte[] bytes = Saved(f);
        int flag = bytes.Length - f.FirstSeasonsLength + 5 + RtuForecaster.Layout15Length + RtuForecaster.Layout18Length + f.Layout19Length + RtuForecaster.Layout21Length + RtuForecaster.Layout22Length + RtuForecaster.Layout23Length;
        Assert.AreEqual((byte)1, bytes[flag]);
        bytes[flag + 1] = 2;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes))));
        StringAssert.Contains(e.Message, "layout 24");
    }
}
