using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Hostile saved states of the pool's layout-15 members (the fitted drift, the damped trend, the classical indices):
/// every byte offset of a fitted state overwritten with each extreme double. A load must refuse with
/// <see cref="InvalidDataException"/> or give a member that keeps working: its next update does not throw, and once
/// ready its forecasts (the indices, adjusted and reseasonalised values) are not NaN. The whole-file fuzz (Rtu.MLNet's FuzzTests)
/// rarely lands in these few hundred bytes of a checkpoint; this covers every offset.
/// </summary>
[TestClass]
public sealed class Layout15MemberStateFuzzTests
{
    private static readonly double[] Extremes = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.MaxValue, 1e300, -1e300, 0, -1];

    private static readonly double[] Series = SeasonalSeries.Quarterly(40, 6);

    private static byte[] Saved(Action<BinaryWriter> save)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) save(w);
        return ms.ToArray();
    }

    // Runs load on every edit of state; returns the failures (neither a refusal nor a working member).
    private static List<string> Fuzz(byte[] state, Action<BinaryReader> load, Func<IEnumerable<double>> stepAndForecast)
    {
        var failures = new List<string>();
        foreach (double extreme in Extremes)
            for (int at = 0; at + 8 <= state.Length; at++)
            {
                var bytes = (byte[])state.Clone();
                BitConverter.GetBytes(extreme).CopyTo(bytes, at);
                try { load(new BinaryReader(new MemoryStream(bytes))); }
                catch (InvalidDataException) { continue; }
                catch (Exception e) { failures.Add($"{extreme} at {at}: load threw {e.GetType().Name}: {e.Message}"); continue; }
                try
                {
                    if (stepAndForecast().Any(double.IsNaN)) failures.Add($"{extreme} at {at}: NaN after a successful load");
                }
                catch (Exception e) { failures.Add($"{extreme} at {at}: {e.GetType().Name} after a successful load: {e.Message}"); }
            }
        return failures;
    }

    [TestMethod]
    public void FittedDriftSmoothing()
    {
        var fitted = new FittedDriftSmoothing(3);
        foreach (double v in Series) fitted.Update(v, learn: true);
        var member = new FittedDriftSmoothing(3);
        var path = new double[3];
        var failures = Fuzz(Saved(fitted.Save), member.Load, () => { member.Update(Series[^1], learn: true); member.Forecast(path); return member.Ready ? path : []; });
        Assert.IsEmpty(failures, string.Join("\n", failures.Take(20)) + $"\n({failures.Count} in all)");
    }

    [TestMethod]
    public void FittedDampedTrend()
    {
        var fitted = new FittedDampedTrend(3);
        foreach (double v in Series) fitted.Update(v, learn: true);
        var member = new FittedDampedTrend(3);
        var path = new double[3];
        var failures = Fuzz(Saved(fitted.Save), member.Load, () => { member.Update(Series[^1], learn: true); member.Forecast(path); return member.Ready ? path : []; });
        Assert.IsEmpty(failures, string.Join("\n", failures.Take(20)) + $"\n({failures.Count} in all)");
    }

    [TestMethod]
    public void ClassicalSeasonalIndices()
    {
        var fitted = new ClassicalSeasonalIndices(4);
        foreach (double v in Series) fitted.Update(v);
        var member = new ClassicalSeasonalIndices(4);
        var failures = Fuzz(Saved(fitted.Save), member.Load, () =>
        {
            member.Update(Series[^1]);
            return Enumerable.Range(0, 4).SelectMany(p => new[] { member.IndexOf(p), member.Adjust(Series[p], p), member.Reseasonalise(Series[p], p) });
        });
        Assert.IsEmpty(failures, string.Join("\n", failures.Take(20)) + $"\n({failures.Count} in all)");
    }
}
