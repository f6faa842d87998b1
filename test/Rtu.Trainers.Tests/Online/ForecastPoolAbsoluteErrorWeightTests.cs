using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The pool's combination weights (thirteenth pass, pool layout 13): w_i ∝ MAE_i^−8 over the recent window, from
/// absolute errors as the score (MASE) counts them; a pool read from an older file keeps w_i ∝ MSE_i^−4, as it was.
/// </summary>
[TestClass]
public sealed class ForecastPoolAbsoluteErrorWeightTests
{
    // A noisy series with rare spikes: members' squared and absolute errors rank differently.
    private static ForecastPool Run(int n, int horizon)
    {
        var random = new Random(4);
        var pool = new ForecastPool(1, horizon);
        var model = new float[horizon];
        Array.Fill(model, float.NaN);
        var forecast = new float[horizon];
        for (int t = 0; t < n; t++)
        {
            double y = 100 + 10 * Math.Sin(t / 5.0) + 3 * random.NextDouble() + (t % 37 == 0 ? 60 : 0);
            pool.Observe(pool.Clean(y, learn: true), learn: true);
            pool.Combine(model, forecast);
        }
        return pool;
    }

    // The combined members' w_i·e_i (e_i the error statistic to its power), which the rule makes equal.
    private static double[] Normalised(ForecastPool pool, int h, Func<int, double> error) =>
        Enumerable.Range(0, ForecastPool.MemberCount).Where(i => pool.Weight(h, i) > 0).Select(i => pool.Weight(h, i) * error(i)).ToArray();

    [TestMethod]
    public void TheWeightsAreTheInverseEighthPowerOfTheRecentMeanAbsoluteError()
    {
        var pool = Run(300, 2);
        for (int h = 1; h <= 2; h++)
        {
            var products = Normalised(pool, h, i => Math.Pow(pool.RecentAbsoluteError(h, i), 8));
            Assert.IsGreaterThan(2, products.Length, $"h={h}: several members combined");
            foreach (double p in products) Assert.AreEqual(products[0], p, 1e-9 * products[0], $"h={h}");
            // Not the squared errors' rule: with spikes the two rank members differently.
            var squared = Normalised(pool, h, i => Math.Pow(pool.RecentSquaredError(h, i), 4));
            Assert.IsGreaterThan(1e-6, (squared.Max() - squared.Min()) / squared.Max(), $"h={h}: MSE^-4 would weight differently");
        }
    }

    [TestMethod]
    public void APoolFromAnOlderLayoutKeepsTheSquaredErrorWeightsAlsoAfterAReset()
    {
        var pool = Run(300, 1);
        var old = ForecastPoolNonNegativeTests.Reload(pool, 1, bytes => ForecastPoolNonNegativeTests.AsLayout11(bytes, horizon: 1));
        var model = new[] { float.NaN };
        var forecast = new float[1];
        void CheckSquared(string when)
        {
            var products = Normalised(old, 1, i => Math.Pow(old.RecentSquaredError(1, i), 4));
            Assert.IsGreaterThan(2, products.Length, when);
            foreach (double p in products) Assert.AreEqual(products[0], p, 1e-9 * products[0], when);
        }
        old.Combine(model, forecast);
        CheckSquared("loaded");
        // Its stored errors are squared ones; a series started afresh keeps them, and so their weights.
        old.Reset();
        for (int t = 0; t < 20; t++) { old.Observe(old.Clean(100 + t, learn: true), learn: true); old.Combine(model, forecast); }
        CheckSquared("after a reset");
        // Saved again (layout 13) it still combines as it did.
        var again = ForecastPoolNonNegativeTests.Reload(old, 1, b => b);
        again.Combine(model, forecast);
        old.Combine(model, forecast);
        for (int i = 0; i < ForecastPool.MemberCount; i++) Assert.AreEqual(old.Weight(1, i), again.Weight(1, i), $"member {i}");
    }
}
