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
    public void TrainedStateAndPredictionEqualTheCoreAndAnyTrainerCanFollow()
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

        // An ordinary ML.NET trainer after the state features.
        var pipeline = Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 4 })
            .Append(Ml.Regression.Trainers.Sdca("Label", "State", maximumNumberOfIterations: 3));
        var model = pipeline.Fit(view);
        var metrics = Ml.Regression.Evaluate(model.Transform(view), "Label");
        Assert.IsTrue(double.IsFinite(metrics.RSquared));
    }

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

[TestClass]
public sealed class StateEngineTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void StateEngineMatchesTheCursorAndCheckpointsBitForBit()
    {
        var rows = TestData.Features(120);
        var view = Ml.Data.LoadFromEnumerable(rows);
        var options = new RtuStateFeaturesOptions { Units = 4, LabelColumnName = "Label", PredictionColumnName = "Next", LearnDuringTransform = true };
        var transformer = Ml.Transforms.RtuStateFeatures("State", "Features", options).Fit(Ml.Data.TakeRows(view, 60));
        var states = TestData.Column(transformer.Transform(view), "State");
        var next = TestData.Column(transformer.Transform(view), "Next");

        var engine = transformer.CreateStreamingEngine();
        Assert.IsTrue(engine.Learn);
        using var checkpoint = new MemoryStream();
        var resumed = transformer.CreateStreamingEngine();
        for (int t = 0; t < rows.Length; t++)
        {
            var step = engine.Observe("a", rows[t].Features, rows[t].Label);
            CollectionAssert.AreEqual(states[t], step.State, $"state row {t}");
            CollectionAssert.AreEqual(next[t], step.Predictions, $"prediction row {t}");
            if (t == 70)
            {
                engine.Checkpoint(checkpoint);
                checkpoint.Position = 0;
                resumed.Restore(checkpoint);
            }
            if (t > 70) CollectionAssert.AreEqual(step.Predictions, resumed.Observe("a", rows[t].Features, rows[t].Label).Predictions, $"resumed row {t}");
        }

        // A checkpoint of a different model is refused.
        var other = Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 4, Seed = 2, LabelColumnName = "Label" }).Fit(view).CreateStreamingEngine();
        checkpoint.Position = 0;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => other.Restore(checkpoint));
        StringAssert.Contains(e.Message, "different model");
    }
}
