namespace Rtu.Trainers.Numerics;

/// <summary>Order statistics of small spans (the robust judgements of spikes and seasons), without allocation.</summary>
internal static class OrderStatistics
{
    /// <summary>The median of <paramref name="values"/> (at least one), which it sorts in place.</summary>
    public static double Median(Span<double> values)
    {
        values.Sort();
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : values[n / 2 - 1] / 2 + values[n / 2] / 2;
    }
}
