using System.Globalization;

namespace Rtu.Onnx;

/// <summary>
/// A prediction interval of the prediction head, frozen into the graph: the output
/// <c>interval_half_width_{100·Level}</c> [N,k] holds <see cref="HalfWidth"/> for every stream, so the interval of
/// output j is [point_j − HalfWidth_j, point_j + HalfWidth_j] around the point forecast the caller builds from
/// <c>prediction</c>. The half-widths are constants of the frozen model (e.g. online conformal calibration stopped at
/// export); they do not depend on the row, which is why they are broadcast rather than computed.
/// </summary>
/// <param name="Level">Nominal coverage in (0, 1), e.g. 0.8 or 0.95.</param>
/// <param name="HalfWidth">[k] half-widths, one per prediction output, ≥ 0; NaN = unknown (not yet calibrated).</param>
public sealed record PredictionIntervalWeights(double Level, float[] HalfWidth)
{
    /// <summary>The graph output's name, <c>interval_half_width_80</c> for Level 0.8 (<see cref="OnnxNames.IntervalHalfWidth"/>).</summary>
    public string OutputName => OnnxNames.IntervalHalfWidth(Level);

    internal void Validate(int predictionSize)
    {
        if (!(Level > 0 && Level < 1))
            throw new ArgumentException($"PredictionInterval.Level must lie in (0, 1), got {Level.ToString(CultureInfo.InvariantCulture)}.");
        if (HalfWidth is null) throw new ArgumentException($"PredictionInterval {OutputName}: HalfWidth is null.");
        if (HalfWidth.Length != predictionSize)
            throw new ArgumentException($"PredictionInterval {OutputName}: expected {predictionSize} half-widths (one per prediction output), got {HalfWidth.Length}.");
        foreach (var h in HalfWidth)
            if (!float.IsNaN(h) && !(h >= 0 && float.IsFinite(h)))
                throw new ArgumentException($"PredictionInterval {OutputName}: half-widths must be finite and ≥ 0 (or NaN for unknown), got {h}.");
    }
}
