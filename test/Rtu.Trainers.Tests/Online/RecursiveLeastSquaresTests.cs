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

    public TestContext TestContext { get; set; } = null!;
}
