using System.Globalization;

namespace Rtu.StepTable;

/// <summary>
/// The markdown table of issue 15 from the TSV files of <c>steps</c>, <c>versus</c> and <c>peaks</c>: per case the fastest
/// round of every label (min over repeated passes), the speed-up of the second label over the first, the roofline bound and
/// the % of it reached, and the other labels (e.g. scalar, 512-bit) against the second.
/// </summary>
/// <remarks>
/// Roofline (as <c>Rtu.Benchmarks/Roofline.cs</c>): float32, c = 2 (linear) or 4 (non-linear) d×n traces per stream, each
/// read and written once per learning step (B·c·d·n·8 bytes), W1, W2 read (2·d·n·4) and dW1, dW2 read and written
/// (2·d·n·8) once per step; the level is the smallest one the working set (B·c·d·n·4 + 4·d·n·4 bytes) fits in; bound =
/// max(FLOPs / FMA peak, read-write bytes / the level's read+write bandwidth + read-only bytes / its read bandwidth).
/// </remarks>
internal static class Table
{
    public static void Print(string peaksPath, string[] labelled)
    {
        var peaks = File.ReadAllLines(peaksPath).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1..].Select(StepCases.Parse).ToArray());
        var step = new List<(string Label, Dictionary<string, (double Min, long Alloc, long Flops)> Cases)>();
        var versus = new List<(string Label, string Path)>();
        foreach (var item in labelled)
        {
            int eq = item.IndexOf('=');
            string label = item[..eq], path = item[(eq + 1)..];
            if (!File.Exists(path)) continue;
            if (label.StartsWith("versus", StringComparison.Ordinal)) { versus.Add((label, path)); continue; }
            var cases = new Dictionary<string, (double, long, long)>();
            foreach (var f in File.ReadAllLines(path).Select(l => l.Split('\t')).Where(f => f.Length >= 8))
            {
                string key = $"{f[0]} {f[1]}/{f[2]}/{f[3]}";
                double min = StepCases.Parse(f[4]);
                long alloc = long.Parse(f[6], CultureInfo.InvariantCulture), flops = long.Parse(f[7], CultureInfo.InvariantCulture);
                cases[key] = cases.TryGetValue(key, out var old) ? (Math.Min(old.Item1, min), Math.Max(old.Item2, alloc), flops) : (min, alloc, flops);
            }
            step.Add((label, cases));
        }
        double fma = peaks["fma"][0];
        Console.WriteLine($"Peaks (thread CPU time, fastest round): FMA {fma:F1} GFLOP/s; read+write / read GB/s: "
            + string.Join(", ", Enumerable.Range(1, 4).Select(l => $"{CacheSizes.Name(l)} {peaks[$"L{l}"][0]:F0} / {peaks[$"L{l}"][1]:F0}")) + ".");
        Console.WriteLine();
        if (step.Count >= 2)
        {
            var (b, a) = (step[0], step[1]);
            var extra = step.Skip(2).ToList();
            Console.WriteLine($"| case n/d/B | {b.Label} µs | {a.Label} µs | speed-up | bound µs (binding) | % of bound {b.Label} | % of bound {a.Label} | "
                + string.Join("", extra.Select(e => $"{e.Label} µs | {e.Label} / {a.Label} | ")) + $"alloc B/step {a.Label} |");
            Console.WriteLine("|---|---:|---:|---:|---|---:|---:|" + string.Concat(extra.Select(_ => "---:|---:|")) + "---:|");
            double logSpeed = 0, logShareB = 0, logShareA = 0; int count = 0, reachedA = 0, reachedB = 0;
            var logExtra = new double[extra.Count];
            var countExtra = new int[extra.Count]; // an extra label may time only some cases (the C reference: linear ones)
            foreach (var key in a.Cases.Keys)
            {
                if (!b.Cases.TryGetValue(key, out var before)) continue;
                var after = a.Cases[key];
                var (bound, binding) = Bound(key, after.Flops, fma, peaks);
                double speed = before.Min / after.Min, shareB = bound / before.Min, shareA = bound / after.Min;
                logSpeed += Math.Log(speed); logShareB += Math.Log(shareB); logShareA += Math.Log(shareA); count++;
                if (shareA >= 0.4) reachedA++;
                if (shareB >= 0.4) reachedB++;
                string extras = "";
                for (int i = 0; i < extra.Count; i++)
                {
                    if (extra[i].Cases.TryGetValue(key, out var e)) { extras += $"{e.Min:F2} | {e.Min / after.Min:F2}× | "; logExtra[i] += Math.Log(e.Min / after.Min); countExtra[i]++; }
                    else extras += "- | - | ";
                }
                Console.WriteLine($"| {key} | {before.Min:F2} | {after.Min:F2} | {speed:F2}× | {bound:F2} ({binding}) | {100 * shareB:F0} % | {100 * shareA:F0} % | {extras}{after.Alloc} |");
            }
            if (count > 0)
            {
                Console.WriteLine();
                Console.WriteLine($"Geometric mean over {count} cases: speed-up {Math.Exp(logSpeed / count):F2}×; % of bound {100 * Math.Exp(logShareB / count):F0} % ({b.Label}) → "
                    + $"{100 * Math.Exp(logShareA / count):F0} % ({a.Label}); cases ≥ 40 % of bound: {reachedB} → {reachedA} of {count}"
                    + string.Concat(extra.Select((e, i) => $"; {e.Label} / {a.Label} {Math.Exp(logExtra[i] / Math.Max(1, countExtra[i])):F2}× ({countExtra[i]} cases)")) + ".");
            }
        }
        foreach (var (label, path) in versus)
        {
            Console.WriteLine();
            Console.WriteLine($"RTU-RTRL vs GRU-T-BPTT at equal parameters (n = 256, d = 64, B = 1), {label}, fastest round:");
            Console.WriteLine();
            Console.WriteLine("| RTU | GRU units | T | RTU-RTRL µs | GRU-T-BPTT µs | GRU / RTU | alloc B/step RTU / GRU |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
            foreach (var g in File.ReadAllLines(path).Select(l => l.Split('\t')).Where(f => f.Length >= 7).GroupBy(f => (f[0], int.Parse(f[1], CultureInfo.InvariantCulture))))
            {
                double rtu = g.Min(f => StepCases.Parse(f[3])), gru = g.Min(f => StepCases.Parse(f[4]));
                var f0 = g.First();
                Console.WriteLine($"| {g.Key.Item1} | {f0[2]} | {g.Key.Item2} | {rtu:F2} | {gru:F2} | {gru / rtu:F2} | {g.Max(f => long.Parse(f[5], CultureInfo.InvariantCulture))} / {g.Max(f => long.Parse(f[6], CultureInfo.InvariantCulture))} |");
            }
        }
    }

    /// <summary>The roofline bound of a case, µs, and what binds.</summary>
    private static (double Micros, string Binding) Bound(string key, long flops, double fma, Dictionary<string, double[]> peaks)
    {
        var parts = key.Split(' ', '/');
        long c = parts[0] == "non-linear" ? 4 : 2;
        long n = long.Parse(parts[1], CultureInfo.InvariantCulture), d = long.Parse(parts[2], CultureInfo.InvariantCulture), b = long.Parse(parts[3], CultureInfo.InvariantCulture);
        long dn = d * n;
        long rw = b * c * dn * 8 + 2 * dn * 8, ro = 2 * dn * 4, ws = b * c * dn * 4 + 4 * dn * 4;
        int level = CacheSizes.Level(ws);
        var bw = peaks[$"L{level}"];
        double tBw = rw / (bw[0] * 1e3) + ro / (bw[1] * 1e3), tFma = flops / (fma * 1e3);
        return tBw >= tFma ? (tBw, $"{CacheSizes.Name(level)} BW") : (tFma, "FMA");
    }
}
