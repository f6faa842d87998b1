using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The M4 Comb: the mean of SES, Holt's linear trend and the damped trend, each grid-fitted (the pool's member with a season, layout 24).</summary>
[TestClass]
public sealed class FittedCombTests
{
    [TestMethod]
    public void ForecastsTheMeanOfSesHoltAndTheDampedTrendRunAlone()
    {
        // At every row and horizon 1–3, with a missing value among them: the mean of the three grid fits run on their own.
        var y = IntegratedSeries.Twice(160, 4);
        y[60] = double.NaN;
        var comb = new FittedComb(3);
        var fits = new[] { new FittedDampedTrend(3, TrendGrid.Level), new FittedDampedTrend(3, TrendGrid.Linear), new FittedDampedTrend(3) };
        var path = new double[3]; var part = new double[3];
        int checkedRows = 0;
        for (int t = 0; t < y.Length; t++)
        {
            comb.Update(y[t], learn: true);
            foreach (var fit in fits) fit.Update(y[t], learn: true);
            comb.Forecast(path);
            Assert.AreEqual(fits.All(f => f.Ready), comb.Ready, $"t={t}");
            if (!comb.Ready) { Assert.IsTrue(path.All(double.IsNaN), $"t={t}"); continue; }
            var mean = new double[3];
            foreach (var fit in fits) { fit.Forecast(part); for (int k = 0; k < 3; k++) mean[k] += part[k] / 3; }
            for (int k = 0; k < 3; k++) Assert.AreEqual(mean[k], path[k], 1e-12 * Math.Abs(mean[k]), $"t={t}, h={k + 1}");
            checkedRows++;
        }
        Assert.IsGreaterThan(150, checkedRows);
    }

    [TestMethod]
    public void ItsLevelGridIsSimpleExponentialSmoothingWithTheBestAlpha()
    {
        // The level grid has no trend: every horizon forecasts the level of the α with the lowest sum of squared
        // one-step errors, SES run on its own (ℓ starts at the first value, ℓ ← ℓ + α·e), even on a trending series.
        double[] alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];
        Assert.AreEqual(alphas.Length, TrendGrid.Level.Points.Length);
        var y = IntegratedSeries.Drifting(120, 9, 0.7);
        var fit = new FittedDampedTrend(3, TrendGrid.Level);
        var level = new double[alphas.Length]; var squares = new double[alphas.Length];
        var path = new double[3];
        for (int t = 0; t < y.Length; t++)
        {
            fit.Update(y[t], learn: true);
            for (int i = 0; i < alphas.Length; i++)
            {
                if (t == 0) { level[i] = y[t]; continue; }
                double e = y[t] - level[i];
                squares[i] += e * e;
                level[i] += alphas[i] * e;
            }
            fit.Forecast(path);
            if (t < FittedDampedTrend.MinimumScored) continue;
            int best = Array.IndexOf(squares, squares.Min());
            Assert.AreEqual(alphas[best], fit.Constants.Alpha, $"t={t}");
            foreach (double f in path) Assert.AreEqual(level[best], f, 1e-9 * Math.Abs(level[best]), $"t={t}");
        }
    }

    [TestMethod]
    public void SaveLoadShiftAndRescaleContinueAsTheMovedSeries()
    {
        GridFitChecks.SaveLoadShiftAndRescaleContinueAsTheMovedSeries(() => GridFit.Of(new FittedComb(2), 2), IntegratedSeries.Twice(200, 5));
    }

    [TestMethod]
    public void WithTheHoltFitSharedItForecastsAsWithItsOwnBitForBit()
    {
        // Pool layout 25: the Comb reads the d = 2 member's Holt fit, which its owner updates, moves and rescales, instead of
        // running a copy. Through missing values, a level shift and a change of units, and a save and load half-way (the
        // owner's fit saved and loaded by the owner), the forecasts are those of a Comb with its own fit, bit for bit, and
        // the shared Comb's state is shorter by exactly the fit's.
        var y = IntegratedSeries.Twice(240, 6);
        y[50] = double.NaN; y[51] = double.NaN;
        var own = new FittedComb(3);
        var linear = new FittedLinearTrend(3);
        var shared = new FittedComb(3, linear);
        Assert.IsTrue(shared.SharesLinearTrend); Assert.IsFalse(own.SharesLinearTrend);
        Assert.AreEqual(own.SavedLength - linear.SavedLength, shared.SavedLength);
        var a = new double[3]; var b = new double[3];
        int compared = 0;
        for (int t = 0; t < y.Length; t++)
        {
            own.Update(y[t], learn: t % 7 != 0); linear.Update(y[t], learn: t % 7 != 0); shared.Update(y[t], learn: t % 7 != 0);
            if (t == 100) { own.Shift(25); linear.Shift(25); shared.Shift(25); }
            if (t == 150) { own.Rescale(0.1); linear.Rescale(0.1); shared.Rescale(0.1); }
            if (t == 120)
            {
                // Saved and loaded: the owner's fit and the Comb each restore their own part.
                byte[] fitBytes = Save(linear.Save), combBytes = Save(shared.Save);
                Assert.AreEqual(shared.SavedLength, combBytes.Length);
                linear = new FittedLinearTrend(3); linear.Load(Reader(fitBytes));
                shared = new FittedComb(3, linear);
                var r = Reader(combBytes); shared.Load(r);
                Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position);
            }
            own.Forecast(a); shared.Forecast(b);
            Assert.AreEqual(own.Ready, shared.Ready, $"t={t}");
            if (!own.Ready) continue;
            CollectionAssert.AreEqual(a, b, $"t={t}");
            compared++;
        }
        Assert.IsGreaterThan(220, compared);
    }

    [TestMethod]
    public void AStateWithItsOwnHoltFitLoadsIntoASharedCombAndNotTheOtherWay()
    {
        // A layout-24 pool file holds the Comb's own copy of the Holt fit: a shared Comb reads it to its end and drops it
        // (its owner's fit is the same), and forecasts as the saved one; a Comb that owns its fit refuses a state without it.
        var y = IntegratedSeries.Drifting(90, 3, 0.5);
        var own = new FittedComb(2);
        var linear = new FittedLinearTrend(2);
        foreach (double v in y) { own.Update(v, learn: true); linear.Update(v, learn: true); }
        byte[] withCopy = Save(own.Save);
        var shared = new FittedComb(2, linear);
        var r = Reader(withCopy);
        shared.Load(r, withOwnLinear: true);
        Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position, "the copy is read");
        var a = new double[2]; var b = new double[2];
        own.Forecast(a); shared.Forecast(b);
        CollectionAssert.AreEqual(a, b);
        byte[] withoutCopy = Save(shared.Save);
        Assert.ThrowsExactly<InvalidDataException>(() => new FittedComb(2).Load(Reader(withoutCopy)));
        byte[] damagedCopy = (byte[])withCopy.Clone();
        BitConverter.GetBytes(99).CopyTo(damagedCopy, new FittedDampedTrend(2, TrendGrid.Level).SavedLength);   // the copy's grid size
        Assert.ThrowsExactly<InvalidDataException>(() => new FittedComb(2, linear).Load(Reader(damagedCopy), withOwnLinear: true), "the dropped copy is still checked");
        Assert.ThrowsExactly<ArgumentException>(() => new FittedComb(3, linear), "a shared fit must forecast the Comb's horizon");
    }

    private static byte[] Save(Action<BinaryWriter> save)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) save(w);
        return ms.ToArray();
    }

    private static BinaryReader Reader(byte[] bytes) => new(new MemoryStream(bytes));
}
