using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Learning.Ppo;

namespace Rtu.MLNet.Tests.Control;

[TestClass]
public sealed class PolicyTransformerTests
{
    private sealed class Outputs
    {
        public uint Action { get; set; }
        [VectorType(3)] public float[] Probabilities { get; set; } = [];
        public float Value { get; set; }
        public string Key { get; set; } = "";
    }

    private sealed class ContinuousOutputs
    {
        [VectorType(1)] public float[] Action { get; set; } = [];
        [VectorType(1)] public float[] Mean { get; set; } = [];
        public float Value { get; set; }
        public string Key { get; set; } = "";
    }

    /// <summary>(action, distribution, value) per row, from the transformer over the logged table.</summary>
    private static (float[] Action, float[] Distribution, float Value)[] Transform(MLContext ml, ITransformer policy, ObservationRow[] log, bool continuous)
    {
        var view = policy.Transform(ml.Data.LoadFromEnumerable(log));
        if (continuous)
            return ml.Data.CreateEnumerable<ContinuousOutputs>(view, reuseRowObject: false).Select(o => (o.Action, o.Mean, o.Value)).ToArray();
        return ml.Data.CreateEnumerable<Outputs>(view, reuseRowObject: false).Select(o => (new float[] { o.Action }, o.Probabilities, o.Value)).ToArray();
    }

