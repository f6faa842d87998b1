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
        var peaks = ReadPeaks(peaksPath);
        var step = new List<(string Label, Dictionary<string, (double Min, long Alloc, long Flops)> Cases)>();
        var versus = new List<(string Label, List<(string Arch, int T, string Units, double Rtu, double Gru, long RtuAlloc, long GruAlloc)> Rows)>();
        foreach (var item in labelled)
        {
            int eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1) throw new CommandLineError($"table: '{item}' is not <label>=<file.tsv>.");
            string label = item[..eq], path = item[(eq + 1)..];
            // A column whose file was not written (the C reference without gcc) is left out.
            if (!File.Exists(path)) { Console.Error.WriteLine($"table: {path} not found, column {label} left out."); continue; }
            var lines = File.ReadAllLines(path);
            if (label.StartsWith("versus", StringComparison.Ordinal))
            {
                var rows = new List<(string, int, string, double, double, long, long)>();
                for (int i = 0; i < lines.Length; i++)
                {
                    var f = lines[i].Split('\t');
                    if (f.Length < 7) continue;
                    rows.Add((f[0], Int(path, i, f[1]), f[2], Real(path, i, f[3]), Real(path, i, f[4]), Long(path, i, f[5]), Long(path, i, f[6])));
                }
                versus.Add((label, rows));
                continue;
            }
            var cases = new Dictionary<string, (double, long, long)>();
            for (int i = 0; i < lines.Length; i++)
            {
                var f = lines[i].Split('\t');
                if (f.Length < 8) continue;
                if (f[0].Length == 0 || f[0].Contains(' ') || f[0].Contains('/')) throw new CommandLineError($"table: {path} line {i + 1}: '{f[0]}' is not a cell name.");
                Int(path, i, f[1]); Int(path, i, f[2]); Int(path, i, f[3]); // n/d/B, read back from the key by Bound
                string key = $"{f[0]} {f[1]}/{f[2]}/{f[3]}";
                double min = Real(path, i, f[4]);
                long alloc = Long(path, i, f[6]), flops = Long(path, i, f[7]);
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
        foreach (var (label, rows) in versus)
        {
            Console.WriteLine();
            Console.WriteLine($"RTU-RTRL vs GRU-T-BPTT at equal parameters (n = 256, d = 64, B = 1), {label}, fastest round:");
            Console.WriteLine();
            Console.WriteLine("| RTU | GRU units | T | RTU-RTRL µs | GRU-T-BPTT µs | GRU / RTU | alloc B/step RTU / GRU |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
            foreach (var g in rows.GroupBy(r => (r.Arch, r.T)))
            {
                double rtu = g.Min(r => r.Rtu), gru = g.Min(r => r.Gru);
                var f0 = g.First();
                Console.WriteLine($"| {g.Key.Arch} | {f0.Units} | {g.Key.T} | {rtu:F2} | {gru:F2} | {gru / rtu:F2} | {g.Max(r => r.RtuAlloc)} / {g.Max(r => r.GruAlloc)} |");
            }
        }
    }

    /// <summary>The file of <c>peaks</c>: fma GFLOP/s, and read+write / read GB/s of L1–L4.</summary>
    private static Dictionary<string, double[]> ReadPeaks(string path)
    {
        if (!File.Exists(path)) throw new CommandLineError($"table: peaks file {path} not found (write it with: peaks {path}).");
        var peaks = new Dictionary<string, double[]>();
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            var p = lines[i].Split('\t');
            if (p.Length < 2) continue;
            peaks[p[0]] = p[1..].Select(v => Real(path, i, v)).ToArray();
        }
        if (!peaks.TryGetValue("fma", out var fma) || fma.Length < 1
            || Enumerable.Range(1, 4).Any(l => !peaks.TryGetValue($"L{l}", out var bw) || bw.Length < 2))
            throw new CommandLineError($"table: {path} is not a peaks file (fma and L1–L4 lines, as peaks writes them).");
        return peaks;
    }

    private static double Real(string path, int line, string value) =>
        double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double x) ? x : throw Bad(path, line, value);

    private static long Long(string path, int line, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long x) ? x : throw Bad(path, line, value);

    private static int Int(string path, int line, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int x) ? x : throw Bad(path, line, value);

    private static CommandLineError Bad(string path, int line, string value) =>
        new($"table: {path} line {line + 1}: '{value}' is not a number.");

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
