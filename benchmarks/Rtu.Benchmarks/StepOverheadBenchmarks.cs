using BenchmarkDotNet.Attributes;
using Rtu.Trainers.Cells.Rtu;

namespace Rtu.Benchmarks;

/// <summary>
/// The O(n) part of an RTU step that does not touch the d×n traces: the per-step recomputation of the recurrence
/// coefficients (g, φ, η and their ν/θ derivatives: exp, cos, sin, expm1, sqrt in float64 per unit), which
/// <c>RtuLayer.Step</c> performs once per call. Compare it with the RtrlStepBenchmarks time at the same n to see
/// how much of a small-d step it is.
/// </summary>
public class StepOverheadBenchmarks
{
    /// <summary>Complex units n.</summary>
    [Params(64, 256, 1024)]
    public int N { get; set; }

    private RtuCoefficients<float>? _coefficients;
    private float[] _nuLog = [], _thetaLog = [];

    /// <summary>Coefficients for |λ| in (0.5, 0.99) and θ in (0, π/4).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _coefficients = new RtuCoefficients<float>(N);
        var r = BenchData.Uniform(N, 0.5f, 0.99f, 11);
        var theta = BenchData.Uniform(N, 0.01f, 0.78f, 12);
        _nuLog = r.Select(v => MathF.Log(-MathF.Log(v))).ToArray();
        _thetaLog = theta.Select(v => MathF.Log(v)).ToArray();
    }

    /// <summary>RtuCoefficients.Update for n units (what every RTU Step pays before touching the traces).</summary>
    [Benchmark]
    public void CoefficientsUpdate() => _coefficients!.Update(_nuLog, _thetaLog, referenceThetaGradient: false);
}
