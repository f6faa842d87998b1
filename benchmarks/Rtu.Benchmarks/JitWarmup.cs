using System.Diagnostics;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Benchmarks;

/// <summary>
/// Runs small RTU-RTRL and GRU-T-BPTT learning steps for a fixed time before the suites start, so that the tiered
/// JIT (with dynamic PGO) has promoted the library's hot methods — the trace kernels and the generic
/// <c>TensorPrimitives</c> instantiations behind <c>RtuCoefficients.Update</c> — to tier 1 before the first case is
/// measured. The suites run in process and share these methods, and on a busy 2-core machine BenchmarkDotNet's
/// warm-up iterations of the first case were measured to end before tier-up (the first case then ran 3–8× slower than
/// steady state); later cases were unaffected.
/// </summary>
public static class JitWarmup
{
    /// <summary>Steps small layers for <paramref name="duration"/>.</summary>
    public static void Run(TimeSpan duration)
    {
        (RecurrentLayerOptions Options, int D, int B)[] cases =
        [
            (new() { Architecture = RecurrentArchitecture.LinearRtu, Units = 64 }, 16, 1),
            (new() { Architecture = RecurrentArchitecture.NonLinearRtu, Units = 64 }, 16, 1),
            (new() { Architecture = RecurrentArchitecture.LinearRtu, Units = 64 }, 16, 3),
            (new() { Architecture = RecurrentArchitecture.NonLinearRtu, Units = 64 }, 16, 3),
            (new() { Architecture = RecurrentArchitecture.Gru, LearningRule = LearningRule.Tbptt, Units = 16, Truncation = 4 }, 8, 1),
        ];
        var layers = cases.Select(c =>
        {
            var layer = RecurrentLayerFactory.Create<float>(c.D, c.Options, c.B, new Rng(1));
            return (Layer: layer, Input: BenchData.Vectors(1, c.B * c.D, 2)[0], Output: new float[c.B * layer.OutputSize],
                Gradient: BenchData.Vectors(1, c.B * layer.OutputSize, 3)[0]);
        }).ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
            foreach (var (layer, input, output, gradient) in layers)
                for (int t = 0; t < 50; t++)
                {
                    layer.Step(input, output);
                    layer.Backward(gradient, default);
                }
    }
}
