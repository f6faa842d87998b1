namespace Rtu.Trainers.Tests.Online;

/// <summary>The series outside audits of keyed streams fed their bad values into, one place for the tests that replay them.</summary>
internal static class AuditSeries
{
    /// <summary>The audit's monthly series at row <paramref name="t"/>: a level of 10, a season of ±30 %, noise and a slow rise.</summary>
    public static double Monthly(int t)
    {
        var rng = new Random(700_021 + t);
        return 10 * (1 + 0.3 * Math.Sin(2 * Math.PI * t / 12 + 7)) + 0.5 * (2 * rng.NextDouble() - 1) + 0.02 * 10 * t / 12.0;
    }
}
