using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>The "ML.NET model → ONNX" example of README.md, run as written, and checked against the C# transformer.</summary>
[TestClass]
public sealed class ReadmeOnnxExampleTests
{
    public sealed class StreamRow
    {
        [ColumnName("obs"), VectorType(3)] public float[] Obs { get; set; } = new float[3];
        [ColumnName("state_h1"), VectorType(8)] public float[] StateH1 { get; set; } = new float[8];
        [ColumnName("state_h2"), VectorType(8)] public float[] StateH2 { get; set; } = new float[8];
    }

    public sealed class StreamOut
    {
        [ColumnName("prediction")] public float[] Prediction { get; set; } = [];
        [ColumnName("next_state_h1")] public float[] NextH1 { get; set; } = [];
        [ColumnName("next_state_h2")] public float[] NextH2 { get; set; } = [];
    }

    [TestMethod]
    public void TheReadmeExampleIsTheCodeThisTestRuns()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
        Assert.IsNotNull(dir, "README.md not found above the test binaries");
        string readme = File.ReadAllText(Path.Combine(dir.FullName, "README.md"));
        int section = readme.IndexOf("## ML.NET model → ONNX", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, section, "the README has the section");
        int start = readme.IndexOf("```csharp", section, StringComparison.Ordinal) + "```csharp".Length;
        string[] example = Code(readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)]);
        string[] source = Code(File.ReadAllText(Path.Combine(dir.FullName, "test", "Rtu.MLNet.Tests", "Docs", "ReadmeOnnxExampleTests.cs")));

        // The README shows the statements, then the two row classes; the test declares the classes first and runs the
        // statements between its markers. Each part must appear in the test in the README's order (the test may add lines).
        int classes = Array.FindIndex(example, l => l.StartsWith("public sealed class", StringComparison.Ordinal));
        Assert.IsGreaterThan(0, classes, "the README example declares its row classes after the statements");
        int begin = Array.IndexOf(source, "// --- README: ML.NET model → ONNX ---"), end = Array.IndexOf(source, "// --- end of the README example ---");
        Assert.IsTrue(begin >= 0 && end > begin, "the test marks the README statements");
        AssertInOrder(example[..classes], source[begin..end], "statements");
        AssertInOrder(example[classes..], source[..begin], "row classes");
    }

    // Trimmed, non-empty lines without usings.
    private static string[] Code(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal)).ToArray();

    // Every expected line occurs in `actual` after the previous one: the same code in the same order.
    private static void AssertInOrder(string[] expected, string[] actual, string part)
    {
        int at = 0;
        foreach (string line in expected)
        {
            int found = Array.IndexOf(actual, line, at);
            Assert.IsGreaterThanOrEqualTo(0, found, $"README {part}: this line is not in the tested code after the previous one: {line}");
            at = found + 1;
        }
    }

    [TestMethod]
    public void TheDocumentedOnnxExportRunsInAnMlNetPipeline()
    {
        FeatureRow[] history = TestData.Features(300);
        FeatureRow[][] perSensor = Enumerable.Range(0, 5).Select(s => TestData.Features(50, seed: 20 + s)).ToArray();
        string[] sensors = ["a", "b", "c", "d", "e"];
        var readingsPerTimeStep = Enumerable.Range(0, 50).Select(t => perSensor.Select(rows => rows[t].Features).ToArray());
        var predictions = new List<float[][]>();

        string dir = Path.Combine(Path.GetTempPath(), $"rtu-readme-onnx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string cwd = Environment.CurrentDirectory;
        Environment.CurrentDirectory = dir;
        try
        {
            // --- README: ML.NET model → ONNX ---
            var ml = new MLContext();
            var rtu = ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions
                { Units = 8, LabelColumnName = "Label", PredictionColumnName = "Next" })
                .Fit(ml.Data.LoadFromEnumerable(history));                 // rows of Features (float[3]) and Label
            rtu.ExportToOnnx("rtu.onnx");     // obs [N,3], state_h1/state_h2 [N,8] → features, prediction, next_state_*

            // ApplyOnnxModel scores rows independently: each row is one stream at this time step and carries that
            // stream's state (the service keeps it in a table; zeros for a new stream).
            var table = sensors.Select(_ => new StreamRow()).ToArray();
            ITransformer onnx = ml.Transforms.ApplyOnnxModel(
                    outputColumnNames: ["prediction", "next_state_h1", "next_state_h2"],
                    inputColumnNames: ["obs", "state_h1", "state_h2"], modelFile: "rtu.onnx")
                .Fit(ml.Data.LoadFromEnumerable(table));
            ml.Model.Save(onnx, ml.Data.LoadFromEnumerable(table).Schema, "rtu-onnx.zip");  // an ordinary ML.NET model

            foreach (float[][] reading in readingsPerTimeStep)                              // reading[s]: stream s's features now
            {
                for (int s = 0; s < table.Length; s++) table[s].Obs = reading[s];
                var scored = ml.Data.CreateEnumerable<StreamOut>(onnx.Transform(ml.Data.LoadFromEnumerable(table)), reuseRowObject: false).ToArray();
                for (int s = 0; s < table.Length; s++) (table[s].StateH1, table[s].StateH2) = (scored[s].NextH1, scored[s].NextH2);
                // scored[s].Prediction: stream s's prediction of its next label, in label units
                predictions.Add(scored.Select(o => o.Prediction).ToArray()); // (the test keeps them)
            }
            // --- end of the README example ---

            Assert.IsTrue(File.Exists("rtu-onnx.zip"));
            double worst = 0;
            for (int s = 0; s < sensors.Length; s++)
            {
                var expected = TestData.Column(rtu.Transform(ml.Data.LoadFromEnumerable(perSensor[s])), "Next");
                for (int t = 0; t < expected.Count; t++)
                    worst = Math.Max(worst, Math.Abs(expected[t][0] - predictions[t][s][0]));
            }
            Assert.IsLessThanOrEqualTo(1e-5, worst, $"|README pipeline − C# transformer| = {worst:E2}");
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            Directory.Delete(dir, recursive: true);
        }
    }
}
