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
        Line($"Vector<float>.Count = {Vector<float>.Count}, last-level cache = {Roofline.LastLevelCacheBytes >> 20} MiB, {Environment.ProcessorCount} logical CPUs, single-thread figures.");
        double? fmaNs = Mean(typeof(MachinePeakBenchmarks), nameof(MachinePeakBenchmarks.FmaPeak));
        double? rwNs = Mean(typeof(MachinePeakBenchmarks), nameof(MachinePeakBenchmarks.StreamReadWrite));
        double? roNs = Mean(typeof(MachinePeakBenchmarks), nameof(MachinePeakBenchmarks.StreamRead));
        double? peak = fmaNs is double f ? MachinePeakBenchmarks.FmaFlops / f : null;
        double? bwRw = rwNs is double a ? MachinePeakBenchmarks.ReadWriteBytes / a : null;
        double? bwRo = roNs is double b ? MachinePeakBenchmarks.ReadBytes / b : null;
        Line();
        Line("### Machine peaks (same run, fastest iteration)");
        Line();
        Line($"- FMA peak (Vector<float>, {MachinePeakBenchmarks.FmaChains} chains): {Fmt(peak, "F1")} GFLOP/s");
        Line($"- Streaming read+write (256 MiB, in place): {Fmt(bwRw, "F1")} GB/s");
        Line($"- Streaming read (256 MiB): {Fmt(bwRo, "F1")} GB/s");
        if (peak is null || bwRw is null || bwRo is null)
            Line("- (run MachinePeakBenchmarks in the same invocation, e.g. --filter '*', to get the % of bound columns)");

        var grid = reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(RtrlStepBenchmarks)).ToList();
        if (grid.Count > 0)
        {
            Line();
            Line("### RTRL learning step (Step + Backward), time per step of B streams");
            Line();
            Line("Bounds: FMA = FLOPs / FMA peak; DRAM = read-write bytes / RW bandwidth + read-only bytes / read bandwidth. "
                 + "Out of cache (working set > last-level cache) the binding bound is max(FMA, DRAM). In cache the DRAM bound "
                 + "does not apply and cache bandwidth is not measured, so the binding bound is taken as the FMA peak "
                 + "(optimistic, so the % is conservative); '% DRAM' is still shown for reference (> 100 % = served from cache).");
            Line();
            Line("| Arch | n | d | B | µs/step | GFLOP/s | % FMA peak | MB/step | GB/s | % DRAM | working set MB | binding bound | % of binding | best µs | % of binding (best) | alloc B/op |");
            Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
            int cases = 0, reached = 0, reachedBest = 0, dramCases = 0, dramReached = 0;
            foreach (var r in grid.OrderBy(r => Roofline.RtrlCase(r.BenchmarkCase).Architecture).ThenBy(r => Roofline.RtrlCase(r.BenchmarkCase).N)
                         .ThenBy(r => Roofline.RtrlCase(r.BenchmarkCase).D).ThenBy(r => Roofline.RtrlCase(r.BenchmarkCase).B))
            {
                var (arch, n, d, bb) = Roofline.RtrlCase(r.BenchmarkCase);
                double ns = r.ResultStatistics!.Median;
                long flops = Roofline.FlopsPerStream(arch, n, d) * bb;
                var (rw, ro) = Roofline.RtuStepBytes(arch, n, d, bb);
                long ws = Roofline.RtuWorkingSet(arch, n, d, bb);
                bool inCache = ws <= Roofline.LastLevelCacheBytes;
                double gflops = flops / ns;
                double best = r.ResultStatistics!.Min;
                string binds = "-", pctBound = "-", pctPeak = "-", pctDram = "-", pctBest = "-";
                if (peak is double p && bwRw is double brw && bwRo is double bro)
                {
                    double tFma = flops / p, tBw = rw / brw + ro / bro;
                    double tBound = inCache ? tFma : Math.Max(tFma, tBw);
                    binds = inCache ? "FMA (in cache)" : tBw >= tFma ? "DRAM bandwidth" : "FMA";
                    double share = tBound / ns;
                    pctBound = (100 * share).ToString("F0", ci);
                    pctBest = (100 * tBound / best).ToString("F0", ci);
                    if (tBound / best >= Goal) reachedBest++;
                    pctPeak = (100 * gflops / p).ToString("F1", ci);
                    pctDram = (100 * tBw / ns).ToString("F0", ci);
                    cases++; if (share >= Goal) reached++;
                    if (!inCache) { dramCases++; if (share >= Goal) dramReached++; }
                }
                long? alloc = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase);
                Line($"| {Short(arch)} | {n} | {d} | {bb} | {(ns / 1000).ToString("F2", ci)} | {gflops.ToString("F2", ci)} | {pctPeak} | "
                     + $"{((rw + ro) / 1e6).ToString("F2", ci)} | {((rw + ro) / ns).ToString("F1", ci)} | {pctDram} | {(ws / 1048576.0).ToString("F2", ci)} | {binds} | {pctBound} | {(best / 1000).ToString("F2", ci)} | {pctBest} | {alloc?.ToString(ci) ?? "-"} |");
            }
            if (cases > 0)
            {
                Line();
                Line($"Cases reaching ≥ {Goal:P0} of their binding bound: {reached} of {cases} at the median time, "
                     + $"{reachedBest} of {cases} at the best iteration (out of cache, DRAM-bound, median: {dramReached} of {dramCases}).");
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
            Row("UpdateFour vs UpdateFourScalar (library reference, NoOptimization)", nameof(TraceKernelBenchmarks.UpdateFourSimd), nameof(TraceKernelBenchmarks.UpdateFourScalarReference));
            Row("UpdateFour vs optimised scalar loop", nameof(TraceKernelBenchmarks.UpdateFourSimd), nameof(TraceKernelBenchmarks.UpdateFourScalarOptimized));
            Row("UpdateTied vs optimised scalar loop", nameof(TraceKernelBenchmarks.UpdateTiedSimd), nameof(TraceKernelBenchmarks.UpdateTiedScalarOptimized));
        }

        var overheads = reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(StepOverheadBenchmarks)).ToList();
        if (overheads.Count > 0)
        {
            Line();
            Line("### O(n) per-step overhead: RtuCoefficients.Update (float64 exp/cos/sin/expm1/sqrt per unit, every Step)");
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

        if (grid.Count > 0 || versus.Count > 0)
        {
            Line();
            Line("### Allocation check: bytes allocated on the thread over many learning steps after a warm-up (GC.GetAllocatedBytesForCurrentThread)");
            Line();
            Line("| Layer | steps | bytes |");
            Line("|---|---:|---:|");
            foreach (var (layer, steps, bytes) in AllocationCheck.Run()) Line($"| {layer} | {steps} | {bytes} |");
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
