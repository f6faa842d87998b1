using BenchmarkDotNet.Attributes;
using Rtu.Onnx;
using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;

namespace Rtu.Onnx.Benchmarks;

/// <summary>
/// One serving step of a linear-RTU predictor (n units, d inputs, linear head) for B streams:
/// ONNX Runtime through <see cref="OnnxRecurrentRunner"/> against the C# forward pass (the one-step core, no traces)
/// and against the C# learning step (forward + RTRL trace update). Reported per call; divide by B for per-stream cost.
/// </summary>
[MemoryDiagnoser]
public class ServingBenchmarks
{
    private OnnxRecurrentRunner _runner = null!;
    private RtuCore<float> _core = null!;
    private IRecurrentLayer<float> _layer = null!;
    private DenseLayer<float> _head = null!;
    private float[] _obs = null!, _state = null!, _next = null!, _y = null!, _cache = null!, _pred = null!, _yBatch = null!, _predBatch = null!;
    private string _path = null!;

    /// <summary>Streams stepped per call.</summary>
    [Params(1, 64, 4096)]
    public int B { get; set; }

    /// <summary>Complex units of the RTU.</summary>
    [Params(64)]
    public int Units { get; set; }

    /// <summary>Input width.</summary>
    public const int Inputs = 16;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _layer = RecurrentLayerFactory.Create<float>(Inputs, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, Units = Units, RMax = 0.99 }, B, rng.Fork());
        _head = new DenseLayer<float>(_layer.OutputSize, 1, Trainers.Numerics.Activation.Identity, rng.Fork());
        _core = new RtuCore<float>(Inputs, new RtuOptions { Units = Units }, nonLinear: false);
        _core.Parameters.CopyValuesFrom(_layer.Parameters);
        _core.Prepare();
        _path = Path.Combine(Path.GetTempPath(), $"serving-{Units}-{B}-{Environment.ProcessId}.onnx");
        OnnxExporter.Export(new RecurrentModelWeights(Inputs, null, TrainedModelExport.FromLayer(_layer),
            new PredictionHeadWeights(new MlpWeights([TrainedModelExport.FromDense(_head)]))), _path);
        _runner = new OnnxRecurrentRunner(_path, B, new OnnxRunnerOptions { PreferCuda = true });
        Console.WriteLine($"// ONNX Runtime provider: {_runner.ExecutionProvider}");
        _obs = new float[B * Inputs];
        for (int i = 0; i < _obs.Length; i++) _obs[i] = (float)rng.NextGaussian();
        _state = new float[B * 2 * Units]; _next = new float[2 * Units]; _y = new float[2 * Units];
        _cache = new float[_core.CacheSize]; _pred = new float[1];
        _yBatch = new float[B * 2 * Units]; _predBatch = new float[B];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runner.Dispose();
        File.Delete(_path);
    }

    /// <summary>ONNX Runtime: one step of every stream (state kept by the runner).</summary>
    [Benchmark(Baseline = true)]
    public void OnnxRuntimeStep() => _runner.Step(_obs);

    /// <summary>C# forward pass only: the one-step core and the head, per stream.</summary>
    [Benchmark]
    public void CSharpForward()
    {
        for (int b = 0; b < B; b++)
        {
            var state = _state.AsSpan(b * 2 * Units, 2 * Units);
            _core.Forward(_obs.AsSpan(b * Inputs, Inputs), state, _next, _y, _cache);
            _next.CopyTo(state);
            _head.Forward(_y, _pred);
        }
    }

    /// <summary>C# learning step: forward plus the RTRL trace update (what a model that keeps learning pays).</summary>
    [Benchmark]
    public void CSharpRtrlStep()
    {
        _layer.Step(_obs, _yBatch);
        _head.Forward(_yBatch, _predBatch);
    }
}
