using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;
using Rtu.Trainers.Online;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.MLNet.Tests;

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
