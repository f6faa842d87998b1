using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>Classical-decomposition seasonal indices kept online (the pool's quarterly adjustment, layout 15).</summary>
[TestClass]
public sealed class ClassicalSeasonalIndicesTests
{
    // The batch formula over y_0 … y_t: every row j whose centred moving average window (2×m for even m, the ends
    // weighted ½; m for odd m) lies in 0 … t and is complete gives y_j / average and y_j − average; per position the
    // means, normalised (ratios to mean 1, differences to mean 0); ratios while every value so far is positive.
    private static (double[] Indices, bool Multiplicative) Batch(double[] y, int t, int m)
    {
        int half = m / 2;
        var ratio = new double[m]; var difference = new double[m]; var ratios = new int[m]; var differences = new int[m];
        for (int j = half; j + half <= t; j++)
        {
            double sum = 0;
            bool complete = true;
            for (int k = j - half; k <= j + half; k++)
            {
                if (double.IsNaN(y[k])) complete = false;
                else sum += m % 2 == 0 && (k == j - half || k == j + half) ? 0.5 * y[k] : y[k];
            }
            if (!complete) continue;
            double average = sum / m;
            difference[j % m] += y[j] - average; differences[j % m]++;
            if (average > 0) { ratio[j % m] += y[j] / average; ratios[j % m]++; }
        }
        bool positive = y.Take(t + 1).All(v => double.IsNaN(v) || v > 0);
        if (positive && ratios.All(c => c > 0))
        {
            var s = Enumerable.Range(0, m).Select(i => ratio[i] / ratios[i]).ToArray();
            double mean = s.Average();
            return (s.Select(v => v / mean).ToArray(), true);
        }
        if (differences.All(c => c > 0))
        {
            var s = Enumerable.Range(0, m).Select(i => difference[i] / differences[i]).ToArray();
            double mean = s.Average();
            return (s.Select(v => v - mean).ToArray(), false);
        }
        return (new double[m], false);
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(5)]
    public void TheIndicesAreTheBatchDecompositionsOfTheValuesSoFar(int m)
    {
        // At every row, with a missing value, and after the series turns negative (differences from then on).
        var y = SeasonalSeries.Quarterly(120, 2);
        y[30] = double.NaN;
        for (int t = 90; t < 120; t++) y[t] -= 2000;
        var indices = new ClassicalSeasonalIndices(m);
        for (int t = 0; t < y.Length; t++)
        {
            indices.Update(y[t]);
            var (expected, multiplicative) = Batch(y, t, m);
            Assert.AreEqual(multiplicative, indices.Multiplicative, $"t={t}");
            for (int p = 0; p < m; p++) Assert.AreEqual(expected[p], indices.IndexOf(p), 1e-9 * Math.Max(1, Math.Abs(expected[p])), $"t={t}, position {p}");
        }
        Assert.IsFalse(indices.Multiplicative, "differences after a value ≤ 0");
    }

    [TestMethod]
    public void AQuarterlySeasonIsRecoveredAndAdjustedAway()
    {
        // The series' own factors within 2 % after 15 years, and the adjusted value reseasonalised is the value.
        var y = SeasonalSeries.Quarterly(60, 4);
        var indices = new ClassicalSeasonalIndices(4);
        foreach (double v in y) indices.Update(v);
        Assert.IsTrue(indices.Multiplicative);
        for (int p = 0; p < 4; p++) Assert.AreEqual(SeasonalSeries.QuarterFactors[p], indices.IndexOf(p), 0.02, $"quarter {p}");
        Assert.AreEqual(y[59], indices.Reseasonalise(indices.Adjust(y[59], 59), 59), 1e-9 * y[59]);
    }

    [TestMethod]
    public void SaveLoadContinuesAndAChangeOfUnitsKeepsTheRatios()
    {
        var y = SeasonalSeries.Quarterly(80, 6);
        var a = new ClassicalSeasonalIndices(4);
        for (int t = 0; t < 40; t++) a.Update(y[t]);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        ms.Position = 0;
        var b = new ClassicalSeasonalIndices(4);
        using (var r = new BinaryReader(ms)) b.Load(r);
        var scaled = new ClassicalSeasonalIndices(4);
        for (int t = 0; t < 40; t++) scaled.Update(1000 * y[t]);
        var c = new ClassicalSeasonalIndices(4);
        for (int t = 0; t < 40; t++) c.Update(y[t]);
        c.Rescale(1000);
        for (int t = 40; t < 80; t++)
        {
            a.Update(y[t]); b.Update(y[t]); scaled.Update(1000 * y[t]); c.Update(1000 * y[t]);
            for (int p = 0; p < 4; p++)
            {
                Assert.AreEqual(a.IndexOf(p), b.IndexOf(p), $"loaded, t={t}");
                Assert.AreEqual(scaled.IndexOf(p), c.IndexOf(p), 1e-12, $"rescaled, t={t}");
            }
        }
        Assert.ThrowsExactly<InvalidDataException>(() => new ClassicalSeasonalIndices(12).Load(new BinaryReader(new MemoryStream([.. BitConverter.GetBytes(4), .. new byte[9]]))));
    }

    [TestMethod]
    public void AnInfiniteStoredRatioSumIsRefused()
    {
        // Found by Layout15MemberStateFuzzTests: +∞ passed the "≥ 0" check and the loaded index was ∞/∞ = NaN.
        var y = SeasonalSeries.Quarterly(40, 6);
        var a = new ClassicalSeasonalIndices(4);
        foreach (double v in y) a.Update(v);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        var bytes = ms.ToArray();
        // Season, rows, positive (13 bytes), the window, then per position: difference sum, count, ratio sum, count.
        int firstRatioSum = bytes.Length - 4 * 32 + 16;
        BitConverter.GetBytes(double.PositiveInfinity).CopyTo(bytes, firstRatioSum);
        Assert.ThrowsExactly<InvalidDataException>(() => new ClassicalSeasonalIndices(4).Load(new BinaryReader(new MemoryStream(bytes))));
    }

    [TestMethod]
    public void AStateAfterAValueBelowZeroNextToAPositiveAverageLoads()
    {
        // Found by the ForecastSets spike screen: a value ≤ 0 among positive ones gives a negative ratio to its positive
        // centred average, and a state holding that ratio sum was refused on load ("Stored seasonal indices are invalid"),
        // so a forecaster saved (or snapshot for a rewind) after such a value could not be read back.
        var y = SeasonalSeries.Quarterly(40, 6);
        y[2] = -y[2];   // below 0, while the centred average over it (rows 0–4) stays above 0: the position's first ratio is < 0
        var a = new ClassicalSeasonalIndices(4);
        foreach (double v in y.Take(5)) a.Update(v);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        ms.Position = 0;
        var b = new ClassicalSeasonalIndices(4);
        using (var r = new BinaryReader(ms)) b.Load(r);
        Assert.IsFalse(b.Multiplicative, "differences after a value ≤ 0");
        foreach (double v in y.Skip(5))
        {
            a.Update(v); b.Update(v);
            for (int p = 0; p < 4; p++) Assert.AreEqual(a.IndexOf(p), b.IndexOf(p));
        }
        // While every value is positive a ratio sum below 0 is no state this class writes: refused.
        var positive = new ClassicalSeasonalIndices(4);
        foreach (double v in SeasonalSeries.Quarterly(40, 6).Take(12)) positive.Update(v);
        using var ps = new MemoryStream();
        using (var w = new BinaryWriter(ps, System.Text.Encoding.UTF8, leaveOpen: true)) positive.Save(w);
        var bytes = ps.ToArray();
        int firstRatioSum = bytes.Length - 4 * 32 + 16;   // as in AnInfiniteStoredRatioSumIsRefused
        Assert.IsGreaterThan(0.0, BitConverter.ToDouble(bytes, firstRatioSum));
        BitConverter.GetBytes(-1.0).CopyTo(bytes, firstRatioSum);
        Assert.ThrowsExactly<InvalidDataException>(() => new ClassicalSeasonalIndices(4).Load(new BinaryReader(new MemoryStream(bytes))));
    }
}
