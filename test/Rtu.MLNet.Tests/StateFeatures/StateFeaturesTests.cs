using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;
using Rtu.Trainers.Online;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class StateFeaturesTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void UntrainedStateEqualsSteppingTheRtuByHandOnScaledInputs()
    {
        var rows = TestData.Features(80);
        var view = Ml.Data.LoadFromEnumerable(rows);
        var options = new RtuStateFeaturesOptions { Units = 5, Seed = 9 };
        var transformer = Ml.Transforms.RtuStateFeatures("State", "Features", options).Fit(view);
        var actual = TestData.Column(transformer.Transform(view), "State");

        // By hand: running statistics over the fitting pass, then the RTU stepped on the scaled (imputed) inputs.
        var norm = new RunningNormalizer(4, 0, 5);
        foreach (var r in rows) for (int i = 0; i < 3; i++) norm.Update(i, r.Features[i]);
        var layer = RecurrentLayerFactory.Create<float>(3, new RecurrentLayerOptions { Units = 5, RMax = 0.99 }, 1, new Rng(9));
        var x = new float[3];
        for (int t = 0; t < rows.Length; t++)
        {
            for (int i = 0; i < 3; i++) x[i] = norm.Normalize(i, rows[t].Features[i]);
            var y = new float[10];
            layer.Step(x, y);
            CollectionAssert.AreEqual(y, actual[t], $"row {t}");
        }
    }

    [TestMethod]
    public void TrainedStateAndPredictionEqualTheCore()
    {
        var rows = TestData.Features(200);
        var view = Ml.Data.LoadFromEnumerable(rows);
        var options = new RtuStateFeaturesOptions { Units = 4, LabelColumnName = "Label", PredictionColumnName = "Next", Gamma = 0.5, Lambda = 0.8 };
        var transformer = Ml.Transforms.RtuStateFeatures("State", "Features", options).Fit(view);
        var states = TestData.Column(transformer.Transform(view), "State");
        var next = TestData.Column(transformer.Transform(view), "Next");

        var core = new RtuFeatureModel(3, options.ToSettings());
        foreach (var r in rows) core.Observe(r.Features, r.Label, learn: true, default, default);
        core.ResetState();
        for (int t = 0; t < rows.Length; t++)
        {
            float[] s = new float[8], p = new float[1];
            core.Observe(rows[t].Features, double.NaN, learn: false, s, p, updateStatistics: false);
            CollectionAssert.AreEqual(s, states[t], $"state row {t}");
            CollectionAssert.AreEqual(p, next[t], $"prediction row {t}");
        }
    }

    [TestMethod]
    public void AnOrdinaryTrainerOnTheStateSolvesATaskThatNeedsMemory()
    {
        // The label is the first feature one and two rows back: nothing in the current row predicts it. The same
        // pipeline (untrained, random state features → SDCA) with a memoryless layer in place of the RTU scores R² ≤ 0;
        // with the RTU the trainer reads the past from the recurrent state. Held-out rows, each Transform a fresh stream.
        var rng = new Random(11);
        var rows = new MemoryRow[1500];
        for (int t = 0; t < rows.Length; t++)
            rows[t] = new MemoryRow { Features = [(float)(rng.NextDouble() - 0.5), (float)(rng.NextDouble() - 0.5), (float)(rng.NextDouble() - 0.5)] };
        for (int t = 2; t < rows.Length; t++) rows[t].Label = rows[t - 1].Features[0] + 0.5f * rows[t - 2].Features[0];
        var train = Ml.Data.LoadFromEnumerable(rows.Take(1000));
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(1000));

        double RSquared(IEstimator<ITransformer> pipeline) =>
            Ml.Regression.Evaluate(pipeline.Fit(train).Transform(test), "Label").RSquared;
        double StateFeatures(RecurrentArchitecture architecture) => RSquared(
            Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 16, Architecture = architecture })
                .Append(Ml.Regression.Trainers.Sdca("Label", "State", maximumNumberOfIterations: 50)));
        double memoryless = StateFeatures(RecurrentArchitecture.Memoryless);
        double withState = StateFeatures(RecurrentArchitecture.LinearRtu);
        TestContext.WriteLine($"R² memoryless {memoryless:F3}, on the RTU state {withState:F3}");
        Assert.IsLessThan(0.05, memoryless, "the task needs memory");
        Assert.IsGreaterThan(0.5, withState, $"R² on the RTU state {withState:F3}");
    }

    public sealed class MemoryRow
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void PredictionEngineCarriesStateLikeACursor()
    {
        var rows = TestData.Features(40);
        var view = Ml.Data.LoadFromEnumerable(rows);
        var transformer = Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3 }).Fit(view);
        var expected = TestData.Column(transformer.Transform(view), "State");
        var pe = Ml.Model.CreatePredictionEngine<FeatureRow, StateOut>(transformer);
        for (int t = 0; t < rows.Length; t++) CollectionAssert.AreEqual(expected[t], pe.Predict(rows[t]).State, $"row {t}");
    }

    public sealed class StateOut
    {
        [VectorType(6)]
        public float[] State { get; set; } = [];
    }
}
