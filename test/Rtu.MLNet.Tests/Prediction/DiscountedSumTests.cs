using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet.Tests.Prediction;

[TestClass]
public sealed class DiscountedSumTests
{
    public sealed class CueRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        public float Signal { get; set; }
    }

    /// <summary>A cue (seen once) announces a reward 6 rows later: only memory can predict the return after the cue has passed.</summary>
    private static CueRow[] Cues(int n, int seed)
    {
        var rng = new Random(seed);
        var signal = new float[n];
        var cue = new float[n];
        for (int t = 0; t < n - 6; t++)
            if (rng.NextDouble() < 0.08) { cue[t] = 1; signal[t + 6] += 1; }
        return Enumerable.Range(0, n).Select(t => new CueRow { Features = [cue[t], (float)rng.NextDouble()], Signal = signal[t] }).ToArray();
    }

    private static RtuDiscountedSumMetrics Score(RecurrentArchitecture architecture)
    {
        var ml = new MLContext(1);
        var options = new RtuDiscountedSumOptions { Gamma = 0.9, Architecture = architecture, Units = 8, Epochs = 2, LearningRate = 3e-3 };
        var model = ml.Transforms.PredictDiscountedSum(options).Fit(ml.Data.LoadFromEnumerable(Cues(3000, 1)));
        var scored = model.Transform(ml.Data.LoadFromEnumerable(Cues(1500, 2)));
        return RtuDiscountedSum.Evaluate(scored, options);
    }

    [TestMethod]
    public void TheRtuPredictsTheDiscountedReturnBetterThanAMemorylessPredictor()
    {
        var rtu = Score(RecurrentArchitecture.LinearRtu);
        var memoryless = Score(RecurrentArchitecture.Memoryless);
        Console.WriteLine($"normalized MSRE: RTU {rtu.NormalizedMsre:F3}, memoryless {memoryless.NormalizedMsre:F3} ({rtu.Rows} rows)");
        Assert.IsTrue(rtu.Msre < 0.7 * memoryless.Msre, $"RTU {rtu} vs memoryless {memoryless}");
        Assert.IsTrue(rtu.NormalizedMsre < 0.6, $"RTU {rtu}");
    }

    [TestMethod]
    public void ReturnsAreTheDiscountedSumOfTheFollowingSignal()
    {
        var (g, complete) = RtuDiscountedSum.Returns([1, 0, 2, 0, 0], 0.5);
        CollectionAssert.AreEqual(new[] { 0 + 0.5 * 2, 2, 0, 0, 0.0 }, g);
        Assert.AreEqual(0, complete); // ln(1e-3)/ln(0.5) ≈ 10 rows of tail are needed
        var m = RtuDiscountedSum.Evaluate(Enumerable.Repeat(1f, 200).ToArray(), Enumerable.Repeat(10f, 200).ToArray(), 0.9);
        Assert.AreEqual(0, m.Msre, 1e-4, "a constant signal of 1 has the return 1/(1 − γ) = 10 (up to the 1e-3 tail left out)");
    }

    [TestMethod]
    public void OptionsSayWhatIsWrong()
    {
        var ml = new MLContext(1);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.PredictDiscountedSum(new RtuDiscountedSumOptions { Gamma = 0 })).Message, "Gamma must be in (0, 1)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.PredictDiscountedSum(new RtuDiscountedSumOptions { Gamma = 1 })).Message, "Gamma");
        var data = ml.Data.LoadFromEnumerable(Cues(50, 1));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.PredictDiscountedSum(new RtuDiscountedSumOptions { SignalColumnName = "Rain" }).Fit(data));
        StringAssert.Contains(e.Message, "'Rain' (label) was not found");
        // An empty or missing column name is named (ML.NET's own error named no option; a null output had no prediction).
        foreach (var (options, name) in new (RtuDiscountedSumOptions, string)[]
                 {
                     (new() { OutputColumnName = "" }, "OutputColumnName"), (new() { OutputColumnName = null! }, "OutputColumnName"),
                     (new() { StateColumnName = " " }, "StateColumnName"), (new() { FeaturesColumnName = "" }, "FeaturesColumnName"),
                 })
        {
            var refused = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.PredictDiscountedSum(options));
            Assert.AreEqual(name, refused.ParamName);
            StringAssert.Contains(refused.Message, $"{name} must be set");
        }
    }

    public sealed class VectorSignalRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [0, 0];
        [VectorType(2)] public float[] Signal { get; set; } = [0, 0];
        [VectorType(1)] public float[] DiscountedSum { get; set; } = [0];
    }

    [TestMethod]
    public void EvaluateSaysWhatIsWrongWithItsArguments()
    {
        float[] ones = Enumerable.Repeat(1f, 200).ToArray();
        Assert.AreEqual("signal", Assert.ThrowsExactly<ArgumentNullException>(() => RtuDiscountedSum.Evaluate(null!, ones, 0.9)).ParamName);
        Assert.AreEqual("from", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RtuDiscountedSum.Evaluate(ones, ones, 0.9, from: -5)).ParamName);
        var ml = new MLContext(1);
        var vectors = ml.Data.LoadFromEnumerable(new[] { new VectorSignalRow(), new VectorSignalRow() });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RtuDiscountedSum.Evaluate(vectors, new RtuDiscountedSumOptions()));
        StringAssert.Contains(e.Message, "Signal column 'Signal' is Vector<Single, 2>; it must be Single");
    }
}
