using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

public sealed class KeyedFeatureRow
{
    public string User { get; set; } = "";
    [VectorType(3)]
    public float[] Features { get; set; } = [];
    public float Label { get; set; }
}

[TestClass]
public sealed class StateFeaturesKeyTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static KeyedFeatureRow[] Interleaved(int offset = 0)
    {
        var users = new[] { "ann", "bob", "cy" };
        var series = users.Select((u, i) => TestData.Features(70 + 20 * i, seed: 3 + i).Skip(offset).ToArray()).ToArray();
        var next = new int[3];
        var rng = new Random(9);
        var rows = new List<KeyedFeatureRow>();
        while (next.Where((k, s) => k < series[s].Length).Any())
        {
            int s = rng.Next(3);
            if (next[s] >= series[s].Length) continue;
            var r = series[s][next[s]++];
            rows.Add(new KeyedFeatureRow { User = users[s], Features = r.Features, Label = r.Label });
        }
        return rows.ToArray();
    }

    private static RtuStateFeaturesOptions Options(string? key, bool learn) => new()
    {
        InputColumnName = "Features", OutputColumnName = "State", LabelColumnName = "Label", PredictionColumnName = "Prediction",
        Units = 4, SeriesKeyColumnName = key, LearnDuringTransform = learn, ResetStateOnTransform = !learn,
    };

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AnInterleavedTableGivesExactlyWhatEachSeriesGivesAlone(bool learnDuringTransform)
    {
        var train = Interleaved();
        var test = Interleaved(offset: 40);
        var keyed = Ml.Transforms.RtuStateFeatures(Options("User", learnDuringTransform)).Fit(Ml.Data.LoadFromEnumerable(train));
        var output = keyed.Transform(Ml.Data.LoadFromEnumerable(test));
        var states = TestData.Column(output, "State");
        var predictions = TestData.Column(output, "Prediction");
        foreach (var user in keyed.SeriesKeys)
        {
            var alone = Ml.Transforms.RtuStateFeatures(Options(null, learnDuringTransform)).Fit(Ml.Data.LoadFromEnumerable(train.Where(r => r.User == user)));
            var aloneOut = alone.Transform(Ml.Data.LoadFromEnumerable(test.Where(r => r.User == user)));
            var rows = Enumerable.Range(0, test.Length).Where(i => test[i].User == user).ToArray();
            TestData.AssertSame(TestData.Column(aloneOut, "State"), rows.Select(i => states[i]).ToList());
            TestData.AssertSame(TestData.Column(aloneOut, "Prediction"), rows.Select(i => predictions[i]).ToList());
        }
    }

    [TestMethod]
    public void KeyedStateFeaturesSaveLoadServeAndExportPerKey()
    {
        var train = Ml.Data.LoadFromEnumerable(Interleaved());
        var test = Ml.Data.LoadFromEnumerable(Interleaved(offset: 30));
        var keyed = Ml.Transforms.RtuStateFeatures(Options("User", false)).Fit(train);
        var expected = TestData.Column(keyed.Transform(test), "State");
        string path = Path.Combine(Path.GetTempPath(), $"rtu-keyed-state-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(keyed, train.Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuStateFeaturesTransformer>(path, out _);
            TestData.AssertSame(expected, TestData.Column(loaded.Transform(test), "State"));
            Assert.ThrowsExactly<NotSupportedException>(() => keyed.ExportToOnnx(path + ".onnx"));
            keyed.ForKey("bob").ExportToOnnx(path + ".onnx");

            // The engine serves each fitted series under its key, as the series' own transformer would.
            var row = Interleaved(offset: 30).First(r => r.User == "cy");
            var fromKeyed = keyed.CreateStreamingEngine().Observe("cy", row.Features, row.Label);
            var fromAlone = keyed.ForKey("cy").CreateStreamingEngine().Observe("x", row.Features, row.Label);
            CollectionAssert.AreEqual(fromAlone.State, fromKeyed.State);
        }
        finally { File.Delete(path); File.Delete(path + ".onnx"); }
    }
}
