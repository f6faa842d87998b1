using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class OnlineArmaTests
{
    public TestContext TestContext { get; set; } = null!;

    // An ARIMA(1,1,1) path: d_t = a·d_{t−1} + e_t + b·e_{t−1}, e ~ N(0, 1) (Box–Muller), y the running sum from 100.
    private static double[] Arima111(int n, double a, double b, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double level = 100, d = 0, e = 0;
        for (int t = 0; t < n; t++)
        {
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            d = a * d + noise + b * e;
            e = noise;
            y[t] = level += d;
        }
        return y;
    }

    private static double OneStepMse(OnlineArma model, double[] y, int from) => OneStepScore.Mse(model.Forecast, model.Update, y, from);

    [TestMethod]
    public void AKnownArima111IsRecoveredAndItsMovingAverageTermBeatsAnAutoregression()
    {
        // Extended least squares without forgetting converges to the true coefficients; the residual variance is 1, so
        // the weights in units of the change scale E|d| are a, b and the forecast error approaches 1. An AR(1) on the
        // changes cannot carry the MA term: a larger error.
        const double a = 0.5, b = 0.6;
        var y = Arima111(6000, a, b, 1);
        var arma = new OnlineArma(1, 1, 1, forgetting: 1, prior: 10);
        double mse = OneStepMse(arma, y, 3000);
        double ar = OneStepMse(new OnlineArma(1, 0, 1, forgetting: 1, prior: 10), y, 3000);
        var w = arma.Weights;
        TestContext.WriteLine($"weights c {w[0]:F3}, a {w[1]:F3}, b {w[2]:F3}; one-step MSE ARMA(1,1) {mse:F3}, AR(1) {ar:F3}");
        Assert.AreEqual(a, w[1], 0.08, "a");
        Assert.AreEqual(b, w[2], 0.08, "b");
        Assert.AreEqual(0, w[0], 0.05, "no drift");
        Assert.AreEqual(1, mse, 0.1, "one-step error at the noise level");
        Assert.IsGreaterThan(1.1 * mse, ar);
    }

    [TestMethod]
    public void FedItsOwnForecastItsPathMovesOneStepAndItsStateIsUnchangedByForecasting()
    {
        // Without a drift term changing with the scale (c ≈ 0 here) a value equal to the one-step forecast has a zero
        // residual, so the next path is the old one shifted by a step; Forecast itself leaves the state as it was.
        var y = Arima111(400, 0.6, 0.4, 2);
        var model = new OnlineArma(2, 2, 5, forgetting: 0.995, prior: 10);
        foreach (double v in y) model.Update(v, learn: true);
        var before = new double[5];
        model.Forecast(before);
        var again = new double[5];
        model.Forecast(again);
        CollectionAssert.AreEqual(before, again, "forecasting changes no state");
        var twin = Copy(model);
        model.Update(before[0], learn: false);
        twin.Update(before[0] + 1, learn: false);
        var after = new double[5];
        model.Forecast(after);
        double scale = Math.Abs(before[1] - before[0]) + 1;
        for (int k = 0; k < 4; k++) Assert.AreEqual(before[k + 1], after[k], 0.05 * scale, $"k={k}");
        var other = new double[5];
        twin.Forecast(other);
        Assert.AreNotEqual(after[0], other[0], "a different value moves the path");
    }

    [TestMethod]
    public void MissingValuesAndJumpsKeepTheForecastsFinite()
    {
        var model = new OnlineArma(2, 2, 3, forgetting: 0.995, prior: 10);
        var path = new double[3];
        var rng = new Random(3);
        for (int t = 0; t < 2000; t++)
        {
            double v = t % 97 == 0 ? double.NaN : t % 211 == 0 ? 1e12 : Math.Sin(t / 5.0) + rng.NextDouble();
            model.Update(v, learn: true);
            model.Forecast(path);
            if (model.Ready) Assert.IsTrue(path.All(double.IsFinite), $"t={t}");
        }
        Assert.IsTrue(model.Weights.ToArray().All(double.IsFinite));
    }

    [TestMethod]
    public void ItContinuesBitForBitAfterSaveAndLoadAndRefusesDamage()
    {
        var y = Arima111(200, 0.5, 0.5, 4);
        var a = new OnlineArma(2, 1, 3, 0.995, 10);
        for (int t = 0; t < 100; t++) a.Update(y[t], true);
        var bytes = Bytes(a);
        var b = new OnlineArma(2, 1, 3, 0.995, 10);
        using (var r = new BinaryReader(new MemoryStream(bytes))) b.Load(r);
        var pa = new double[3]; var pb = new double[3];
        for (int t = 100; t < 200; t++)
        {
            a.Update(y[t], true); b.Update(y[t], true);
            a.Forecast(pa); b.Forecast(pb);
            CollectionAssert.AreEqual(pa, pb, $"t={t}");
        }
        using (var r = new BinaryReader(new MemoryStream(bytes)))
            Assert.ThrowsExactly<InvalidDataException>(() => new OnlineArma(1, 1, 3, 0.995, 10).Load(r), "other orders");
        BitConverter.GetBytes(double.NaN).CopyTo(bytes, 8);   // the first weight (after p and q)
        using var damaged = new BinaryReader(new MemoryStream(bytes));
        Assert.ThrowsExactly<InvalidDataException>(() => new OnlineArma(2, 1, 3, 0.995, 10).Load(damaged));
    }

    private static byte[] Bytes(OnlineArma model)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) model.Save(w);
        return ms.ToArray();
    }

    private static OnlineArma Copy(OnlineArma model)
    {
        var c = new OnlineArma(model.P, model.Q, 5, 0.995, 10);
        using var r = new BinaryReader(new MemoryStream(Bytes(model)));
        c.Load(r);
        return c;
    }
}
