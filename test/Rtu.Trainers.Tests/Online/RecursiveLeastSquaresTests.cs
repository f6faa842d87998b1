using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class RecursiveLeastSquaresTests
{
    // The row-by-row update before P's downdate ran in vector lanes (issue 13's speed pass): the reference its bits must match.
    private static void ScalarUpdate(double[] w, double[] pm, double[] x, double y, double lambda)
    {
        int n = w.Length;
        var px = new double[n];
        double denominator = lambda;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += pm[i * n + j] * x[j];
            px[i] = s;
            denominator += x[i] * s;
        }
        double predicted = 0;
        for (int i = 0; i < n; i++) predicted += w[i] * x[i];
        double error = y - predicted;
        for (int i = 0; i < n; i++)
        {
            double k = px[i] / denominator;
            w[i] += k * error;
            for (int j = 0; j < n; j++) pm[i * n + j] = (pm[i * n + j] - k * px[j]) / lambda;
        }
    }

    [TestMethod]
    public void UpdatesMatchTheRowByRowLoopBitForBit()
    {
        foreach (double lambda in new[] { 1.0, 0.995 })
            foreach (int size in new[] { 1, 2, 4, 5, 9, 13 })
            {
                var rls = new RecursiveLeastSquares(size, lambda, 10);
                var w = new double[size];
                var pm = new double[size * size];
                for (int i = 0; i < size; i++) pm[i * size + i] = 10;
                var rng = new Random(size);
                var x = new double[size];
                for (int t = 0; t < 300; t++)
                {
                    x[0] = 1;
                    for (int i = 1; i < size; i++) x[i] = rng.NextDouble() * 2 - 1;
                    double y = 0.3 + (size > 1 ? 0.8 * x[1] : 0) + 0.1 * (rng.NextDouble() - 0.5);
                    rls.Update(x, y);
                    ScalarUpdate(w, pm, x, y, lambda);
                }
                for (int i = 0; i < size; i++) Assert.AreEqual(BitConverter.DoubleToInt64Bits(w[i]), BitConverter.DoubleToInt64Bits(rls.Weights[i]), $"λ {lambda}, size {size}, w[{i}]");
                // P, through Save (row by row).
                using var ms = new MemoryStream();
                using (var bw = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) rls.Save(bw);
                ms.Position = size * sizeof(double);
                using var br = new BinaryReader(ms);
                for (int i = 0; i < size * size; i++) Assert.AreEqual(BitConverter.DoubleToInt64Bits(pm[i]), br.ReadInt64(), $"λ {lambda}, size {size}, P[{i}]");
            }
    }

    // y = 2 + 0.5·x + noise of ±0.1 (seeded), with one gross outlier at row 60.
    private static (double[] X, double[] Y) Line(int n, int outlierAt, double outlier)
    {
        var random = new Random(3);
        var x = new double[n]; var y = new double[n];
        for (int t = 0; t < n; t++)
        {
            x[t] = random.NextDouble() * 4 - 2;
            y[t] = 2 + 0.5 * x[t] + (random.NextDouble() - 0.5) * 0.2 + (t == outlierAt ? outlier : 0);
        }
        return (x, y);
    }

    [TestMethod]
    public void ARobustFitIsThePlainFitUntilAnErrorPassesItsBound()
    {
        // Errors within HuberBound running mean absolute errors leave the update exactly the plain one: on a line with
        // noise within ±0.1 none passes the bound, and the weights are the plain fit's bit for bit at every row.
        var (x, y) = Line(100, outlierAt: -1, outlier: 0);
        var plain = new RecursiveLeastSquares(2, 0.995, 10);
        var robust = new RecursiveLeastSquares(2, 0.995, 10) { Robust = true };
        int weighed = 0;
        for (int t = 0; t < x.Length; t++)
        {
            double[] input = [1, x[t]];
            double scale = robust.ErrorScale;
            if (t >= RecursiveLeastSquares.HuberStart && Math.Abs(y[t] - robust.Predict(input)) > RecursiveLeastSquares.HuberBound * scale) weighed++;
            plain.Update(input, y[t]); robust.Update(input, y[t]);
            if (weighed == 0)
                for (int i = 0; i < 2; i++) Assert.AreEqual(BitConverter.DoubleToInt64Bits(plain.Weights[i]), BitConverter.DoubleToInt64Bits(robust.Weights[i]), $"t={t}");
        }
        Assert.AreEqual(0, weighed, "no error passed the bound");
        Assert.IsGreaterThan(0.0, robust.ErrorScale);
    }

    [TestMethod]
    public void ARobustFitMovesByAnOutlierAsByAnErrorAtItsBound()
    {
        // One value 100 off at row 60 (the noise is within ±0.1): the plain fit's intercept moves by about 100/61, to be
        // forgotten over 1/(1 − λ) rows; the robust one moves as by an error of twice its mean absolute error.
        var (x, y) = Line(100, outlierAt: 60, outlier: 100);
        var plain = new RecursiveLeastSquares(2, 0.995, 10);
        var robust = new RecursiveLeastSquares(2, 0.995, 10) { Robust = true };
        for (int t = 0; t < 60; t++) { plain.Update([1, x[t]], y[t]); robust.Update([1, x[t]], y[t]); }
        double before = robust.ErrorScale;
        plain.Update([1, x[60]], y[60]); robust.Update([1, x[60]], y[60]);
        TestContext.WriteLine($"after the outlier: plain intercept {plain.Weights[0]:F3}, robust {robust.Weights[0]:F3} (true 2), robust error scale {before:F4} → {robust.ErrorScale:F4}");
        Assert.IsGreaterThan(1.0, Math.Abs(plain.Weights[0] - 2));
        Assert.IsLessThan(0.02, Math.Abs(robust.Weights[0] - 2));
        Assert.IsLessThan(before * (1 + RecursiveLeastSquares.HuberBound / 60), robust.ErrorScale * (1 - 1e-12), "the outlier counted at the bound at most");
    }

    [TestMethod]
    public void AnErrorScaleIsSavedApartAndAHostileOneIsRefused()
    {
        var (x, y) = Line(40, outlierAt: -1, outlier: 0);
        var robust = new RecursiveLeastSquares(2, 1, 10) { Robust = true };
        for (int t = 0; t < x.Length; t++) robust.Update([1, x[t]], y[t]);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) { robust.Save(w); robust.SaveErrorScale(w); }
        var copy = new RecursiveLeastSquares(2, 1, 10) { Robust = true };
        ms.Position = 0;
        using (var r = new BinaryReader(ms, System.Text.Encoding.UTF8, leaveOpen: true)) { copy.Load(r); copy.LoadErrorScale(r); }
        Assert.AreEqual(robust.ErrorScale, copy.ErrorScale);
        copy.Update([1, 0.3], 100); robust.Update([1, 0.3], 100);
        CollectionAssert.AreEqual(robust.Weights.ToArray(), copy.Weights.ToArray(), "the copy weighs the next outlier alike");
        foreach (var (scale, count) in new[] { (-1.0, 5L), (double.PositiveInfinity, 5L), (double.NaN, 5L), (0.1, -1L) })
        {
            using var bad = new MemoryStream();
            using (var w = new BinaryWriter(bad, System.Text.Encoding.UTF8, leaveOpen: true)) { w.Write(scale); w.Write(count); }
            bad.Position = 0;
            using var r = new BinaryReader(bad);
            Assert.ThrowsExactly<InvalidDataException>(() => copy.LoadErrorScale(r), $"scale {scale}, count {count}");
        }
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static bool AllZero(ReadOnlySpan<double> w)
    {
        foreach (double v in w) if (v != 0) return false;
        return true;
    }

    [TestMethod]
    public void AConditionedFitWithForgettingStaysAFit()
    {
        // An outside review: round-off leaves P − Pᵀ ≠ 0, the update never shrinks that part and the division by λ grows it
        // by 1/λ a row, so at λ = 0.995 a fit of ideal data (four independent inputs, small noise) went back to its prior
        // after about 6,000 rows, again and again. Conditioned, P stays symmetric and the fit stays.
        var rng = new Random(3);
        var plain = new RecursiveLeastSquares(4, 0.995, 10);
        var conditioned = new RecursiveLeastSquares(4, 0.995, 10) { Conditioned = true };
        double[] truth = [1, 0.5, 1.0 / 3, 0.25];
        var x = new double[4];
        int plainResets = 0, conditionedResets = 0;
        for (int t = 0; t < 20_000; t++)
        {
            double y = 0.1 * Normal(rng);
            for (int i = 0; i < 4; i++) { x[i] = Normal(rng); y += truth[i] * x[i]; }
            plain.Update(x, y); conditioned.Update(x, y);
            if (AllZero(plain.Weights)) plainResets++;
            if (AllZero(conditioned.Weights)) conditionedResets++;
        }
        Assert.IsGreaterThan(0, plainResets, "the defect: the plain fit went back to its prior");
        Assert.AreEqual(0, conditionedResets);
        for (int i = 0; i < 4; i++) Assert.AreEqual(truth[i], conditioned.Weights[i], 0.02);
        var p = conditioned.Covariance;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) Assert.AreEqual(p[i * 4 + j], p[j * 4 + i], "P is symmetric to the bit");
    }

    [TestMethod]
    public void AnInputThatStaysAtZeroNoLongerResetsTheOthers()
    {
        // An exogenous column at its mean is 0 standardised: the variance along it grew by 1/λ a row until the trace bound
        // (1e12, about 12,650 rows at λ = 0.998) reset every weight, the informative column's too. Conditioned, it is held
        // at MaxVarianceFactor times the prior and the other weight stays fitted.
        var rng = new Random(4);
        var plain = new RecursiveLeastSquares(2, 0.998, 10);
        var conditioned = new RecursiveLeastSquares(2, 0.998, 10) { Conditioned = true };
        int plainResets = 0, conditionedOff = 0;
        for (int t = 0; t < 20_000; t++)
        {
            double z = Normal(rng), y = 3 * z + 0.1 * Normal(rng);
            plain.Update([z, 0], y); conditioned.Update([z, 0], y);
            if (AllZero(plain.Weights)) plainResets++;
            if (t >= 100 && Math.Abs(conditioned.Weights[0] - 3) > 0.05) conditionedOff++;
        }
        Assert.IsGreaterThan(0, plainResets, "the defect: the plain fit's trace bound reset both weights");
        Assert.AreEqual(0, conditionedOff, "the informative weight stays fitted");
        Assert.AreEqual(0, conditioned.Weights[1]);
        double bound = RecursiveLeastSquares.MaxVarianceFactor * 10;
        Assert.AreEqual(bound, conditioned.Covariance[3], "the idle direction's variance held at the bound, exactly");
        Assert.IsLessThan(0.01, conditioned.Covariance[0], "the informative direction's as the data make it: about (1 − λ)/E[z²]");
        // Once the idle input moves, the fit takes it at once, as from its prior.
        for (int t = 0; t < 50; t++)
        {
            double z = Normal(rng), u = Normal(rng);
            conditioned.Update([z, u], 3 * z - 2 * u + 0.1 * Normal(rng));
        }
        Assert.AreEqual(-2, conditioned.Weights[1], 0.1);
    }

    [TestMethod]
    public void WithoutForgettingAConditionedFitIsThePlainOne()
    {
        // λ = 1 (the order-selected autoregressions): nothing grows, and the fits keep their bits.
        var rng = new Random(5);
        var plain = new RecursiveLeastSquares(3, 1, 10);
        var conditioned = new RecursiveLeastSquares(3, 1, 10) { Conditioned = true };
        for (int t = 0; t < 500; t++)
        {
            double[] x = [Normal(rng), Normal(rng), 1];
            double y = x[0] - x[1] + 0.3 * Normal(rng);
            plain.Update(x, y); conditioned.Update(x, y);
        }
        CollectionAssert.AreEqual(plain.Weights.ToArray(), conditioned.Weights.ToArray());
        CollectionAssert.AreEqual(plain.Covariance.ToArray(), conditioned.Covariance.ToArray());
    }

    public TestContext TestContext { get; set; } = null!;
}
