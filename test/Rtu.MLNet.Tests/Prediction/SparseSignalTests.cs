using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet.Tests.Prediction;

/// <summary>
/// A signal that is 0 on almost every row (failures, alarms): the discounted-sum verb must predict its returns at their
/// size. Before format 14 the winsorised label statistics collapsed on such a signal (σ a fiftieth of the values') and the
/// TD error was clipped at 5σ, so the verb predicted 0.002 where the mean return was 0.056.
/// </summary>
[TestClass]
public sealed class SparseSignalTests
{
    public sealed class WearRow
    {
        [VectorType(1)] public float[] Features { get; set; } = [];
        public float Signal { get; set; }
    }

    public sealed class Scored
    {
        [VectorType(1)] public float[] DiscountedSum { get; set; } = [];
    }

    // A machine's wear rises by up to 0.01 a row; past 0.8 it fails (signal 1) with a hazard that grows with the wear,
    // and a failure resets it: about one failure in 170 rows, the wear (read with noise) telling when one is near.
    private static WearRow[] Wear(int n, int seed)
    {
        var rng = new Random(seed);
        var rows = new WearRow[n];
        double wear = 0;
        for (int t = 0; t < n; t++)
        {
            wear += 0.01 * rng.NextDouble();
            bool fails = rng.NextDouble() < Math.Max(0, wear - 0.8);
            if (fails) wear = 0;
            rows[t] = new WearRow { Features = [(float)(wear + 0.02 * (rng.NextDouble() - 0.5))], Signal = fails ? 1 : 0 };
        }
        return rows;
    }

    [TestMethod]
    public void ARareSignalsReturnsArePredictedAtTheirSize()
    {
        var ml = new MLContext(1);
        var rows = Wear(30_000, 1);
        var options = new RtuDiscountedSumOptions { Gamma = 0.9 };
        var scored = ml.Transforms.PredictDiscountedSum(options).Fit(ml.Data.LoadFromEnumerable(rows.Take(100))).Transform(ml.Data.LoadFromEnumerable(rows));
        var predictions = ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).Select(r => r.DiscountedSum[0]).ToArray();
        var signal = rows.Select(r => r.Signal).ToArray();
        Assert.IsLessThan(1.0 / 100, signal.Average(), "a rare signal");

        const int from = 10_000;
        var metrics = RtuDiscountedSum.Evaluate(signal, predictions, 0.9, from);
        var (returns, complete) = RtuDiscountedSum.Returns(signal, 0.9);
        double meanReturn = returns.Skip(from).Take(complete - from).Average(), meanPrediction = predictions.Skip(from).Take(complete - from).Average();
        Console.WriteLine($"mean prediction {meanPrediction:F4}, mean return {meanReturn:F4}, normalised MSRE {metrics.NormalizedMsre:F3}");
        // Before: 0.0021 against 0.056, and a normalised MSRE of 1.08 (worse than the mean return). Now 0.060 and 0.61.
        Assert.AreEqual(meanReturn, meanPrediction, 0.2 * meanReturn, "the returns' size");
        Assert.IsLessThan(0.7, metrics.NormalizedMsre, "the wear tells when a failure is near");
    }
}
