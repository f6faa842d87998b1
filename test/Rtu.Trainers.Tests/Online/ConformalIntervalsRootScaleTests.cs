using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The third error scale of the conformal intervals (layout 5): errors that grow with the square root of the level get
/// ŷ ± c·q_h·√ŷ (<see cref="ConformalIntervals.ScalePower"/> ½), chosen by likelihood next to the absolute and relative
/// scales; around a forecast ≤ 0 it gives the absolute width; a change of units and a layout-4 file keep what they were.
/// </summary>
[TestClass]
public sealed class ConformalIntervalsRootScaleTests
{
    // A positive series rising from 10 to 10,000 over n rows, forecast by its level; its errors are the level's power
    // `power` times uniform noise of half-width `size` (power ½: a count's spread, as a Poisson count's).
    private static (double[] Y, double[] Forecast) Rising(int n, double power, double size, int seed)
    {
        var rng = new Random(seed);
        double[] y = new double[n], f = new double[n];
        for (int t = 0; t < n; t++)
        {
            double level = 10 * Math.Pow(1000, t / (double)(n - 1));
            f[t] = 10 * Math.Pow(1000, (t + 1) / (double)(n - 1));   // the forecast of row t + 1
            y[t] = level + Math.Pow(level, power) * size * (rng.NextDouble() * 2 - 1);
        }
        return (y, f);
    }

