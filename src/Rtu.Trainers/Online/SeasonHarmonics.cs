using System.Collections.Concurrent;

namespace Rtu.Trainers.Online;

/// <summary>
/// The cosines and sines of a season's first harmonics at every phase, [phase][2·harmonics] (cos, sin of harmonic k at
/// angle 2πk·phase/M), computed once per (M, harmonics) and shared: the table is the same for every series with that
/// season, and a week of hours (M = 168, 4 harmonics) is 10.7 KB, which each forecast pool held before (a quarter of
/// an hourly stream's memory). Read it only.
/// </summary>
internal static class SeasonHarmonics
{
    private static readonly ConcurrentDictionary<(int Season, int Harmonics), double[]> Tables = new();

    /// <summary>The shared table of season <paramref name="season"/> (≥ 1) with <paramref name="harmonics"/> harmonics.</summary>
    public static double[] Table(int season, int harmonics) => Tables.GetOrAdd((season, harmonics), static key => Compute(key.Season, key.Harmonics));

    private static double[] Compute(int season, int harmonics)
    {
        var table = new double[season * 2 * harmonics];
        for (int phase = 0; phase < season; phase++)
            for (int k = 1; k <= harmonics; k++)
            {
                double angle = 2 * Math.PI * k * phase / season;
                table[(phase * harmonics + k - 1) * 2] = Math.Cos(angle);
                table[(phase * harmonics + k - 1) * 2 + 1] = Math.Sin(angle);
            }
        return table;
    }
}
