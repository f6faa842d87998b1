using System.Globalization;

namespace Rtu.StepTable;

/// <summary>The machine peaks of the roofline, one TSV line per figure, and the cache sizes that decide the level.</summary>
internal static class PeakFile
{
    /// <summary>Writes fma (GFLOP/s) and rw/ro GB/s of L1, L2, L3, DRAM.</summary>
    public static void Write(string path)
    {
        using var writer = new StreamWriter(path);
        double fma = Peaks.FmaGflops();
        writer.WriteLine($"fma\t{fma.ToString("R", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"FMA peak ({Peaks.Width * 32}-bit): {fma:F1} GFLOP/s");
        long[] buffers = [CacheSizes.L1 / 2, CacheSizes.L2 / 2, CacheSizes.L3 / 4, 256L << 20];
        for (int level = 1; level <= 4; level++)
        {
            var (rw, ro) = Peaks.Bandwidth(buffers[level - 1]);
            writer.WriteLine($"L{level}\t{rw.ToString("R", CultureInfo.InvariantCulture)}\t{ro.ToString("R", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"{CacheSizes.Name(level)} ({buffers[level - 1] >> 10} KiB): read+write {rw:F1} GB/s, read {ro:F1} GB/s");
        }
    }
}

/// <summary>Data-cache sizes of CPU 0 from Linux sysfs (32 KiB / 1 MiB / 32 MiB when unknown).</summary>
internal static class CacheSizes
{
    public static long L1 { get; } = Read(1, 32L << 10);
    public static long L2 { get; } = Read(2, 1L << 20);
    public static long L3 { get; } = Read(3, 32L << 20);

    /// <summary>The smallest level a working set fits in: 1–3 (caches) or 4 (DRAM).</summary>
    public static int Level(long bytes) => bytes <= L1 ? 1 : bytes <= L2 ? 2 : bytes <= L3 ? 3 : 4;

    public static string Name(int level) => level == 4 ? "DRAM" : $"L{level}";

    private static long Read(int level, long fallback)
    {
        try
        {
            for (int index = 0; index < 8; index++)
            {
                string dir = $"/sys/devices/system/cpu/cpu0/cache/index{index}";
                if (!Directory.Exists(dir)) break;
                if (File.ReadAllText(Path.Combine(dir, "level")).Trim() != level.ToString(CultureInfo.InvariantCulture)) continue;
                if (File.ReadAllText(Path.Combine(dir, "type")).Trim() == "Instruction") continue;
                string text = File.ReadAllText(Path.Combine(dir, "size")).Trim();
                long scale = text.EndsWith('K') ? 1024 : text.EndsWith('M') ? 1024 * 1024 : 1;
                if (long.TryParse(text.TrimEnd('K', 'M'), out long value)) return value * scale;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return fallback;
    }
}
