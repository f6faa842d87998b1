using System.Globalization;
using System.Numerics;
using System.Text;
using BenchmarkDotNet.Reports;
using Rtu.Trainers.Cells;

namespace Rtu.Benchmarks;

/// <summary>
/// Post-processing of one run: puts every RTRL figure next to the machine peaks measured in the same run
/// (GFLOP/s, % of the FMA peak, % of the bandwidth bound, which bound binds), prints the GRU-T-BPTT / RTU-RTRL
/// ratio per T and the SIMD / scalar speed-ups, and writes the same text to <c>results/RatioReport.md</c>.
/// </summary>
public static class RatioReport
{
    /// <summary>The goal of issue 2: an RTU step reaches at least this share of its binding bound.</summary>
    public const double Goal = 0.40;

    /// <summary>Prints the ratios of every suite present in <paramref name="summaries"/>.</summary>
    public static void Print(IReadOnlyList<Summary> summaries, TextWriter writer)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null).ToList();
        if (reports.Count == 0) return;
        var text = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        void Line(string s = "") => text.AppendLine(s);

        // Peaks are capabilities: the fastest iteration, the one least disturbed by other work on the machine.
        double? Mean(Type type, string method) =>
            reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Type == type && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)
                ?.ResultStatistics!.Min;

        Line("## Rtu.Benchmarks ratio report");
        Line();
        Line("Step times are BenchmarkDotNet medians; machine peaks are the fastest iteration (Min) of their suite.");
        Line();
        Line($"Vector<float>.Count = {Vector<float>.Count}, peaks measured with {MachinePeakBenchmarks.WidestFloats * 32}-bit vectors "
             + $"(Vector512.IsHardwareAccelerated = {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}), caches L1d {CacheLevels.L1Bytes >> 10} KiB, L2 {CacheLevels.L2Bytes >> 10} KiB, "
             + $"L3 {CacheLevels.L3Bytes >> 20} MiB (sysfs), {Environment.ProcessorCount} logical CPUs, single-thread figures.");
        double? fmaNs = Mean(typeof(MachinePeakBenchmarks), nameof(MachinePeakBenchmarks.FmaPeak));
        double? peak = fmaNs is double f ? MachinePeakBenchmarks.FmaFlops / f : null;
        // Bandwidth per memory level 1..4 (L1, L2, L3, DRAM): read+write and read-only, GB/s.
        var bwRw = new double?[5];
        var bwRo = new double?[5];
        (string Rw, string Ro)[] methods =
        [
            default,
            (nameof(MachinePeakBenchmarks.L1ReadWrite), nameof(MachinePeakBenchmarks.L1Read)),
            (nameof(MachinePeakBenchmarks.L2ReadWrite), nameof(MachinePeakBenchmarks.L2Read)),
            (nameof(MachinePeakBenchmarks.L3ReadWrite), nameof(MachinePeakBenchmarks.L3Read)),
            (nameof(MachinePeakBenchmarks.StreamReadWrite), nameof(MachinePeakBenchmarks.StreamRead)),
        ];
        for (int level = 1; level <= 4; level++)
        {
            double? rwNs = Mean(typeof(MachinePeakBenchmarks), methods[level].Rw), roNs = Mean(typeof(MachinePeakBenchmarks), methods[level].Ro);
            long rwBytes = level == 4 ? MachinePeakBenchmarks.ReadWriteBytes : MachinePeakBenchmarks.CacheReadWriteBytes(level);
            long roBytes = level == 4 ? MachinePeakBenchmarks.ReadBytes : MachinePeakBenchmarks.CacheReadBytes(level);
            bwRw[level] = rwNs is double a ? rwBytes / a : null;
            bwRo[level] = roNs is double b ? roBytes / b : null;
        }
        Line();
        Line("### Machine peaks (same run, fastest iteration)");
        Line();
        Line($"- FMA peak ({MachinePeakBenchmarks.WidestFloats * 32}-bit vectors, {MachinePeakBenchmarks.FmaChains} chains): {Fmt(peak, "F1")} GFLOP/s");
        double? fmaVectorTNs = Mean(typeof(MachinePeakBenchmarks), nameof(MachinePeakBenchmarks.FmaPeakVectorT));
        Line($"- FMA peak of Vector<float> ({Vector<float>.Count * 32}-bit, the library kernels' width, for comparison): "
             + $"{Fmt(fmaVectorTNs is double fv ? MachinePeakBenchmarks.FmaFlopsVectorT / fv : null, "F1")} GFLOP/s");
        Line();
        Line("| Level | buffer | read+write in place GB/s | read GB/s |");
        Line("|---|---:|---:|---:|");
        for (int level = 1; level <= 4; level++)
        {
            long bufferBytes = level == 4 ? (long)MachinePeakBenchmarks.StreamFloats * sizeof(float) : (long)MachinePeakBenchmarks.CacheBufferFloats(level) * sizeof(float);
            string size = bufferBytes >= 1L << 20 ? $"{bufferBytes >> 20} MiB" : $"{bufferBytes >> 10} KiB";
            Line($"| {Roofline.LevelName(level)} | {size} | {Fmt(bwRw[level], "F1")} | {Fmt(bwRo[level], "F1")} |");
        }
        if (peak is null || bwRw.Skip(1).Any(v => v is null) || bwRo.Skip(1).Any(v => v is null))
            Line("- (run MachinePeakBenchmarks in the same invocation, e.g. --filter '*', to get the % of bound columns)");

        var grid = reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(RtrlStepBenchmarks)).ToList();
        if (grid.Count > 0)
        {
            Line();
            Line("### RTRL learning step (Step + Backward), time per step of B streams");
            Line();
            Line("Roofline: level = the smallest memory level the working set (traces of all streams + W + dW) fits in; "
                 + "BW bound = read-write bytes / that level's read+write bandwidth + read-only bytes / its read bandwidth; "
                 + "FMA bound = FLOPs / FMA peak; binding bound = max(FMA, BW). '% of binding' = binding bound / median time, "
                 + "'(best)' = / fastest iteration.");
            Line();
            Line("| Arch | n | d | B | µs/step | GFLOP/s | % FMA peak | MB/step | GB/s | working set MB | level | % of level BW | binding bound | % of binding | best µs | % of binding (best) | alloc B/op |");
            Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|");
            int cases = 0, reached = 0, reachedBest = 0;
            var perLevel = new (int Cases, int Reached, int ReachedBest, List<double> Shares)[5];
            for (int level = 1; level <= 4; level++) perLevel[level] = (0, 0, 0, []);
            foreach (var r in grid.OrderBy(r => Roofline.RtrlCase(r.BenchmarkCase).Architecture).ThenBy(r => Roofline.RtrlCase(r.BenchmarkCase).N)
                         .ThenBy(r => Roofline.RtrlCase(r.BenchmarkCase).D).ThenBy(r => Roofline.RtrlCase(r.BenchmarkCase).B))
            {
                var (arch, n, d, bb) = Roofline.RtrlCase(r.BenchmarkCase);
                double ns = r.ResultStatistics!.Median;
                long flops = Roofline.FlopsPerStream(arch, n, d) * bb;
                var (rw, ro) = Roofline.RtuStepBytes(arch, n, d, bb);
                long ws = Roofline.RtuWorkingSet(arch, n, d, bb);
                int level = Roofline.MemoryLevel(ws);
                double gflops = flops / ns;
                double best = r.ResultStatistics!.Min;
                string binds = "-", pctBound = "-", pctPeak = "-", pctBw = "-", pctBest = "-";
                if (peak is double p && bwRw[level] is double brw && bwRo[level] is double bro)
                {
                    double tFma = flops / p, tBw = rw / brw + ro / bro;
                    double tBound = Math.Max(tFma, tBw);
                    binds = tBw >= tFma ? $"{Roofline.LevelName(level)} bandwidth" : "FMA";
                    double share = tBound / ns, shareBest = tBound / best;
                    pctBound = (100 * share).ToString("F0", ci);
                    pctBest = (100 * shareBest).ToString("F0", ci);
                    pctPeak = (100 * gflops / p).ToString("F1", ci);
                    pctBw = (100 * tBw / ns).ToString("F0", ci);
                    cases++;
                    if (share >= Goal) reached++;
                    if (shareBest >= Goal) reachedBest++;
                    var pl = perLevel[level];
                    pl.Shares.Add(shareBest);
                    perLevel[level] = (pl.Cases + 1, pl.Reached + (share >= Goal ? 1 : 0), pl.ReachedBest + (shareBest >= Goal ? 1 : 0), pl.Shares);
                }
                long? alloc = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase);
                Line($"| {Short(arch)} | {n} | {d} | {bb} | {(ns / 1000).ToString("F2", ci)} | {gflops.ToString("F2", ci)} | {pctPeak} | "
                     + $"{((rw + ro) / 1e6).ToString("F2", ci)} | {((rw + ro) / ns).ToString("F1", ci)} | {(ws / 1048576.0).ToString("F2", ci)} | {Roofline.LevelName(level)} | {pctBw} | "
                     + $"{binds} | {pctBound} | {(best / 1000).ToString("F2", ci)} | {pctBest} | {alloc?.ToString(ci) ?? "-"} |");
            }
            if (cases > 0)
            {
                Line();
                Line($"Cases reaching ≥ {Goal:P0} of their binding bound: {reached} of {cases} at the median time, {reachedBest} of {cases} at the best iteration.");
                Line();
                Line("| working set in | cases | ≥ 40 % (median) | ≥ 40 % (best) | % of binding (best): min / median / max |");
                Line("|---|---:|---:|---:|---|");
                for (int level = 1; level <= 4; level++)
                {
                    var pl = perLevel[level];
                    if (pl.Cases == 0) continue;
                    var sorted = pl.Shares.Order().ToList();
                    Line($"| {Roofline.LevelName(level)} | {pl.Cases} | {pl.Reached} | {pl.ReachedBest} | "
                         + $"{(100 * sorted[0]).ToString("F0", ci)} / {(100 * sorted[sorted.Count / 2]).ToString("F0", ci)} / {(100 * sorted[^1]).ToString("F0", ci)} |");
                }
            }
        }

        var versus = reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(RtrlVsTbpttBenchmarks)).ToList();
        if (versus.Count > 0)
        {
            Line();
            Line($"### RTU-RTRL vs GRU-T-BPTT at equal recurrent parameters (RTU n = {RtrlVsTbpttBenchmarks.RtuUnits}, d = {RtrlVsTbpttBenchmarks.InputSize}, B = 1)");
            Line();
            Line("| RTU | params RTU | GRU units (params) | T | RTU-RTRL µs/step | GRU-T-BPTT µs/step | GRU / RTU | best RTU µs | best GRU µs | GRU / RTU (best) | RTU alloc B/op | GRU alloc B/op |");
            Line("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var group in versus.GroupBy(r => ((RecurrentArchitecture)r.BenchmarkCase.Parameters["Architecture"], (int)r.BenchmarkCase.Parameters["T"]))
                         .OrderBy(g => g.Key.Item1).ThenBy(g => g.Key.Item2))
            {
                var (arch, t) = group.Key;
                var rtu = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(RtrlVsTbpttBenchmarks.RtuRtrl));
                var gru = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(RtrlVsTbpttBenchmarks.GruTbptt));
                int d = RtrlVsTbpttBenchmarks.InputSize, units = RtrlVsTbpttBenchmarks.GruUnits(arch);
                double? rtuNs = rtu?.ResultStatistics!.Median, gruNs = gru?.ResultStatistics!.Median;
                double? rtuBest = rtu?.ResultStatistics!.Min, gruBest = gru?.ResultStatistics!.Min;
                Line($"| {Short(arch)} | {RecurrentLayerFactory.ParameterCount(arch, d, RtrlVsTbpttBenchmarks.RtuUnits)} | "
                     + $"{units} ({RecurrentLayerFactory.ParameterCount(RecurrentArchitecture.Gru, d, units)}) | {t} | "
                     + $"{Fmt(rtuNs / 1000, "F2")} | {Fmt(gruNs / 1000, "F2")} | {Fmt(gruNs / rtuNs, "F2")} | "
                     + $"{Fmt(rtuBest / 1000, "F2")} | {Fmt(gruBest / 1000, "F2")} | {Fmt(gruBest / rtuBest, "F2")} | "
                     + $"{rtu?.GcStats.GetBytesAllocatedPerOperation(rtu.BenchmarkCase)?.ToString(ci) ?? "-"} | "
                     + $"{gru?.GcStats.GetBytesAllocatedPerOperation(gru.BenchmarkCase)?.ToString(ci) ?? "-"} |");
            }
        }

        var kernels = reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(TraceKernelBenchmarks)).ToList();
        if (kernels.Count > 0)
        {
            double? K(string m) => kernels.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == m)?.ResultStatistics!.Median;
            double? KB(string m) => kernels.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == m)?.ResultStatistics!.Min;
            Line();
            Line($"### Trace update, SIMD vs scalar (one row, n = {TraceKernelBenchmarks.Units}, in L1)");
            Line();
            Line("| Kernel | SIMD ns | scalar ns | speed-up | best SIMD ns | best scalar ns | speed-up (best) | goal ≥ 4× (median / best) |");
            Line("|---|---:|---:|---:|---:|---:|---:|---|");
            void Row(string label, string simd, string scalar)
            {
                double? m = K(scalar) / K(simd), b = KB(scalar) / KB(simd);
                Line($"| {label} | {Fmt(K(simd), "F1")} | {Fmt(K(scalar), "F1")} | {Fmt(m, "F1")}× | "
                     + $"{Fmt(KB(simd), "F1")} | {Fmt(KB(scalar), "F1")} | {Fmt(b, "F1")}× | {Meets(m)} / {Meets(b)} |");
            }
            Row("UpdateFour vs unoptimised scalar reference (NoOptimization)", nameof(TraceKernelBenchmarks.UpdateFourSimd), nameof(TraceKernelBenchmarks.UpdateFourScalarReference));
            Row("UpdateFour vs optimised scalar loop", nameof(TraceKernelBenchmarks.UpdateFourSimd), nameof(TraceKernelBenchmarks.UpdateFourScalarOptimized));
            Row("UpdateTied vs optimised scalar loop", nameof(TraceKernelBenchmarks.UpdateTiedSimd), nameof(TraceKernelBenchmarks.UpdateTiedScalarOptimized));
        }

        var overheads = reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(StepOverheadBenchmarks)).ToList();
        if (overheads.Count > 0)
        {
            Line();
            Line("### O(n) per-step overhead: RtuCoefficients.Update (vectorised float64 exp ×3, sin/cos and assembly, every Step)");
            Line();
            Line("| n | µs per Step call | share of the B = 1, d = 16 step (linear / non-linear) |");
            Line("|---:|---:|---|");
            foreach (var r in overheads.OrderBy(r => (int)r.BenchmarkCase.Parameters["N"]))
            {
                int n = (int)r.BenchmarkCase.Parameters["N"];
                double ns = r.ResultStatistics!.Median;
                string Share(RecurrentArchitecture a)
                {
                    var step = grid.FirstOrDefault(g => Roofline.RtrlCase(g.BenchmarkCase) == (a, n, 16, 1));
                    return step is null ? "-" : (100 * ns / step.ResultStatistics!.Median).ToString("F0", ci) + " %";
                }
                Line($"| {n} | {(ns / 1000).ToString("F2", ci)} | {Share(RecurrentArchitecture.LinearRtu)} / {Share(RecurrentArchitecture.NonLinearRtu)} |");
            }
        }

        bool gated = reports.Any(r => r.BenchmarkCase.Descriptor.Type == typeof(GatedRtuStepBenchmarks));
        if (grid.Count > 0 || versus.Count > 0 || gated)
        {
            Line();
            Line("### Allocation check: bytes allocated on the thread over many learning steps after a warm-up (GC.GetAllocatedBytesForCurrentThread)");
            Line();
            Line("| Layer | steps | bytes (this thread) | bytes (whole process, for reference) |");
            Line("|---|---:|---:|---:|");
            foreach (var (layer, steps, bytes, processBytes) in AllocationCheck.Run()) Line($"| {layer} | {steps} | {bytes} | {processBytes} |");
        }

        string output = text.ToString();
        writer.WriteLine();
        writer.Write(output);
        string? directory = summaries.Select(s => s.ResultsDirectoryPath).FirstOrDefault(p => !string.IsNullOrEmpty(p));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            string path = Path.Combine(directory, "RatioReport.md");
            File.WriteAllText(path, output);
            writer.WriteLine();
            writer.WriteLine($"Ratio report written to {path}");
        }

        static string Fmt(double? value, string format) => value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        static string Meets(double? ratio) => ratio is double v ? (v >= 4 ? "yes" : "no") : "-";
        static string Short(RecurrentArchitecture a) => a == RecurrentArchitecture.NonLinearRtu ? "NonLinear" : "Linear";
    }
}
