namespace Rtu.Trainers.Online;

/// <summary>
/// A prediction interval frozen for an inference graph (<see cref="OnlineModelWeights.Intervals"/>): around the point
/// forecast ŷ_h the interval is [ŷ_h − w_h, ŷ_h + w_h], w_h = HalfWidth_h·ŷ_h^p, p = ScalePower_h (0: in the forecast's
/// units; ½: a multiple of its square root; 1: a fraction of it), with ReferenceLevel_h in ŷ_h's place where p &gt; 0 and
/// ŷ_h ≤ 0 (<see cref="ConformalIntervals.ScaledHalfWidth"/>).
/// </summary>
/// <param name="Level">Nominal coverage, e.g. 0.8 (<see cref="ConformalIntervals.Levels"/>).</param>
/// <param name="HalfWidth">[Horizon] half-widths c_{h,ℓ}·s_h, or c_{h,ℓ}·q_h and c_{h,ℓ}·r_h where the power is ½ or 1
/// (<see cref="ConformalIntervals.HalfWidth"/>); NaN where a horizon had too few scored forecasts.</param>
/// <param name="ScalePower">[Horizon] the power of the forecast the half-width is multiplied by
/// (<see cref="ConformalIntervals.ScalePower"/>: 0, ½ or 1); null: 0 for every horizon.</param>
/// <param name="ReferenceLevel">[Horizon] the level taken in the forecast's place where it is ≤ 0
/// (<see cref="ConformalIntervals.ReferenceLevel"/>, in the forecast's units); null: none (no interval there).</param>
public sealed record FrozenInterval(double Level, float[] HalfWidth, float[]? ScalePower = null, float[]? ReferenceLevel = null)
{
    /// <summary>The power of the forecast that horizon <paramref name="horizon"/>'s (1-based) half-width is multiplied by: 0, ½ or 1.</summary>
    public double Power(int horizon) => ScalePower is null ? 0 : ScalePower[horizon - 1];

    /// <summary>True where horizon <paramref name="horizon"/> (1-based) is relative (power 1: a fraction of the forecast).</summary>
    public bool IsRelative(int horizon) => Power(horizon) == 1;
}
