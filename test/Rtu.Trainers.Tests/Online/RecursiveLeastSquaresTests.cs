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
}
