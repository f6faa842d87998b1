using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A grid-fitted member (FittedLinearTrend, FittedDampedTrend, FittedDriftSmoothing, or a scalar reference of one) seen
/// through the calls the tests make, so that one check serves all of them. <see cref="Constants"/> are the chosen
/// grid point's (and the drift's); <see cref="Reload"/> reads saved bytes into a new member of the same horizon.
/// </summary>
internal sealed record GridFit(Action<double, bool> Update, GridFit.Forecaster Forecast, Action<double> Shift, Action<double> Rescale,
    Action<BinaryWriter> Save, Func<double[]> Constants, Func<bool> Ready, Func<byte[], GridFit>? Reload = null)
{
    public delegate void Forecaster(Span<double> path);

    private static BinaryReader Reader(byte[] bytes) => new(new MemoryStream(bytes));

    public static GridFit Of(FittedLinearTrend f, int horizon) => new(f.Update, f.Forecast, f.Shift, f.Rescale, f.Save,
        () => [f.Constants.Alpha, f.Constants.Beta], () => f.Ready, b => { var g = new FittedLinearTrend(horizon); g.Load(Reader(b)); return Of(g, horizon); });

    public static GridFit Of(FittedDampedTrend f, int horizon) => new(f.Update, f.Forecast, f.Shift, f.Rescale, f.Save,
        () => [f.Constants.Alpha, f.Constants.Beta, f.Constants.Phi], () => f.Ready, b => { var g = new FittedDampedTrend(horizon); g.Load(Reader(b)); return Of(g, horizon); });

    public static GridFit Of(FittedDriftSmoothing f, int horizon) => new(f.Update, f.Forecast, f.Shift, f.Rescale, f.Save,
        () => [f.Constants.Alpha, f.Constants.Drift], () => f.Ready, b => { var g = new FittedDriftSmoothing(horizon); g.Load(Reader(b)); return Of(g, horizon); });

    public static GridFit Of(FittedComb f, int horizon) => new(f.Update, f.Forecast, f.Shift, f.Rescale, f.Save,
        () => [f.LevelAlpha], () => f.Ready, b => { var g = new FittedComb(horizon); g.Load(Reader(b)); return Of(g, horizon); });

    public byte[] Bytes()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) Save(w);
        return ms.ToArray();
    }
}

/// <summary>Checks every grid-fitted member must pass.</summary>
internal static class GridFitChecks
{
    /// <summary>The fit's and the naive forecast's sums of one-step absolute errors from row 20 on.</summary>
    public static (double Fit, double Naive) OneStepErrors(GridFit fit, double[] y)
    {
        var path = new double[1];
        double fitError = 0, naiveError = 0;
        for (int t = 0; t < y.Length - 1; t++)
        {
            fit.Update(y[t], true);
            fit.Forecast(path);
            if (t < 20) continue;
            fitError += Math.Abs(y[t + 1] - path[0]);
            naiveError += Math.Abs(y[t + 1] - y[t]);
        }
        return (fitError, naiveError);
    }

    /// <summary>
    /// A member saved half-way, loaded, then shifted by 5 and rescaled by 10 continues as one that saw 10·(y + 5) from
    /// the start (two-step forecasts and constants to 1e-9 relative), and a damaged file is refused.
    /// </summary>
    public static void SaveLoadShiftAndRescaleContinueAsTheMovedSeries(Func<GridFit> create, double[] y)
    {
        int half = y.Length / 2;
        var a = create();
        var moved = create();
        for (int t = 0; t < half; t++) { a.Update(y[t], true); moved.Update(10 * (y[t] + 5), true); }
        var b = a.Reload!(a.Bytes());
        b.Shift(5);
        b.Rescale(10);
        double[] pb = new double[2], pm = new double[2];
        for (int t = half; t < y.Length; t++)
        {
            b.Update(10 * (y[t] + 5), true); moved.Update(10 * (y[t] + 5), true);
            b.Forecast(pb); moved.Forecast(pm);
            double[] cm = moved.Constants(), cb = b.Constants();
            for (int i = 0; i < cm.Length; i++) Assert.AreEqual(cm[i], cb[i], 1e-9 * Math.Abs(cm[i]), $"constant {i}, t={t}");
            for (int h = 0; h < 2; h++) Assert.AreEqual(pm[h], pb[h], 1e-9 * Math.Abs(pm[h]), $"t={t}");
        }
        Assert.ThrowsExactly<InvalidDataException>(() => a.Reload(BitConverter.GetBytes(7)));
    }

    /// <summary>
    /// Every grid point run on its own (ETS(A,Ad,N)'s recursion, started at the first value with the first change as
    /// the trend; a missing value moves the level by φb and damps b): the fit forecasts as the one with the lowest sum
    /// of squared one-step errors so far, at every row and horizon 1–3, ℓ + (φ + … + φ^h)·b (Holt's: every φ = 1).
    /// Returns the rows checked (those with at least <paramref name="minimumScored"/> errors).
    /// </summary>
    public static int ForecastsAsTheBestPointRunAlone(GridFit fit, (double Alpha, double Beta, double Phi)[] points, int minimumScored, double[] y)
    {
        var level = new double[points.Length]; var trend = new double[points.Length]; var squares = new double[points.Length];
        var path = new double[3];
        double previous = double.NaN;
        int scored = 0, checkedRows = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double v = y[t];
            fit.Update(v, true);
            if (double.IsNaN(v)) { for (int i = 0; i < points.Length; i++) { level[i] += points[i].Phi * trend[i]; trend[i] *= points[i].Phi; } }
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
            if (scored < minimumScored) { Assert.IsTrue(path.All(double.IsNaN), $"t={t}"); continue; }
            int best = Array.IndexOf(squares, squares.Min());
            double[] constants = fit.Constants();
            Assert.AreEqual(points[best].Alpha, constants[0], $"t={t}");
            Assert.AreEqual(points[best].Beta, constants[1], $"t={t}");
            if (constants.Length > 2) Assert.AreEqual(points[best].Phi, constants[2], $"t={t}");
            double damped = 0;
            for (int h = 1; h <= 3; h++)
            {
                damped += Math.Pow(points[best].Phi, h);
                Assert.AreEqual(level[best] + damped * trend[best], path[h - 1], 1e-9 * Math.Abs(path[h - 1]), $"t={t}, h={h}");
            }
            checkedRows++;
        }
        return checkedRows;
    }
}
