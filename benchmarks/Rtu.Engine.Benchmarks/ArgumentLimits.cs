namespace Rtu.Engine.Benchmarks;

/// <summary>
/// The ranges of the <c>direct</c>, <c>components</c> and <c>spikes</c> modes' counts, in one place. Program refuses a value outside
/// its range (or not a whole number) with one line on stderr and exit 2, before anything is measured. Each count has a
/// fixed range; the streams a run holds at once must also fit <see cref="StreamBytes"/>, from one stream's size measured
/// at the run's own units, season and horizon (a stream grows with the units, with the season and as the horizon
/// squared, so no fixed count of streams bounds the memory). Sizes measured 2026-12 on a 2-core EPYC VM with 23 GB.
/// </summary>
internal static class ArgumentLimits
{
    /// <summary>
    /// The most bytes the streams of one run may hold at once, by the measured size of one: 2 GiB. The process peaks at
    /// about 2.4 times that (peak resident memory of direct: 10,000 keys of 16 units, 0.8 GiB of streams, 1.9 GiB;
    /// 2,000 keys of 1,024 units, 3.2 GiB, 7.8 GiB), since the streams of the previous thread count or pass wait for a
    /// full collection and a new stream's first Observe allocates transient startup snapshots: a few GB in all.
    /// </summary>
    public const long StreamBytes = 2L << 30;

    /// <summary>
    /// direct: stream keys, twice the recorded runs' 10,000. At the default 16 units a key holds a forecast and a state
    /// stream, ~84 KiB together: 20,000 keys ~1.6 GiB; more units allow fewer keys (<see cref="StreamBytes"/>: 1,234 at
    /// 1,024 units, 313 at 4,096).
    /// </summary>
    public const int MaxKeys = 20_000;

    /// <summary>direct: measured Observe per key; 1,000 rounds of 20,000 keys are 2·10⁷ Observe per engine and thread count (minutes, not days).</summary>
    public const int MaxRounds = 1_000;

    /// <summary>direct: warm-up Observe per key before measuring (0: streams are created while measured; 30 or more reach the steady state).</summary>
    public const int MaxWarmRounds = 1_000;

    /// <summary>direct: units, the library's range (RtuLearnerSettings.Validate); a forecast stream grows by ~1.6 KB and a state stream by ~0.5 KB per unit.</summary>
    public const int MaxUnits = 4096;

    /// <summary>components: the season, the library's range (RtuForecasterSettings.Validate); a forecaster of season 100,000 holds ~19 MB.</summary>
    public const int MaxSeason = 100_000;

    /// <summary>components: the horizon, the library's range (RtuForecasterSettings.MaxHorizon): a forecaster's state grows as its square.</summary>
    public const int MaxHorizon = Rtu.Trainers.Online.RtuForecasterSettings.MaxHorizon;

    /// <summary>
    /// components: streams stepped in turn, ten times the default 1,000. At season 1 and horizon 1 a stream is a
    /// forecaster and an engine stream, ~115 KiB together: 10,000 streams ~1.1 GiB; a longer season or horizon allows
    /// fewer (<see cref="StreamBytes"/>: ~1 MiB a stream at season 52 and horizon 100, ~73 MiB at horizon 1,000).
    /// </summary>
    public const int MaxStreams = 10_000;

    /// <summary>spikes: rows observed before the first spike (at least a few seasons' worth is the point; the file bounds it too).</summary>
    public const int MaxSpikeRows = 1_000_000;

    /// <summary>spikes: spikes measured, each with the row after it, <see cref="SpikeCost.Spacing"/> rows apart.</summary>
    public const int MaxSpikes = 100;

    /// <summary>components: passes per part (best of); each pass steps every part over the whole file, so 100 passes of a 10,000-row file take minutes.</summary>
    public const int MaxPasses = 100;

    /// <summary>The most streams of <paramref name="bytesEach"/> bytes that fit <see cref="StreamBytes"/> (at least 1: the library's own ranges keep one stream far below it).</summary>
    public static long MostStreams(long bytesEach) => Math.Max(1, StreamBytes / Math.Max(1, bytesEach));
}