    private static double MaxDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.AreEqual(a.Length, b.Length);
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void TransformerEngineAndOnnxAgreeOnTheSameKeyedStream(bool continuous)
    {
        var ml = new MLContext(1);
        var policy = ControlTestKit.Policy(continuous);
        var log = ControlTestKit.Log(300, continuous);
        var rows = Transform(ml, policy, log, continuous);

        var engine = policy.CreateStreamingEngine();
        string path = Path.Combine(Path.GetTempPath(), $"policy-{continuous}-{Environment.ProcessId}.onnx");
        policy.ExportToOnnx(path);
        try
        {
            // One single-stream runner per key: each key's state advances only on its own rows.
            var runners = Enumerable.Range(0, 3).Select(_ => new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false })).ToArray();
            double worstEngine = 0, worstOnnx = 0;
            for (int t = 0; t < log.Length; t++)
            {
                var row = log[t];
                var runner = runners[row.Key[^1] - '0'];
                var step = engine.Act(row.Key, row.Observation, row.EpisodeStart);
                worstEngine = Math.Max(worstEngine, Math.Max(MaxDiff(step.Action, rows[t].Action), MaxDiff(step.Distribution, rows[t].Distribution)));
                worstEngine = Math.Max(worstEngine, Math.Abs(step.Value - rows[t].Value));

                if (row.EpisodeStart) runner.Reset(0);
                runner.Step(row.Observation);
                float[] dist;
                if (continuous) dist = runner.Output("mean").ToArray();
                else
                {
                    var logits = runner.Output("logits").ToArray();
                    double max = logits.Max(), sum = logits.Sum(z => Math.Exp(z - max));
                    dist = logits.Select(z => (float)(Math.Exp(z - max) / sum)).ToArray();
                }
                worstOnnx = Math.Max(worstOnnx, MaxDiff(dist, rows[t].Distribution));
                worstOnnx = Math.Max(worstOnnx, Math.Abs(runner.Output("value")[0] - rows[t].Value));
            }
            foreach (var r in runners) r.Dispose();
            Assert.IsTrue(worstEngine <= 1e-5, $"transformer vs engine: {worstEngine:E2}");
            Assert.IsTrue(worstOnnx <= 1e-5, $"transformer vs ONNX: {worstOnnx:E2}");
            Console.WriteLine($"parity over {log.Length} rows, 3 keys ({(continuous ? "continuous" : "discrete")}): engine {worstEngine:E2}, ONNX {worstOnnx:E2}");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void SaveAndLoadGiveIdenticalOutputs()
    {
        var ml = new MLContext(1);
        var policy = ControlTestKit.Policy();
        var log = ControlTestKit.Log(120);
        var data = ml.Data.LoadFromEnumerable(log);
        string path = Path.Combine(Path.GetTempPath(), $"policy-{Environment.ProcessId}.rtu.zip");
        ml.Model.SaveRtu(policy, data.Schema, path);
        try
        {
            var loaded = ml.Model.LoadRtu(path, out var schema);
            Assert.IsInstanceOfType<RtuPolicyTransformer>(loaded);
            Assert.AreEqual(data.Schema.Count, schema.Count);
            var a = Transform(ml, policy, log, false);
            var b = Transform(ml, loaded, log, false);
            for (int t = 0; t < a.Length; t++)
            {
                CollectionAssert.AreEqual(a[t].Action, b[t].Action);
                CollectionAssert.AreEqual(a[t].Distribution, b[t].Distribution);
                Assert.AreEqual(a[t].Value, b[t].Value);
            }
            // In a pipeline with ML.NET transforms too.
            var pipeline = ml.Transforms.CopyColumns("Raw", "Observation").Fit(data).Append(policy);
            ml.Model.SaveRtu(pipeline, data.Schema, path);
            var loadedPipeline = ml.Model.LoadRtu(path, out _);
            var c = Transform(ml, loadedPipeline, log, false);
            for (int t = 0; t < a.Length; t++) CollectionAssert.AreEqual(a[t].Distribution, c[t].Distribution);
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void SchemaProblemsAreNamed()
    {
        var ml = new MLContext(1);
        var policy = ControlTestKit.Policy();
        DataViewSchema Schema(Action<DataViewSchema.Builder> add) { var b = new DataViewSchema.Builder(); add(b); return b.ToSchema(); }
        var vec2 = new VectorDataViewType(NumberDataViewType.Single, 2);

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => policy.GetOutputSchema(Schema(b => b.AddColumn("Obs", vec2))));
        StringAssert.Contains(e.Message, "input column 'Observation' (observation) was not found");
        StringAssert.Contains(e.Message, "Columns present: Obs");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => policy.GetOutputSchema(Schema(b => b.AddColumn("Observation", new VectorDataViewType(NumberDataViewType.Single, 3)))));
        StringAssert.Contains(e.Message, "must be a vector of 2 Single values (the size seen at training), but it has 3");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => policy.GetOutputSchema(Schema(b => b.AddColumn("Observation", new VectorDataViewType(NumberDataViewType.Double, 2)))));
        StringAssert.Contains(e.Message, "ConvertType");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => policy.GetOutputSchema(Schema(b => { b.AddColumn("Observation", vec2); b.AddColumn("EpisodeStart", NumberDataViewType.Single); b.AddColumn("Key", TextDataViewType.Instance); })));
        StringAssert.Contains(e.Message, "'EpisodeStart' (episode start) must be Boolean");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => policy.GetOutputSchema(Schema(b => { b.AddColumn("Observation", vec2); b.AddColumn("EpisodeStart", BooleanDataViewType.Instance); b.AddColumn("Key", vec2); })));
        StringAssert.Contains(e.Message, "'Key' (key) must be a text, integer or floating-point scalar");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => policy.GetOutputSchema(Schema(b => { b.AddColumn("Observation", vec2); b.AddColumn("EpisodeStart", BooleanDataViewType.Instance); })));
        StringAssert.Contains(e.Message, "'Key' (key) was not found");

        var ok = policy.GetOutputSchema(Schema(b => { b.AddColumn("Observation", vec2); b.AddColumn("EpisodeStart", BooleanDataViewType.Instance); b.AddColumn("Key", NumberDataViewType.Int32); }));
        Assert.AreEqual(NumberDataViewType.UInt32, ok["Action"].Type);
        Assert.AreEqual(3, ((VectorDataViewType)ok["Probabilities"].Type).Size);
        Assert.AreEqual(NumberDataViewType.Single, ok["Value"].Type);
        Assert.ThrowsExactly<NotSupportedException>(() => policy.GetRowToRowMapper(ok));
    }

    [TestMethod]
    public void NonFiniteObservationsInATableNameTheRowAndKey()
    {
        var ml = new MLContext(1);
        var log = ControlTestKit.Log(10);
        log[6].Observation[1] = float.NaN;
        var view = ControlTestKit.Policy().Transform(ml.Data.LoadFromEnumerable(log));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => view.Preview(20));
        StringAssert.Contains(e.Message, $"row 6 (key '{log[6].Key}'): observation[1] is NaN");
    }

    [TestMethod]
    public void InvalidOptionsAreNamed()
    {
        var ml = new MLContext(1);
        Func<ulong, Rtu.Trainers.Environments.IEnvironment> env = s => new Chase(s);
        var o = ControlTestKit.Tiny(); o.Iterations = 0;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Control().TrainPpo(env, o)).Message, "Iterations");
        o = ControlTestKit.Tiny(); o.Ppo = o.Ppo with { AppendPreviousActionAndReward = true };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ml.Control().TrainPpo(env, o)).Message, "AppendPreviousActionAndReward");
        o = ControlTestKit.Tiny(); o.ValueColumnName = "Action";
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ml.Control().TrainPpo(env, o)).Message, "distinct");
        o = ControlTestKit.Tiny(); o.OnlineLearning = o.OnlineLearning with { MinibatchCount = 5 };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Control().TrainPpo(env, o)).Message, "divide RolloutSteps");
    }

    [TestMethod]
    public void TrainingReportsProgressHonoursCancellationAndValidatesTheEnvironment()
    {
        var ml = new MLContext(1);
        var reports = new List<RtuPolicyProgress>();
        var o = ControlTestKit.Tiny(3);
        ml.Control().TrainPpo(s => new Chase(s), o, new SynchronousProgress(reports.Add));
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, reports.Select(r => r.Iteration).ToArray());
        Assert.AreEqual(3L * 64, reports[^1].EnvironmentSteps);
        StringAssert.Contains(reports[0].ToString(), "update 1/3");

        using var cts = new CancellationTokenSource();
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Control().TrainPpo(s => new Chase(s), ControlTestKit.Tiny(50),
            new SynchronousProgress(p => { if (p.Iteration == 2) cts.Cancel(); }), cts.Token));

        var e = Assert.ThrowsExactly<Rtu.Trainers.Environments.EnvironmentValidationException>(() => ml.Control().TrainPpo(s => new NaNAfter(s, 30), ControlTestKit.Tiny()));
        StringAssert.Contains(e.Message, "Environment 'NaNAfter'");
        StringAssert.Contains(e.Message, "the reward is NaN");
    }

    private sealed class SynchronousProgress(Action<RtuPolicyProgress> report) : IProgress<RtuPolicyProgress>
    {
        public void Report(RtuPolicyProgress value) => report(value);
    }

    /// <summary>Chase whose reward turns NaN after a number of steps (a user bug).</summary>
    private sealed class NaNAfter(ulong seed, int steps) : Rtu.Trainers.Environments.IEnvironment
    {
        private readonly Chase _inner = new(seed);
        private int _n;
        public string Name => "NaNAfter";
        public int ObservationSize => 2;
        public Rtu.Trainers.Environments.ActionSpace ActionSpace => _inner.ActionSpace;
        public void Reset(Span<float> observation) => _inner.Reset(observation);
        public Rtu.Trainers.Environments.StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            var r = _inner.Step(action, observation);
            return ++_n >= steps ? r with { Reward = double.NaN } : r;
        }
        public void Dispose() { }
    }
}
