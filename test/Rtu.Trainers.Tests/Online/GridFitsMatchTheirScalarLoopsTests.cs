using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The grid-fitted members run their grid points in vector lanes; every lane's arithmetic is the scalar recursion's in
/// its order, so each forecast, the chosen constants and the saved bytes must be those of the scalar loop over the
/// points (<see cref="ScalarFittedDampedTrend"/> and its sibling, the members before vectorising) bit for bit: on
/// random and real series with missing values, rows not learned, shifts, changes of units, a save → load half-way,
/// ties (a constant stretch) and sums of squares that overflow.
/// </summary>
[TestClass]
public sealed class GridFitsMatchTheirScalarLoopsTests
{
    private const int Horizon = 6;

    private static GridFit Of(ScalarFittedDampedTrend f, bool linear = false) => new(f.Update, f.Forecast, f.Shift, f.Rescale, f.Save,
        () => linear ? [f.Constants.Alpha, f.Constants.Beta] : [f.Constants.Alpha, f.Constants.Beta, f.Constants.Phi], () => f.Ready);
    private static GridFit Of(ScalarFittedDriftSmoothing f) => new(f.Update, f.Forecast, f.Shift, f.Rescale, f.Save,
        () => [f.Constants.Alpha, f.Constants.Drift], () => f.Ready);

    private static IEnumerable<(string Name, Func<GridFit> Vectorised, Func<GridFit> Scalar)> Members()
    {
        yield return ("Holt", () => GridFit.Of(new FittedLinearTrend(Horizon), Horizon), () => Of(new ScalarFittedDampedTrend(Horizon, ScalarFittedDampedTrend.LinearGrid), linear: true));
        yield return ("damped trend", () => GridFit.Of(new FittedDampedTrend(Horizon), Horizon), () => Of(new ScalarFittedDampedTrend(Horizon)));
        yield return ("SES with drift", () => GridFit.Of(new FittedDriftSmoothing(Horizon), Horizon), () => Of(new ScalarFittedDriftSmoothing(Horizon)));
    }

    /// <summary>The series compared: random walks with drift and noise, real ones, and the edge cases.</summary>
    private static IEnumerable<(string Name, double[] Values)> Series()
    {
        var rng = new Random(17);
        for (int s = 0; s < 3; s++)
        {
            var y = new double[400];
            double level = 50 * rng.NextDouble(), drift = rng.NextDouble() - 0.5;
            for (int t = 0; t < y.Length; t++) { level += drift + rng.NextDouble() - 0.5; y[t] = level + 0.3 * (rng.NextDouble() - 0.5); }
            yield return ($"random walk {s}", y);
        }
        yield return ("JohnsonJohnson", RealSeries.JohnsonJohnson);
        yield return ("co2", RealSeries.Co2());
        yield return ("petrol price", RealSeries.PetrolPrice());
        yield return ("starts missing, then constant (ties)", [double.NaN, double.NaN, .. Enumerable.Repeat(3.0, 40), 4, 5, double.NaN, 5, 5, 5]);
        yield return ("sums of squares overflow", [.. Enumerable.Range(0, 60).Select(t => (t % 2 == 0 ? 1 : -1) * 1e155 * (1 + t % 7))]);
    }

    [TestMethod]
    public void EveryForecastConstantAndSavedByteIsTheScalarLoops()
    {
        int compared = 0;
        foreach (var (member, vectorised, scalar) in Members())
        {
            foreach (var (name, values) in Series())
            {
                var rng = new Random(name.Length);
                var fit = vectorised();
                var reference = scalar();
                var path = new double[Horizon];
                var expected = new double[Horizon];
                for (int t = 0; t < values.Length; t++)
                {
                    string where = $"{member}, {name}, t={t}";
                    // Missing values, rows not learned, shifts and changes of units at random rows (the same for both).
                    double v = rng.NextDouble() < 0.05 ? double.NaN : values[t];
                    bool learn = rng.NextDouble() >= 0.1;
                    fit.Update(v, learn); reference.Update(v, learn);
                    double draw = rng.NextDouble();
                    if (draw < 0.02) { double delta = 10 * (rng.NextDouble() - 0.5); fit.Shift(delta); reference.Shift(delta); }
                    else if (draw < 0.04) { double factor = 0.5 + rng.NextDouble(); fit.Rescale(factor); reference.Rescale(factor); }
                    if (t == values.Length / 2) fit = fit.Reload!(fit.Bytes());
                    Assert.AreEqual(reference.Ready(), fit.Ready(), where);
                    int length = 1 + t % Horizon;
                    fit.Forecast(path.AsSpan(0, length)); reference.Forecast(expected.AsSpan(0, length));
                    AssertSameBits(expected.AsSpan(0, length), path.AsSpan(0, length), where + ", forecast");
                    AssertSameBits(reference.Constants(), fit.Constants(), where + ", constants");
                    compared++;
                }
                CollectionAssert.AreEqual(reference.Bytes(), fit.Bytes(), $"{member}, {name}: saved bytes");
            }
        }
        Assert.IsGreaterThan(3000, compared);
    }

    private static void AssertSameBits(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string where)
    {
        Assert.AreEqual(expected.Length, actual.Length, where);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]), $"{where} [{i}]: {expected[i]:R} vs {actual[i]:R}");
    }
}