    // The 80 % interval's coverage and mean interval score (width + (2/α)·how far outside; α = 0.2) over rows ≥ from.
    private static (double Coverage, double Score) Run(ConformalIntervals intervals, double[] y, double[] f, int from)
    {
        float[] lower = new float[1], upper = new float[1];
        int inside = 0, scored = 0;
        double score = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (t >= from && float.IsFinite(lower[0]))
            {
                scored++;
                if (y[t] >= lower[0] && y[t] <= upper[0]) inside++;
                score += upper[0] - lower[0] + 10 * (Math.Max(0, lower[0] - y[t]) + Math.Max(0, y[t] - upper[0]));
            }
            intervals.Observe(y[t], learn: true);
            intervals.Remember([(float)f[t]]);
            intervals.Write([(float)f[t]], 0, lower, upper);
        }
        return (inside / (double)scored, score / scored);
    }

    [TestMethod]
    public void ErrorsThatGrowWithTheSquareRootOfTheLevelGetRootIntervals()
    {
        // Measured (80 %, rows 100–499): root scale 79.5 % coverage, interval score 94.1; the same series with the
        // absolute and relative scales alone (a layout 1–4 model) takes the absolute one, which lags the growing errors:
        // 76.7 %, 94.4. Errors of constant size and in proportion still get the absolute and the relative scale.
        var (y, f) = Rising(500, 0.5, 1.5, seed: 5);
        var root = new ConformalIntervals(1);
        var (coverage, score) = Run(root, y, f, 100);
        var twoScales = TwoScales(new ConformalIntervals(1));
        var (coverageTwo, scoreTwo) = Run(twoScales, y, f, 100);
        TestContext.WriteLine($"root: power {root.ScalePower(1)}, coverage {coverage:P1}, score {score:F2}; two scales: power {twoScales.ScalePower(1)}, coverage {coverageTwo:P1}, score {scoreTwo:F2}");
        Assert.AreEqual(0.5, root.ScalePower(1));
        Assert.IsFalse(root.IsRelative(1));
        Assert.AreNotEqual(0.5, twoScales.ScalePower(1));
        Assert.IsLessThan(0.03, Math.Abs(coverage - 0.8), "the root intervals hold their level");
        Assert.IsGreaterThan(Math.Abs(coverage - 0.8) + 0.02, Math.Abs(coverageTwo - 0.8), "the two scales alone cover less well");
        Assert.IsLessThanOrEqualTo(scoreTwo, score, "and score no better");
        var (yc, fc) = Rising(500, 0, 3, seed: 6);
        var constant = new ConformalIntervals(1);
        Run(constant, yc, fc, 100);
        Assert.AreEqual(0.0, constant.ScalePower(1));
        var (yp, fp) = Rising(500, 1, 0.05, seed: 7);
        var proportional = new ConformalIntervals(1);
        Run(proportional, yp, fp, 100);
        Assert.AreEqual(1.0, proportional.ScalePower(1));
    }

    [TestMethod]
    public void TheRootHalfWidthIsAMultipleOfTheForecastsSquareRootAndTheAbsoluteOneAroundZero()
    {
        var (y, f) = Rising(400, 0.5, 1.5, seed: 8);
        var a = new ConformalIntervals(1);
        Run(a, y, f, 0);
        Assert.AreEqual(0.5, a.ScalePower(1));
        float[] lower = new float[1], upper = new float[1];
        a.Write([400f], 1, lower, upper);
        double half = a.HalfWidth(1, 1) * Math.Sqrt(400);
        Assert.AreEqual(400 - half, lower[0], 1e-4 * half);
        Assert.AreEqual(400 + half, upper[0], 1e-4 * half);
        Assert.AreEqual(half, ConformalIntervals.ScaledHalfWidth(a.HalfWidth(1, 1), 400, a.ReferenceLevel(1), 0.5), 1e-9 * half);
        // Around a forecast of 0 the square root is taken of the reference level (s_h/q_h)²: the absolute scale's width.
        a.Write([0f], 1, lower, upper);
        var asBefore = TwoScales(a);
        Assert.AreEqual(0.0, asBefore.ScalePower(1), "the same state without the root scale: absolute (its errors do not grow in proportion)");
        float[] lower0 = new float[1], upper0 = new float[1];
        asBefore.Write([0f], 1, lower0, upper0);
        Assert.IsGreaterThan(0f, upper[0]);
        Assert.AreEqual(upper0[0], upper[0], 1e-4 * upper0[0]);
        // The frozen view carries the power and the reference level.
        var frozen = a.Freeze()[1];
        Assert.AreEqual(0.5, frozen.Power(1));
        Assert.IsFalse(frozen.IsRelative(1));
        Assert.AreEqual(a.HalfWidth(1, 1), frozen.HalfWidth[0], 1e-6 * a.HalfWidth(1, 1));
        Assert.AreEqual(a.ReferenceLevel(1), frozen.ReferenceLevel![0], 1e-6 * a.ReferenceLevel(1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ConformalIntervals.ScaledHalfWidth(1, 1, 1, 2));
    }

    [TestMethod]
    public void ANewUnitKeepsTheRootScaleAndMultipliesItsBounds()
    {
        var (y, f) = Rising(400, 0.5, 1.5, seed: 9);
        var a = new ConformalIntervals(1);
        Run(a, y, f, 0);
        Assert.AreEqual(0.5, a.ScalePower(1));
        float[] lower = new float[1], upper = new float[1], lower3 = new float[1], upper3 = new float[1];
        a.Write([500f], 0, lower, upper);
        var converted = Reloaded(a);
        converted.Rescale(1e3);
        Assert.AreEqual(0.5, converted.ScalePower(1));
        converted.Write([500e3f], 0, lower3, upper3);
        Assert.AreEqual(lower[0] * 1e3, lower3[0], 1e-6 * 500e3);
        Assert.AreEqual(upper[0] * 1e3, upper3[0], 1e-6 * 500e3);
    }

    [TestMethod]
    public void IntervalsOfLayoutFourKeepTheTwoScales()
    {
        // A layout-4 file (written here by dropping layout 5's tail) continues with the absolute and relative scales
        // alone, also after more rows whose errors grow with the square root, and saved again stays so.
        var (y, f) = Rising(600, 0.5, 1.5, seed: 10);
        var a = new ConformalIntervals(1);
        var b = TwoScales(a);
        Run(a, y, f, 0);
        Run(b, y, f, 0);
        Assert.AreEqual(0.5, a.ScalePower(1));
        Assert.AreNotEqual(0.5, b.ScalePower(1));
        Assert.AreEqual(b.ScalePower(1), Reloaded(b).ScalePower(1));
        Assert.AreEqual(b.HalfWidth(1, 0), Reloaded(b).HalfWidth(1, 0));
        Assert.AreEqual(a.HalfWidth(1, 0), Reloaded(a).HalfWidth(1, 0));
    }

    [TestMethod]
    public void AStoredRootScaleThatIsNotFiniteIsRefused()
    {
        var (y, f) = Rising(100, 0.5, 1.5, seed: 11);
        var a = new ConformalIntervals(1);
        Run(a, y, f, 0);
        var bytes = Saved(a);
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, -1.0 })
        {
            var copy = (byte[])bytes.Clone();
            BitConverter.GetBytes(bad).CopyTo(copy, copy.Length - a.LaterLayoutsLength(7) - 2 - 16);   // q_1, before its likelihood mean, layouts 6's and 7's flags and layout 8's section
            var e = Assert.ThrowsExactly<InvalidDataException>(() => new ConformalIntervals(1).Load(new BinaryReader(new MemoryStream(copy))));
            StringAssert.Contains(e.Message, "root-scale");
        }
    }

    // The intervals as a layout-4 file holds them: without layout 5's tail (a flag, q_h, its likelihood mean).
    private static ConformalIntervals TwoScales(ConformalIntervals intervals) =>
        ReadAsLayout(intervals, 4, intervals.LaterLayoutsLength(4));

    public TestContext TestContext { get; set; } = null!;
}
