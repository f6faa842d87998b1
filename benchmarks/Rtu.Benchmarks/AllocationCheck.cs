using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Benchmarks;

/// <summary>
/// A direct check, independent of the MemoryDiagnoser's per-iteration sampling: bytes allocated on this thread
/// over many learning steps after a warm-up (should be exactly 0).
/// </summary>
public static class AllocationCheck
{
    /// <summary>Steps measured per layer.</summary>
    public const int Steps = 500;

    /// <summary>(layer, steps, bytes allocated) for a few representative layers.</summary>
    public static IEnumerable<(string Layer, int Steps, long Bytes)> Run()
    {
        (RecurrentLayerOptions Options, int B)[] cases =
        [
            (new() { Architecture = RecurrentArchitecture.LinearRtu, Units = 256 }, 1),
            (new() { Architecture = RecurrentArchitecture.LinearRtu, Units = 256 }, 32),
            (new() { Architecture = RecurrentArchitecture.NonLinearRtu, Units = 256 }, 1),
            (new() { Architecture = RecurrentArchitecture.NonLinearRtu, Units = 256 }, 32),
            (new() { Architecture = RecurrentArchitecture.Gru, LearningRule = LearningRule.Tbptt, Units = 77, Truncation = 16 }, 1),
        ];
        const int d = 64;
        foreach (var (options, b) in cases)
        {
            var layer = RecurrentLayerFactory.Create<float>(d, options, b, new Rng(5));
            var inputs = BenchData.Vectors(8, b * d, 6);
            var outputs = new float[b * layer.OutputSize];
            var gradients = BenchData.Vectors(1, b * layer.OutputSize, 7)[0];
            for (int t = 0; t < 64; t++) { layer.Step(inputs[t & 7], outputs); layer.Backward(gradients, default); }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int t = 0; t < Steps; t++) { layer.Step(inputs[t & 7], outputs); layer.Backward(gradients, default); }
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            yield return ($"{options.Label} n={options.Units} d={d} B={b}", Steps, bytes);
        }
    }
}
