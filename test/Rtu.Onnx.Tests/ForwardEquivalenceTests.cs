using Rtu.Onnx.Runtime;

namespace Rtu.Onnx.Tests;

[TestClass]
public sealed class ForwardEquivalenceTests
{
    private const int Streams = 3;
    private const int Steps = 1000;
    private const double Tolerance = 1e-5;

    public static IEnumerable<object[]> Cases => TestFiles.AllCases();

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void OnnxRuntimeMatchesFloat64ReferenceOverStreamWithResets(Arch arch, Head head, bool inputMlp)
    {
        var model = ModelFactory.Create(arch, head, inputMlp, TestFiles.Seed(arch, head));
        string path = TestFiles.Export(arch, head, inputMlp);
        var reference = new ReferenceModel(model);
        var layout = reference.StateLayout();
        using var runner = new OnnxRecurrentRunner(path, Streams, new OnnxRunnerOptions
        {
            ObservationSize = ModelFactory.ObsSize,
            StateSizes = layout.ToDictionary(s => s.Name, s => s.Size),
        });
        CollectionAssert.AreEqual(layout.Select(s => s.Name).ToArray(), runner.States.Select(s => s.Name).ToArray());

        var states = Enumerable.Range(0, Streams).Select(_ => reference.ZeroState()).ToArray();
        var rng = new Random(42);
        var obs = new float[Streams * ModelFactory.ObsSize];
        double worst = 0;
        string worstWhere = "";
        for (int t = 0; t < Steps; t++)
        {
            // Episode boundaries: streams reset at different times (state zeroed before the step).
            foreach (int s in ResetsAt(t))
            {
                runner.Reset(s);
                states[s] = reference.ZeroState();
            }
            for (int i = 0; i < obs.Length; i++) obs[i] = (float)(rng.NextDouble() * 2 - 1);
            runner.Step(obs);

            for (int s = 0; s < Streams; s++)
            {
                var row = obs.AsSpan(s * ModelFactory.ObsSize, ModelFactory.ObsSize).ToArray().Select(v => (double)v).ToArray();
                var expected = reference.Step(row, states[s]);
                Assert.HasCount(expected.Count, runner.Outputs);
                foreach (var (name, values) in expected)
                    Compare(runner.Output(name), s, values, $"output '{name}'", t, ref worst, ref worstWhere);
                foreach (var (name, values) in states[s])
                    Compare(runner.State(name), s, values, $"next state '{name}'", t, ref worst, ref worstWhere);
            }
        }
        Console.WriteLine($"{arch} {head} mlp={inputMlp}: worst {worst:E2} at {worstWhere}");
        Assert.IsLessThanOrEqualTo(Tolerance, worst, $"worst deviation {worst:E3} at {worstWhere}");
        Assert.AreEqual(Steps, runner.StepCount);
    }

    private static IEnumerable<int> ResetsAt(int t) => t switch
    {
        250 => new[] { 1 },
        500 => new[] { 0, 2 },
        501 => new[] { 0 },
        777 => new[] { 0, 1, 2 },
        _ => Array.Empty<int>(),
    };

    private static void Compare(ReadOnlySpan<float> actual, int stream, double[] expected, string what, int t, ref double worst, ref string where)
    {
        int w = expected.Length;
        Assert.AreEqual(Streams * w, actual.Length, $"{what}: width");
        for (int j = 0; j < w; j++)
        {
            double e = Math.Abs(actual[stream * w + j] - expected[j]);
            if (!(e <= worst) )
            {
                worst = double.IsNaN(e) ? double.PositiveInfinity : e;
                where = $"{what}[{stream},{j}] step {t}: onnx {actual[stream * w + j]} vs reference {expected[j]}";
            }
        }
    }
}
