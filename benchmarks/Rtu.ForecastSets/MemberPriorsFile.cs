using System.Globalization;
using Rtu.Trainers.Online;

// --priors DIR|FILE: the forecast pool's member priors read from the files that
// samples/Rtu.Forecasting/scripts/candidate_prior_screen.py DUMP --priors OUT writes, one "ns|s<TAB>member<TAB>b" per line
// (ns: pools without a season, s: with one; member: a ForecastPool.MemberNames entry with ',' written ';', as a member
// dump's header has it; b: the log prior, the member's one-step weight multiplied by e^b; a member not listed: b = 0).
// Given a folder, each set S is run with DIR/priors_S.txt (the priors fitted without S: the series never seen); given a
// file, every set with it (priors_final.txt: the priors fitted on every set, what ForecastPool.MemberPriors holds). The
// priors replace the current layout's tables in the pools created after (ForecastPool.PriorsOverride).
internal static class MemberPriorsFile
{
    // The file set `set` runs with: null without --priors.
    public static string? PathFor(string? priors, string set) =>
        priors is null ? null : Directory.Exists(priors) ? Path.Combine(priors, $"priors_{set}.txt") : priors;

    // Checks before anything runs that every set has its file and that each reads.
    public static void Check(string? priors, IEnumerable<string> sets)
    {
        if (priors is null) return;
        if (!Directory.Exists(priors) && !File.Exists(priors)) throw new FileNotFoundException($"--priors {priors}: no such folder or file.");
        foreach (string set in sets) Read(PathFor(priors, set)!);
    }

    // Sets the pools' priors for the runs of set `set` (none: the shipped tables).
    public static void Use(string? priors, string set) =>
        ForecastPool.PriorsOverride = PathFor(priors, set) is { } path ? Read(path) : null;

    public static (double[] NonSeasonal, double[] Seasonal) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--priors: no {path} (candidate_prior_screen.py DUMP --priors OUT writes priors_SET.txt per set).");
        var names = ForecastPool.MemberNames.Select(n => n.Replace(',', ';')).ToList();
        var ns = new double[ForecastPool.MemberCount];
        var s = new double[ForecastPool.MemberCount];
        Array.Fill(ns, 1.0); Array.Fill(s, 1.0);
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0) continue;
            var f = line.Split('\t');
            if (f.Length != 3 || f[0] is not ("ns" or "s"))
                throw new InvalidDataException($"{path}:{number}: not \"ns|s<TAB>member<TAB>b\".");
            int member = names.IndexOf(f[1]);
            if (member < 0) throw new InvalidDataException($"{path}:{number}: no member '{f[1]}' in ForecastPool.MemberNames.");
            if (!double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double b) || !double.IsFinite(b))
                throw new InvalidDataException($"{path}:{number}: b '{f[2]}' is not a number.");
            (f[0] == "ns" ? ns : s)[member] = Math.Exp(b);
        }
        return (ns, s);
    }
}
