using BenchmarkDotNet.Attributes;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Benchmarks;

/// <summary>
/// One RTRL learning step (Step + Backward) of the linear and non-linear RTU over the grid
/// n ∈ {64, 256, 1024} units, d ∈ {16, 64, 256} inputs, B ∈ {1, 32} streams.
/// </summary>
/// <remarks>
/// The parameters do not move (no optimizer), so every step does the same work; gradients accumulate.
/// Inputs cycle through pre-drawn vectors so the traces stay live and bounded (<see cref="LearningStepFixture"/>).
/// The roofline columns and <see cref="RatioReport"/> turn the time into GFLOP/s, GB/s and % of the binding bound.
/// </remarks>
public class RtrlStepBenchmarks
{
    /// <summary>Linear RTU (2 tied d×n traces) or non-linear RTU (4 d×n traces) per stream.</summary>
    [Params(RecurrentArchitecture.LinearRtu, RecurrentArchitecture.NonLinearRtu)]
    public RecurrentArchitecture Architecture { get; set; }

    /// <summary>Complex units n (output 2n).</summary>
    [Params(64, 256, 1024)]
    public int N { get; set; }

    /// <summary>Input width d.</summary>
    [Params(16, 64, 256)]
    public int D { get; set; }

    /// <summary>Streams advanced together.</summary>
    [Params(1, 32)]
    public int B { get; set; }

    private LearningStepFixture? _fixture;

    /// <summary>Builds the layer and runs a few steps so every trace is non-zero.</summary>
    [GlobalSetup]
    public void Setup() => _fixture = new LearningStepFixture(Architecture, N, D, B);

    /// <summary>Drops the (up to 130 MB of) traces before the next case.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _fixture = null;
        GC.Collect();
    }

    /// <summary>Step + Backward: one RTRL learning step of B streams.</summary>
    [Benchmark]
    public void LearningStep() => _fixture!.Step();
}

/// <summary>Deterministic benchmark inputs.</summary>
internal static class BenchData
{
    /// <summary><paramref name="count"/> vectors of <paramref name="length"/> uniform values in [−1, 1).</summary>
    public static float[][] Vectors(int count, int length, ulong seed)
    {
        var random = new Random((int)seed);
        var result = new float[count][];
        for (int i = 0; i < count; i++)
        {
            result[i] = new float[length];
            for (int k = 0; k < length; k++) result[i][k] = (float)(2 * random.NextDouble() - 1);
        }
        return result;
    }

    /// <summary><paramref name="length"/> uniform values in [lo, hi).</summary>
    public static float[] Uniform(int length, float lo, float hi, int seed)
    {
        var random = new Random(seed);
        var result = new float[length];
        for (int k = 0; k < length; k++) result[k] = lo + (hi - lo) * (float)random.NextDouble();
        return result;
    }
}
