using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class SeasonalArmaTests
{
    public TestContext TestContext { get; set; } = null!;

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    // An ARIMA(1,0,0)(0,1,1)_m path: D_t = a·D_{t−1} + e_t + B·e_{t−m}, y_t = y_{t−m} + D_t from a first season of
    // 100 + 10·(position), e ~ N(0, 1).
    private static double[] Sarima(int n, int m, double a, double seasonalB, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        var e = new double[n];
        double d = 0;
        for (int t = 0; t < n; t++)
        {
            e[t] = Gaussian(rng);
            if (t < m) { y[t] = 100 + 10 * t; continue; }
            d = a * d + e[t] + seasonalB * e[t - m];
            y[t] = y[t - m] + d;
        }
        return y;
    }

    private static double OneStepMse(SeasonalArma model, double[] y, int from) => OneStepScore.Mse(model.Forecast, model.Update, y, from);

    [TestMethod]
    public void AKnownSeasonalArimaIsRecoveredAndItsSeasonalMaTermBeatsAnAutoregressionOnTheSeasonalChanges()
    {
        // Extended least squares without forgetting converges to the true coefficients (the scale divides inputs and
        // target alike); the one-step error approaches the noise variance 1. The same model without the seasonal MA
        // term cannot be built here, so the comparison is the seasonal naive with drift (the model at zero weights).
        const double a = 0.5, seasonalB = -0.6;
        var y = Sarima(8000, 4, a, seasonalB, 1);
        var model = new SeasonalArma(4, 1, 0, 1, forgetting: 1, prior: 10);
        double mse = OneStepMse(model, y, 4000);
        var w = model.Weights;
        double seasonalNaive = 0;
        for (int t = 4000; t < y.Length; t++) seasonalNaive += (y[t] - y[t - 4]) * (y[t] - y[t - 4]);
        seasonalNaive /= y.Length - 4000;
        TestContext.WriteLine($"weights c {w[0]:F3}, a {w[1]:F3}, B {w[2]:F3}; one-step MSE {mse:F3}, seasonal naive {seasonalNaive:F3}");
        Assert.AreEqual(a, w[1], 0.08, "a");
        Assert.AreEqual(seasonalB, w[2], 0.08, "B");
        Assert.AreEqual(0, w[0], 0.05, "no drift");
        Assert.AreEqual(1, mse, 0.1, "one-step error at the noise level");
        Assert.IsGreaterThan(1.2 * mse, seasonalNaive);
    }

    [TestMethod]
    public void ASeasonWithATrendIsForecastBeyondOneSeason()
    {
        // y_t = pattern(t mod 4) + 0.5·t: the seasonal change is the constant 2, which the drift learns; the path over
        // three seasons (past the ring of one season, fed its own forecasts) is the pattern with the trend.
        double[] pattern = [3, -1, 4, -6];
        double Y(int t) => 50 + pattern[t % 4] + 0.5 * t;
        var model = new SeasonalArma(4, 2, 0, 12, forgetting: 0.995, prior: 10);
        for (int t = 0; t < 300; t++) model.Update(Y(t), learn: true);
        var path = new double[12];
        model.Forecast(path);
        for (int k = 1; k <= 12; k++) Assert.AreEqual(Y(299 + k), path[k - 1], 1e-3, $"k={k}");
    }

    [TestMethod]
    public void ALevelShiftMovesThePathByTheShiftAndForecastingChangesNoState()
    {
        var y = Sarima(400, 12, 0.5, -0.6, 2);
        var model = new SeasonalArma(12, 2, 1, 6, forgetting: 0.995, prior: 10);
        foreach (double v in y) model.Update(v, learn: true);
        var before = new double[6]; var again = new double[6]; var after = new double[6];
        model.Forecast(before);
        model.Forecast(again);
        CollectionAssert.AreEqual(before, again, "forecasting changes no state");
        model.Shift(25);
        model.Forecast(after);
        for (int k = 0; k < 6; k++) Assert.AreEqual(before[k] + 25, after[k], 1e-9, $"k={k}");
    }

    [TestMethod]
    public void MissingValuesInfinitiesAndJumpsKeepTheForecastsFinite()
    {
        var model = new SeasonalArma(7, 2, 1, 3, forgetting: 0.995, prior: 10);
        var path = new double[3];
        var rng = new Random(3);
        for (int t = 0; t < 3000; t++)
        {
            double v = t % 97 == 0 ? double.NaN : t % 389 == 0 ? double.NegativeInfinity : t % 211 == 0 ? 1e12 : 5 * Math.Sin(2 * Math.PI * t / 7) + rng.NextDouble();
            model.Update(v, learn: true);
            model.Forecast(path);
            if (model.Ready && t > 7) Assert.IsTrue(path.All(double.IsFinite), $"t={t}");
        }
        Assert.IsTrue(model.Weights.ToArray().All(double.IsFinite));
    }

    [TestMethod]
    public void AValueMissingInTheFirstSeasonKeepsThePhase()
    {
        // The first season's gap is kept as a gap (no value to difference against a season later), not dropped: the
        // positions after it stay aligned with their season, and the step a season after the gap is NaN until filled.
        double[] pattern = [3, -1, 4, -6];
        var model = new SeasonalArma(4, 1, 0, 4, forgetting: 0.995, prior: 10);
        for (int t = 0; t < 200; t++) model.Update(t == 1 ? double.NaN : 10 + pattern[t % 4], learn: true);
        var path = new double[4];
        model.Forecast(path);
        for (int k = 1; k <= 4; k++) Assert.AreEqual(10 + pattern[(199 + k) % 4], path[k - 1], 1e-3, $"k={k}");
    }

    [TestMethod]
    public void ItContinuesBitForBitAfterSaveAndLoadAndRefusesMismatchesAndDamage()
    {
        var y = Sarima(300, 12, 0.5, -0.6, 4);
        var a = new SeasonalArma(12, 2, 0, 3, 0.995, 10);
        for (int t = 0; t < 150; t++) a.Update(y[t], true);
        var bytes = Bytes(a);
        var b = new SeasonalArma(12, 2, 0, 3, 0.995, 10);
        using (var r = new BinaryReader(new MemoryStream(bytes))) b.Load(r);
        var pa = new double[3]; var pb = new double[3];
        for (int t = 150; t < 300; t++)
        {
            a.Update(y[t], true); b.Update(y[t], true);
            a.Forecast(pa); b.Forecast(pb);
            CollectionAssert.AreEqual(pa, pb, $"t={t}");
        }
        using (var r = new BinaryReader(new MemoryStream(bytes)))
            Assert.ThrowsExactly<InvalidDataException>(() => new SeasonalArma(4, 2, 0, 3, 0.995, 10).Load(r), "another season");
        using (var r = new BinaryReader(new MemoryStream(bytes)))
            Assert.ThrowsExactly<InvalidDataException>(() => new SeasonalArma(12, 1, 0, 3, 0.995, 10).Load(r), "other orders");
        BitConverter.GetBytes(double.NaN).CopyTo(bytes, 12);   // the first weight (after m, p and q)
        using var damaged = new BinaryReader(new MemoryStream(bytes));
        Assert.ThrowsExactly<InvalidDataException>(() => new SeasonalArma(12, 2, 0, 3, 0.995, 10).Load(damaged));
    }

    [TestMethod]
    public void BadArgumentsAreRefused()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SeasonalArma(1, 1, 0, 1, 0.995, 10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SeasonalArma(4, -1, 0, 1, 0.995, 10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SeasonalArma(4, 1, 4, 1, 0.995, 10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SeasonalArma(4, 1, 0, 0, 0.995, 10));
        Assert.ThrowsExactly<ArgumentException>(() => new SeasonalArma(4, 1, 0, 2, 0.995, 10).Forecast(new double[3]));
    }

    private static byte[] Bytes(SeasonalArma model)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) model.Save(w);
        return ms.ToArray();
    }
}
