namespace Rtu.Trainers.Online;

/// <summary>
/// A prediction interval frozen for an inference graph (<see cref="OnlineModelWeights.Intervals"/>): around the point
/// forecast ŷ_h the interval is [ŷ_h − HalfWidth_h, ŷ_h + HalfWidth_h], in the forecast's units, or, where
/// Relative_h, [ŷ_h − HalfWidth_h·ŷ_h, ŷ_h + HalfWidth_h·ŷ_h], with ReferenceLevel_h in ŷ_h's place where ŷ_h ≤ 0.
/// </summary>
/// <param name="Level">Nominal coverage, e.g. 0.8 (<see cref="ConformalIntervals.Levels"/>).</param>
/// <param name="HalfWidth">[Horizon] half-widths c_{h,ℓ}·s_h, or fractions c_{h,ℓ}·r_h of the forecast where relative
/// (<see cref="ConformalIntervals.HalfWidth"/>); NaN where a horizon had too few scored forecasts.</param>
/// <param name="Relative">[Horizon] whether the horizon's half-width is a fraction of the forecast
/// (<see cref="ConformalIntervals.IsRelative"/>); null: none is.</param>
/// <param name="ReferenceLevel">[Horizon] the level a relative half-width is a fraction of where the forecast is ≤ 0
/// (<see cref="ConformalIntervals.ReferenceLevel"/>, in the forecast's units); null: none (no interval there).</param>
public sealed record FrozenInterval(double Level, float[] HalfWidth, bool[]? Relative = null, float[]? ReferenceLevel = null)
{
    /// <summary>True where horizon <paramref name="horizon"/> (1-based) is relative.</summary>
    public bool IsRelative(int horizon) => Relative is not null && Relative[horizon - 1];
}
