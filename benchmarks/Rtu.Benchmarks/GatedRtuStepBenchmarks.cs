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
/// accumulate. The step allocates nothing: the ratio report's allocation check (<see cref="AllocationCheck"/>, gated cases
/// included) counts 0 bytes on the stepping thread and in the process; the MemoryDiagnoser's "Allocated" counts the whole
/// process over one iteration and may show a few B/op of background bytes in the slowest cases (benchmarks/README.md).
/// The gated RTU keeps 8·d·n + 12n trace values per stream
/// against the linear RTU's 2·d·n + 4n, and ≈ 80·n·d against ≈ 16·n·d FLOPs (docs/GATED_RTU.md §5). Kept apart from the
/// roofline grid, whose bytes and FLOPs model covers the two RTUs only.
/// </remarks>
public class GatedRtuStepBenchmarks
{
    /// <summary>Linear RTU or gated RTU, both RTRL.</summary>
    [Params(RecurrentArchitecture.LinearRtu, RecurrentArchitecture.GatedRtu)]
    public RecurrentArchitecture Architecture { get; set; }

    /// <summary>Complex units n (output 2n).</summary>
    [Params(32, 64, 256)]
    public int N { get; set; }

    /// <summary>Input width d.</summary>
    [Params(4, 64)]
    public int D { get; set; }

    private LearningStepFixture? _fixture;

    /// <summary>Builds the layer and runs a few steps so every trace is non-zero.</summary>
    [GlobalSetup]
    public void Setup() => _fixture = new LearningStepFixture(Architecture, N, D, streams: 1);

    /// <summary>Step + Backward: one RTRL learning step of one stream.</summary>
    [Benchmark]
    public void LearningStep() => _fixture!.Step();
}
