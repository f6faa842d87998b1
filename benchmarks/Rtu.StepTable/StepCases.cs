using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.StepTable;

/// <summary>The measured cases: one RTRL learning step of the issue's grid, and the RTRL vs T-BPTT comparison.</summary>
internal static class StepCases
{
    /// <summary>n/d/B of issue 15, for the linear and the non-linear RTU.</summary>
    public static readonly (int N, int D, int B)[] Shapes = [(64, 16, 1), (256, 64, 1), (1024, 256, 1), (64, 64, 32), (256, 64, 32), (1024, 256, 32)];

    /// <summary>The case names of <see cref="Run"/> ("linear 64/16/1", …), which its filter matches.</summary>
    public static IEnumerable<string> Names =>
        from arch in new[] { RecurrentArchitecture.LinearRtu, RecurrentArchitecture.NonLinearRtu } from s in Shapes select $"{Short(arch)} {s.N}/{s.D}/{s.B}";

    private static bool _warm;

    /// <summary>Measures every case (matching <paramref name="filter"/>) and appends one TSV line per case.</summary>
    public static void Run(string path, string? filter)
    {
        using var writer = new StreamWriter(path, append: true);
        foreach (var arch in new[] { RecurrentArchitecture.LinearRtu, RecurrentArchitecture.NonLinearRtu })
            foreach (var (n, d, b) in Shapes)
            {
                string name = $"{Short(arch)} {n}/{d}/{b}";
                if (filter is not null && !name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
                var layer = CreateLayer(arch, n, d, b);
                var (min, median, alloc) = Time(layer, b * d, b * 2 * n, 3);
                writer.WriteLine(string.Join('\t', Short(arch), n, d, b, min.ToString("R"), median.ToString("R"), alloc, layer.FlopsPerStep * b));
                writer.Flush();
                Console.WriteLine($"{name,-22} min {min,10:F2} µs  median {median,10:F2} µs  alloc {alloc} B/step");
            }
    }

    /// <summary>RTU-RTRL and GRU-T-BPTT (units for the same parameter count), n = 256, d = 64, B = 1, T = 1, 16, 64.</summary>
    public static void RunVersus(string path)
    {
        const int n = 256, d = 64;
        using var writer = new StreamWriter(path, append: true);
        foreach (var arch in new[] { RecurrentArchitecture.LinearRtu, RecurrentArchitecture.NonLinearRtu })
        {
            var rtu = RecurrentLayerFactory.Create<float>(d, new RecurrentLayerOptions { Architecture = arch, LearningRule = LearningRule.Rtrl, Units = n }, 1, new Rng(1));
            var (rtuMin, _, rtuAlloc) = Time(rtu, d, rtu.OutputSize, 1);
            int units = RecurrentLayerFactory.UnitsForParameterBudget(RecurrentArchitecture.Gru, d, RecurrentLayerFactory.ParameterCount(arch, d, n));
            foreach (int t in new[] { 1, 16, 64 })
            {
                var gru = RecurrentLayerFactory.Create<float>(d, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.Gru, LearningRule = LearningRule.Tbptt, Units = units, Truncation = t }, 1, new Rng(2));
                var (gruMin, _, gruAlloc) = Time(gru, d, gru.OutputSize, 4);
                writer.WriteLine(string.Join('\t', Short(arch), t, units, rtuMin.ToString("R"), gruMin.ToString("R"), rtuAlloc, gruAlloc));
                writer.Flush();
                Console.WriteLine($"{Short(arch)} T={t,-3} RTU-RTRL {rtuMin,8:F2} µs  GRU({units})-T-BPTT {gruMin,9:F2} µs  ratio {gruMin / rtuMin:F2}");
            }
        }
    }

    /// <summary>The RTRL layer of a step case (seed 42; the C reference's dump uses the same).</summary>
    public static IRecurrentLayer<float> CreateLayer(RecurrentArchitecture arch, int n, int d, int b, Activation activation = Activation.Relu) =>
        RecurrentLayerFactory.Create<float>(d, new RecurrentLayerOptions { Architecture = arch, LearningRule = LearningRule.Rtrl, Units = n, Activation = activation }, b, new Rng(42));

    /// <summary>The 8 inputs (cycled) and the output gradient of a timed run, uniform in [−1, 1).</summary>
    public static (float[][] Xs, float[] Dy) Inputs(int inputs, int outputs, int seed)
    {
        var random = new Random(seed);
        var xs = new float[8][];
        for (int i = 0; i < xs.Length; i++) { xs[i] = new float[inputs]; for (int k = 0; k < inputs; k++) xs[i][k] = (float)(2 * random.NextDouble() - 1); }
        var dy = new float[outputs];
        for (int k = 0; k < outputs; k++) dy[k] = (float)(2 * random.NextDouble() - 1);
        return (xs, dy);
    }

    /// <summary>Min and median µs per Step + Backward (thread CPU time) and bytes allocated per step after warm-up.</summary>
    private static (double Min, double Median, long AllocPerStep) Time(IRecurrentLayer<float> layer, int inputs, int outputs, int seed)
    {
        var (xs, dy) = Inputs(inputs, outputs, seed);
        var y = new float[outputs];
        int step = 0;
        void Step() { layer.Step(xs[step++ & 7], y); layer.Backward(dy, default); }
        // The first case also brings the library's methods to tier-1 code.
        double warmup = _warm ? 0.5 : 2.0;
        _warm = true;
        double w0 = CpuClock.Seconds();
        while (CpuClock.Seconds() - w0 < warmup) Step();
        const int allocSteps = 20;
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < allocSteps; i++) Step();
        long alloc = (GC.GetAllocatedBytesForCurrentThread() - a0) / allocSteps;
        // Many short rounds: on a loaded machine a round shorter than a time slice more often runs undisturbed.
        var (min, median) = CpuClock.Measure(Step, 0.0, 40, 0.002);
        return (min, median, alloc);
    }

    public static string Short(RecurrentArchitecture a) => a == RecurrentArchitecture.NonLinearRtu ? "non-linear" : "linear";
}
