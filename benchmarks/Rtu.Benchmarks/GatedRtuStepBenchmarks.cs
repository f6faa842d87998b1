using BenchmarkDotNet.Attributes;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Benchmarks;

/// <summary>
/// One RTRL learning step (Step + Backward, B = 1, float32) of the gated RTU next to the linear RTU at the same
/// n units and d inputs (issue 17: the gated cell's cost per step). n = 32, d = 64 is the PPO trunk of samples/Rtu.Control
/// at equal units.
/// </summary>
/// <remarks>
/// As <see cref="RtrlStepBenchmarks"/>: parameters fixed (no optimizer), inputs cycled from pre-drawn vectors, gradients
/// accumulate; the memory diagnoser must report 0 B allocated. The gated RTU keeps 8·d·n + 12n trace values per stream
/// against the linear RTU's 2·d·n + 4n, and ≈ 80·n·d against ≈ 16·n·d FLOPs (docs/GATED_RTU.md §5). Kept apart from the
/// roofline grid, whose bytes and FLOPs model covers the two RTUs only.
/// </remarks>
public class GatedRtuStepBenchmarks
{
    private const int StepInputs = 8;

    /// <summary>Linear RTU or gated RTU, both RTRL.</summary>
    [Params(RecurrentArchitecture.LinearRtu, RecurrentArchitecture.GatedRtu)]
    public RecurrentArchitecture Architecture { get; set; }

    /// <summary>Complex units n (output 2n).</summary>
    [Params(32, 64, 256)]
    public int N { get; set; }

    /// <summary>Input width d.</summary>
    [Params(4, 64)]
    public int D { get; set; }

    private IRecurrentLayer<float>? _layer;
    private float[][] _inputs = [];
    private float[] _outputs = [], _outputGradients = [];
    private int _t;

    /// <summary>Builds the layer and runs a few steps so every trace is non-zero.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _layer = RecurrentLayerFactory.Create<float>(D,
            new RecurrentLayerOptions { Architecture = Architecture, LearningRule = LearningRule.Rtrl, Units = N }, 1, new Rng(42));
        _inputs = BenchData.Vectors(StepInputs, D, 7);
        _outputGradients = BenchData.Vectors(1, 2 * N, 8)[0];
        _outputs = new float[2 * N];
        for (int i = 0; i < 2 * StepInputs; i++) LearningStep();
    }

    /// <summary>Step + Backward: one RTRL learning step of one stream.</summary>
    [Benchmark]
    public void LearningStep()
    {
        var layer = _layer!;
        layer.Step(_inputs[_t++ & (StepInputs - 1)], _outputs);
        layer.Backward(_outputGradients, default);
    }
}
