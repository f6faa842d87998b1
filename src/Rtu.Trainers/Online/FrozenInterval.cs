namespace Rtu.Trainers.Online;

/// <summary>
/// A prediction interval frozen for an inference graph (<see cref="OnlineModelWeights.Intervals"/>): around the point
/// forecast ŷ_h the interval is [ŷ_h − HalfWidth_h, ŷ_h + HalfWidth_h], in the forecast's units.
/// </summary>
/// <param name="Level">Nominal coverage, e.g. 0.8 (<see cref="ConformalIntervals.Levels"/>).</param>
/// <param name="HalfWidth">[Horizon] half-widths c_{h,ℓ}·s_h (<see cref="ConformalIntervals.HalfWidth"/>); NaN where a
/// horizon had too few scored forecasts.</param>
public sealed record FrozenInterval(double Level, float[] HalfWidth);
