using Rtu.Trainers.Cells;

namespace Rtu.Trainers.Online;

/// <summary>
/// An online model frozen for a one-step inference graph, described without any graph format (Rtu.Trainers does not
/// reference Rtu.Onnx; the ML.NET adapter turns this into ONNX weights): raw <c>obs</c> → standardised
/// (obs − <see cref="InputMean"/>) / <see cref="InputScale"/>, clamped to ±<see cref="InputClip"/>, missing values
/// imputed by the mean → the recurrent <see cref="Layer"/> on the first <c>Layer.InputSize</c> standardised columns
/// (it ignores the rest) → linear heads over [state; standardised obs] (or the state alone) → prediction =
/// <see cref="OutputScale"/> · head + <see cref="OutputOffset"/>.
/// </summary>
/// <remarks>
/// <see cref="Layer"/> is the model's live layer: read its parameters at once (e.g. with
/// <c>TrainedModelExport.FromLayer</c>); every array is a copy.
/// </remarks>
public sealed record OnlineModelWeights
{
    /// <summary>Width of the raw <c>obs</c> row.</summary>
    public int ObservationSize => InputMean.Length;

    /// <summary>Mean of each <c>obs</c> column (the frozen running statistics).</summary>
    public required float[] InputMean { get; init; }

    /// <summary>Scale (&gt; 0) of each <c>obs</c> column.</summary>
    public required float[] InputScale { get; init; }

    /// <summary>Standardised values are clamped to ±InputClip.</summary>
    public required double InputClip { get; init; }

    /// <summary>The recurrent layer (batch of one stream); it reads the first <c>Layer.InputSize</c> standardised columns.</summary>
    public required IRecurrentLayer<float> Layer { get; init; }

    /// <summary>The heads read [state; standardised obs] (true) or the state alone.</summary>
    public required bool HeadSeesInputs { get; init; }

    /// <summary>
    /// Head weights, [HeadInputSize × Outputs] row-major, HeadInputSize = state width + (HeadSeesInputs ? ObservationSize : 0);
    /// null for a pure feature map (no prediction).
    /// </summary>
    public float[]? HeadWeights { get; init; }

    /// <summary>Head bias [Outputs]; null with <see cref="HeadWeights"/>.</summary>
    public float[]? HeadBias { get; init; }

    /// <summary>prediction_h = OutputScale[h]·head_h + OutputOffset[h] (into the caller's units); null with <see cref="HeadWeights"/>.</summary>
    public float[]? OutputScale { get; init; }

    /// <summary>See <see cref="OutputScale"/>.</summary>
    public float[]? OutputOffset { get; init; }

    /// <summary>
    /// Frozen prediction intervals around the final forecasts (one per level, [Outputs] half-widths each, in the
    /// forecast's units), for a graph that emits them next to the prediction; null: none.
    /// </summary>
    public IReadOnlyList<FrozenInterval>? Intervals { get; init; }
}
