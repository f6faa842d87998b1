using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Values near the smallest double on a positive series: a level shift to one is moved in proportion only where the factor
/// (and its square, the squared errors' factor) is a normal double; otherwise additively.
/// </summary>
[TestClass]
public sealed class ForecasterTinyValuesTests
{
    [TestMethod]
    public void AShiftToATinyValueAndBackNeverThrowsAndForecastsStayFinite()
    {
        // Before: 5e-324 then 0 after values of 300 made the proportion 0, and the forecaster's conversion threw
        // ArgumentOutOfRangeException (an outside review); a shift to 1e-300 and back made a factor of 3·10³⁰², whose square
        // is ∞.
        foreach (double tiny in new[] { 5e-324, 1e-310, 1e-300, 1e-160, 1e-100 })
        foreach (bool learn in new[] { true, false })
        foreach (var after in new[] { new[] { 0.0, 300 }, new[] { tiny, tiny, tiny, 300, 300 }, new[] { tiny, tiny, 300, tiny, 300 } })
        {
            var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 3 } });
            var rng = new Random(1);
            var forecast = new float[3];
            for (int t = 0; t < 84; t++) f.Observe(300 + 10 * (rng.NextDouble() - 0.5), default, learn: true, forecast, default);
            string what = $"{tiny:R} then [{string.Join(", ", after)}], learn {learn}";
            foreach (double v in after.Prepend(tiny))
            {
                f.Observe(v, default, learn, forecast, default);
                Assert.IsTrue(forecast.All(float.IsFinite), $"{what}: after {v:R}, forecasts {string.Join(", ", forecast)}");
            }
            var again = RtuForecaster.Load(new BinaryReader(new MemoryStream(SavedBytes.Saved(f))));
            var next = new float[3];
            f.Observe(300, default, learn, forecast, default);
            again.Observe(300, default, learn, next, default);
            CollectionAssert.AreEqual(forecast, next, $"{what}: read back");
        }
    }

    [TestMethod]
    public void AFrozenChangeOfUnitsByAnExtremeFactorSavesAFileThatLoads()
    {
        // Serving (learning off), a change of units converts what was learned by value / forecast. By 3e-163 (1e-160 after
        // values of 300) and back by 3e162, or by 1e260 (1e160 after values of 1e-100), the learned members' mean squares
        // went to 0 or ∞ and the forecaster saved a file that Load refused (an outside review); such a change is now moved
        // additively, as one from or to exactly 0.
        foreach (var (level, values) in new[] { (300.0, new[] { 1e-160, 1e-160, 1e-160, 300, 300, 300 }), (1e-100, new[] { 1e160, 1e160, 1e160 }), (300.0, new[] { 3e4, 3e4, 3e4, 300, 300, 300 }) })
        {
            var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1, Learner = new RtuLearnerSettings { Horizon = 3 } });
            var rng = new Random(1);
            var forecast = new float[3];
            for (int t = 0; t < 84; t++) f.Observe(level * (1 + 0.02 * (rng.NextDouble() - 0.5)), default, learn: true, forecast, default);
            foreach (double v in values) f.Observe(v, default, learn: false, forecast, default);
            string what = $"{level:G3} then [{string.Join(", ", values)}]";
            var again = RtuForecaster.Load(new BinaryReader(new MemoryStream(SavedBytes.Saved(f))));
            var next = new float[3];
            f.Observe(values[^1], default, learn: false, forecast, default);
            again.Observe(values[^1], default, learn: false, next, default);
            CollectionAssert.AreEqual(forecast, next, $"{what}: read back");
        }
    }
}
