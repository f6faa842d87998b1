using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The damped trend with (α, β, φ) chosen by the whole-sample squared error over a grid (the pool's quarterly member, layout 15).</summary>
[TestClass]
public sealed class FittedDampedTrendTests
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];
    private static readonly double[] Betas = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5];
    private static readonly double[] Phis = [0.8, 0.85, 0.9, 0.95, 0.98];

    [TestMethod]
    public void ForecastsAsTheGridPointWithTheLowestSumOfSquaresRunAlone()
    {
        // Every grid point run on its own (ETS(A,Ad,N)'s recursion, started at the first value with the first change as
        // the trend; a missing value moves the level by φb and damps b): the fit forecasts as the one with the lowest sum
        // of squared one-step errors so far, at every row and horizon, ℓ + (φ + … + φ^h)·b.
        var y = IntegratedSeries.Twice(160, 12);
        y[50] = double.NaN;
        var points = Alphas.SelectMany(a => Betas.Where(b => b <= a).SelectMany(b => Phis.Select(f => (a, b, f)))).ToArray();
        Assert.AreEqual(points.Length, FittedDampedTrend.GridSize);
        var fit = new FittedDampedTrend(3);
        var level = new double[points.Length]; var trend = new double[points.Length]; var squares = new double[points.Length];
        var path = new double[3];
        double previous = double.NaN;
        int scored = 0, checkedRows = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double v = y[t];
            fit.Update(v, learn: true);
            if (double.IsNaN(v)) { for (int i = 0; i < points.Length; i++) { level[i] += points[i].f * trend[i]; trend[i] *= points[i].f; } }
            else if (double.IsNaN(previous)) Array.Fill(level, v);
            else
            {
                scored++;
                for (int i = 0; i < points.Length; i++)
                {
                    var (alpha, beta, phi) = points[i];
                    double e = v - (level[i] + phi * trend[i]);
                    squares[i] += e * e;
                    level[i] += phi * trend[i] + alpha * e;
                    trend[i] = scored == 1 ? v - previous : phi * trend[i] + beta * e;
                }
            }
            if (!double.IsNaN(v)) previous = v;
            fit.Forecast(path);
            if (scored < FittedDampedTrend.MinimumScored) { Assert.IsTrue(path.All(double.IsNaN), $"t={t}"); continue; }
            int best = Array.IndexOf(squares, squares.Min());
            Assert.AreEqual(points[best], fit.Constants, $"t={t}");
            double damped = 0;
            for (int h = 1; h <= 3; h++)
            {
                damped += Math.Pow(points[best].f, h);
                Assert.AreEqual(level[best] + damped * trend[best], path[h - 1], 1e-9 * Math.Abs(path[h - 1]), $"t={t}, h={h}");
            }
            checkedRows++;
        }
        Assert.IsGreaterThan(150, checkedRows);
    }

    [TestMethod]
    public void ATrendThatDiesOutIsDamped()
    {
        // A level whose slope shrinks by 10 % a step (y_t = 100 + 20·(1 − 0.9^t)/0.1, plus small noise): the fit
        // damps its trend (φ ≤ 0.95), and six steps ahead it forecasts the curve, not a line.
        static double Curve(int t) => 100 + 20 * (1 - Math.Pow(0.9, t)) / 0.1;
        var rng = new Random(3);
        var fit = new FittedDampedTrend(6);
        var path = new double[6];
        for (int t = 0; t < 40; t++) fit.Update(Curve(t) + 0.01 * (rng.NextDouble() - 0.5), learn: true);
        fit.Forecast(path);
        Assert.IsLessThanOrEqualTo(0.95, fit.Constants.Phi);
        Assert.AreEqual(Curve(45), path[5], 0.1, "six steps ahead");
    }

    [TestMethod]
    public void SaveLoadShiftAndRescaleContinueAsTheMovedSeries()
    {
        var y = IntegratedSeries.Twice(200, 8);
        var a = new FittedDampedTrend(2);
        var moved = new FittedDampedTrend(2);
        for (int t = 0; t < 100; t++) { a.Update(y[t], learn: true); moved.Update(10 * (y[t] + 5), learn: true); }
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        ms.Position = 0;
        var b = new FittedDampedTrend(2);
        using (var r = new BinaryReader(ms)) b.Load(r);
        b.Shift(5);
        b.Rescale(10);
        double[] pb = new double[2], pm = new double[2];
        for (int t = 100; t < 200; t++)
        {
            b.Update(10 * (y[t] + 5), learn: true); moved.Update(10 * (y[t] + 5), learn: true);
            b.Forecast(pb); moved.Forecast(pm);
            Assert.AreEqual(moved.Constants, b.Constants, $"t={t}");
            for (int h = 0; h < 2; h++) Assert.AreEqual(pm[h], pb[h], 1e-9 * Math.Abs(pm[h]), $"t={t}");
        }
        Assert.ThrowsExactly<InvalidDataException>(() => new FittedDampedTrend(2).Load(new BinaryReader(new MemoryStream(BitConverter.GetBytes(7)))));
    }
}
