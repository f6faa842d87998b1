using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>Holt's linear trend with (α, β) chosen by the whole-sample squared error over a grid (the pool's d = 2 member).</summary>
[TestClass]
public sealed class FittedLinearTrendTests
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];
    private static readonly double[] Betas = [0.01, 0.05, 0.1, 0.2];

    [TestMethod]
    public void ForecastsAsTheGridPointWithTheLowestSumOfSquaresRunAlone()
    {
        // Every grid point run on its own (ETS's recursion, started at the first value with the first change as the
        // trend): the fit forecasts as the one with the lowest sum of squared one-step errors so far, at every row and horizon.
        var y = IntegratedSeries.Twice(200, 11);
        y[60] = double.NaN;
        var points = Alphas.SelectMany(a => Betas.Where(b => b <= a).Select(b => (a, b))).ToArray();
        Assert.AreEqual(points.Length, FittedLinearTrend.GridSize);
        var fit = new FittedLinearTrend(3);
        var level = new double[points.Length]; var trend = new double[points.Length]; var squares = new double[points.Length];
        var path = new double[3];
        double previous = double.NaN;
        int scored = 0, checkedRows = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double v = y[t];
            fit.Update(v, learn: true);
            if (double.IsNaN(v)) { for (int i = 0; i < points.Length; i++) level[i] += trend[i]; }
            else if (double.IsNaN(previous)) Array.Fill(level, v);
            else
            {
                scored++;
                for (int i = 0; i < points.Length; i++)
                {
                    double e = v - (level[i] + trend[i]);
                    squares[i] += e * e;
                    level[i] += trend[i] + points[i].a * e;
                    trend[i] = scored == 1 ? v - previous : trend[i] + points[i].b * e;
                }
            }
            if (!double.IsNaN(v)) previous = v;
            fit.Forecast(path);
            if (scored < FittedLinearTrend.MinimumScored) { Assert.IsTrue(path.All(double.IsNaN), $"t={t}"); continue; }
            int best = Array.IndexOf(squares, squares.Min());
            Assert.AreEqual(points[best], fit.Constants, $"t={t}");
            for (int h = 1; h <= 3; h++) Assert.AreEqual(level[best] + h * trend[best], path[h - 1], 1e-9 * Math.Abs(path[h - 1]), $"t={t}, h={h}");
            checkedRows++;
        }
        Assert.IsGreaterThan(190, checkedRows);
    }

    [TestMethod]
    public void ASmoothTrendGetsASmallErrorAndASlowTrendConstant()
    {
        // On an I(2) series whose slope moves slowly the fit beats the naive forecast by far (the naive misses the
        // slope every step).
        var y = IntegratedSeries.Twice(300, 4);
        var fit = new FittedLinearTrend(1);
        var path = new double[1];
        double fitError = 0, naiveError = 0;
        for (int t = 0; t < y.Length - 1; t++)
        {
            fit.Update(y[t], learn: true);
            fit.Forecast(path);
            if (t < 20) continue;
            fitError += Math.Abs(y[t + 1] - path[0]);
            naiveError += Math.Abs(y[t + 1] - y[t]);
        }
        Assert.IsLessThan(0.6 * naiveError, fitError, $"fit {fitError:F1} against naive {naiveError:F1}");
    }

    [TestMethod]
    public void SaveLoadShiftAndRescaleContinueAsTheMovedSeries()
    {
        var y = IntegratedSeries.Twice(240, 8);
        var a = new FittedLinearTrend(2);
        var moved = new FittedLinearTrend(2);
        for (int t = 0; t < 120; t++) { a.Update(y[t], learn: true); moved.Update(10 * (y[t] + 5), learn: true); }
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        ms.Position = 0;
        var b = new FittedLinearTrend(2);
        using (var r = new BinaryReader(ms)) b.Load(r);
        b.Shift(5);
        b.Rescale(10);
        double[] pa = new double[2], pb = new double[2], pm = new double[2];
        for (int t = 120; t < 240; t++)
        {
            a.Update(y[t], learn: true); b.Update(10 * (y[t] + 5), learn: true); moved.Update(10 * (y[t] + 5), learn: true);
            a.Forecast(pa); b.Forecast(pb); moved.Forecast(pm);
            Assert.AreEqual(moved.Constants, b.Constants, $"t={t}");
            for (int h = 0; h < 2; h++) Assert.AreEqual(pm[h], pb[h], 1e-9 * Math.Abs(pm[h]), $"t={t}");
        }
        Assert.ThrowsExactly<InvalidDataException>(() => new FittedLinearTrend(2).Load(new BinaryReader(new MemoryStream(BitConverter.GetBytes(7)))));
    }
}
