using System.Diagnostics;
using Rtu.StepTable;
using Rtu.Trainers.Online;

namespace Rtu.Engine.Benchmarks;

/// <summary>
/// What a possible spike costs a forecaster (issue 13): a value that may be a spike has the forecaster write a snapshot of
/// itself, and the next value may read it back one to three times (SpikeRewind). After <c>rows</c> rows of the file, each
/// of <c>spikes</c> gross spikes (the row's value plus 100 standard deviations of the column, 40 rows apart) is measured
/// with the row after it: bytes allocated on the calling thread and wall time, best and median. Also a forecaster's
/// <c>Save</c> and <c>Load</c> at that point (mean of 20 after 30 that let the JIT optimise them), and a new stream's
/// first row (its startup snapshots), the first in the process and the next. The spikes' rows run code as rarely
/// called as in an application (partly unoptimised by the JIT). Wall time: run it on a quiet machine.
/// </summary>
public static class SpikeCost
{
    // Save and Load calls before the measured ones: the JIT's tiering optimises a method after 30 calls.
    private const int Warm = 30;

    /// <summary>Rows between spikes: each spike's hold and replays are over well before the next.</summary>
    public const int Spacing = 40;

    /// <summary>Measures on column <paramref name="column"/> of <paramref name="path"/> (a bad file or column: <see cref="CommandLineError"/>).</summary>
    public static void Run(string path, string column, int season, int horizon, int rows, int spikes)
    {
        double[] y = ForecasterComponents.ReadColumn(path, column, "spikes");
        int needed = rows + Spacing * spikes + 2;
        if (y.Length < needed)
            throw new CommandLineError($"spikes: {Path.GetFileName(path)} has {y.Length:N0} rows; {rows:N0} rows and {spikes} spikes {Spacing} rows apart need {needed:N0}.");
        var finite = y.Where(double.IsFinite).ToArray();
        double mean = finite.Average(), sd = Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, finite.Length - 1));
        if (!(sd > 0)) sd = 1;
        var settings = ForecasterComponents.Settings(season, horizon);
        var forecast = new float[horizon];
        Console.WriteLine($"{Path.GetFileName(path)} ({column}): season {season}, horizon {horizon}; {rows:N0} rows, then {spikes} spikes of 100 sd ({100 * sd:G4}) {Spacing} rows apart");

        // A new stream's first row, twice: the first in this process (the shared array pool empty) and the next.
        for (int i = 0; i < 2; i++)
        {
            var fresh = new RtuForecaster(settings);
            var (bytes, ms) = Measure(() => fresh.Observe(y[0], default, true, forecast, default));
            Console.WriteLine($"{(i == 0 ? "a new stream's first row (first in the process, JIT too)" : "a new stream's first row (the next)"),-58} {ms,9:F2} ms {bytes / 1048576.0,9:F2} MiB");
        }

        var f = new RtuForecaster(settings);
        for (int t = 0; t < rows; t++) f.Observe(y[t], default, true, forecast, default);
        var saved = new MemoryStream();
        double saveMs = 0, loadMs = 0;
        for (int i = 0; i < Warm + 20; i++)
        {
            saved.SetLength(0);
            var sw = Stopwatch.StartNew();
            using (var w = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true)) f.Save(w);
            double s = sw.Elapsed.TotalMilliseconds;
            saved.Position = 0;
            sw.Restart();
            using (var r = new BinaryReader(saved, System.Text.Encoding.UTF8, leaveOpen: true)) RtuForecaster.Load(r);
            double l = sw.Elapsed.TotalMilliseconds;
            if (i >= Warm) { saveMs += s / 20; loadMs += l / 20; }
        }
        Console.WriteLine($"{$"Save / Load after {rows:N0} rows ({saved.Length / 1024.0:N0} kB, mean of 20 after {Warm})",-58} {saveMs * 1000,9:F1} µs {loadMs * 1000,9:F1} µs");

        var bytesPerSpike = new List<long>();
        var msPerSpike = new List<double>();
        int at = rows;
        for (int k = 0; k < spikes; k++)
        {
            int spike = rows + Spacing * k;
            for (; at < spike; at++) f.Observe(y[at], default, true, forecast, default);
            GC.Collect();
            double value = (double.IsFinite(y[spike]) ? y[spike] : mean) + 100 * sd;
            var (bytes, ms) = Measure(() =>
            {
                f.Observe(value, default, true, forecast, default);
                f.Observe(y[spike + 1], default, true, forecast, default);
            });
            at = spike + 2;
            bytesPerSpike.Add(bytes); msPerSpike.Add(ms);
        }
        bytesPerSpike.Sort(); msPerSpike.Sort();
        Console.WriteLine($"{"a spike's row and the next, best (median)",-58} {msPerSpike[0],9:F2} ms ({msPerSpike[spikes / 2]:F2}) {bytesPerSpike[0] / 1048576.0,9:F2} MiB ({bytesPerSpike[spikes / 2] / 1048576.0:F2})");
    }

    private static (long Bytes, double Ms) Measure(Action run)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        run();
        sw.Stop();
        return (GC.GetAllocatedBytesForCurrentThread() - before, sw.Elapsed.TotalMilliseconds);
    }
}
