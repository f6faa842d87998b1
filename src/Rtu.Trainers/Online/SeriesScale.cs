namespace Rtu.Trainers.Online;

/// <summary>
/// Whether a running scale (a mean absolute change, a standard deviation) is one, judged in the series' own units: above
/// <see cref="Floor"/> times the size of the values it scales. The members and the RTU's normaliser divide by such scales
/// and take 1 where there is none (a constant series has none).
/// </summary>
/// <remarks>
/// An absolute floor (10⁻¹² for a scale, 10⁻²⁴ for a variance) took every scale of a series measured in very small units
/// for none, so its members were fitted in the wrong units (60 monthly values of a noisy sine times 10^e: MASE against
/// naive 0.636 at e = 0, 0.637 at −10, 0.657 at −13, 0.659 at −15, 0.721 at −20, 0.671 at −30, an outside audit; now 0.636 at
/// each, a test); relative to the values' size, the floor is the same at every scale. A series of size 1 keeps its floor;
/// the development sets' forecasts and screens are unchanged bit for bit.
/// </remarks>
internal static class SeriesScale
{
    /// <summary>A scale at or below this fraction of the values' size is none (rounding, or a constant run's decay).</summary>
    public const double Floor = 1e-12;

    /// <summary>Whether <paramref name="scale"/> is a scale for values of size <paramref name="size"/> (its absolute value; a non-finite size counts as 0).</summary>
    public static bool IsScale(double scale, double size) => scale > 0 && scale > Floor * (double.IsFinite(size) ? Math.Abs(size) : 0);

    /// <summary><paramref name="scale"/> where it is one (<see cref="IsScale"/>), else 1.</summary>
    public static double OrOne(double scale, double size) => IsScale(scale, size) ? scale : 1;
}
