using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Benchmarks;

/// <summary>
/// A direct check, independent of the MemoryDiagnoser's per-iteration sampling: bytes allocated on this thread
/// over many learning steps after a warm-up (should be exactly 0).
/// </summary>
public static class AllocationCheck
{
    /// <summary>(layer, steps, bytes allocated) for a few representative layers.</summary>
    /// <remarks>
    /// Also reports <see cref="GC.GetTotalAllocatedBytes(bool)"/> over the same steps: the whole process, other threads
    /// (the tiered JIT's background compilation, BenchmarkDotNet's own) included, which is what the MemoryDiagnoser's
    /// "Allocated" column divides by the operations of an iteration.
    /// </remarks>
    public static IEnumerable<(string Layer, int Steps, long Bytes, long ProcessBytes)> Run()
    {
        (RecurrentLayerOptions Options, int D, int B, int Steps)[] cases =
        [
            (new() { Architecture = RecurrentArchitecture.LinearRtu, Units = 64 }, 16, 1, 2000),
            (new() { Architecture = RecurrentArchitecture.NonLinearRtu, Units = 64 }, 16, 1, 2000),
            (new() { Architecture = RecurrentArchitecture.LinearRtu, Units = 256 }, 64, 1, 500),
            (new() { Architecture = RecurrentArchitecture.LinearRtu, Units = 256 }, 64, 32, 200),
            (new() { Architecture = RecurrentArchitecture.NonLinearRtu, Units = 256 }, 64, 1, 500),
            (new() { Architecture = RecurrentArchitecture.NonLinearRtu, Units = 256 }, 64, 32, 200),
            (new() { Architecture = RecurrentArchitecture.LinearRtu, Units = 1024 }, 256, 32, 20),
            (new() { Architecture = RecurrentArchitecture.NonLinearRtu, Units = 1024 }, 256, 32, 20),
            (new() { Architecture = RecurrentArchitecture.Gru, LearningRule = LearningRule.Tbptt, Units = 77, Truncation = 64 }, 64, 1, 200),
            // The gated RTU (GatedRtuStepBenchmarks): the PPO trunk's size and the slowest case of that suite.
            (new() { Architecture = RecurrentArchitecture.GatedRtu, Units = 32 }, 64, 1, 1000),
            (new() { Architecture = RecurrentArchitecture.GatedRtu, Units = 256 }, 64, 1, 250),
        ];
        foreach (var (options, d, b, steps) in cases)
        {
            var layer = RecurrentLayerFactory.Create<float>(d, options, b, new Rng(5));
            var inputs = BenchData.Vectors(8, b * d, 6);
            var outputs = new float[b * layer.OutputSize];
            var gradients = BenchData.Vectors(1, b * layer.OutputSize, 7)[0];
            for (int t = 0; t < 16; t++) { layer.Step(inputs[t & 7], outputs); layer.Backward(gradients, default); }
            long before = GC.GetAllocatedBytesForCurrentThread(), processBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (int t = 0; t < steps; t++) { layer.Step(inputs[t & 7], outputs); layer.Backward(gradients, default); }
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            long processBytes = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
            yield return ($"{options.Label} n={options.Units} d={d} B={b}", steps, bytes, processBytes);
        }
    }
}
