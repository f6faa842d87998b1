namespace Rtu.Onnx;

/// <summary>
/// Standardisation of the raw observation inside the graph: obs_n = (obs − Mean) / Std, optionally clamped to
/// ±<see cref="Clip"/>. Mean and Std are [d_obs] (the running statistics frozen at export), Std &gt; 0.
/// </summary>
public sealed record InputNormalizationWeights(float[] Mean, float[] Std, float? Clip = null)
{
    /// <summary>
    /// When true, a non-finite observation value (NaN or ±∞, i.e. missing) is replaced by <see cref="Mean"/> before
    /// standardisation, so it normalises to 0 (mean imputation, as an online normaliser that skips missing values does).
    /// When false (default) a NaN propagates through the graph.
    /// </summary>
    public bool ImputeNonFinite { get; init; }

    internal void Validate(int observationSize)
    {
        Check.Length(Mean, observationSize, $"InputNormalization.Mean [{observationSize}]");
        Check.Length(Std, observationSize, $"InputNormalization.Std [{observationSize}]");
        foreach (var s in Std)
            if (!(s > 0)) throw new ArgumentException($"InputNormalization.Std: every value must be positive, got {s}.");
        if (Clip is float c && !(c > 0 && float.IsFinite(c)))
            throw new ArgumentException($"InputNormalization.Clip must be positive and finite, got {c}.");
    }
}

/// <summary>
/// A whole model: optional input normalisation → optional input MLP (obs → x) → cell → heads.
/// </summary>
/// <param name="ObservationSize">Width d_obs of the <c>obs</c> input.</param>
/// <param name="InputMlp">Optional MLP from obs to the cell input.</param>
/// <param name="Cell">The recurrent or memoryless cell.</param>
/// <param name="Heads">Prediction head or actor-critic heads; null only when <see cref="OutputFeatures"/> is true (a pure feature map).</param>
/// <param name="InputNormalization">Optional standardisation of <c>obs</c>, applied first.</param>
public sealed record RecurrentModelWeights(int ObservationSize, MlpWeights? InputMlp, CellWeights Cell, HeadWeights? Heads,
    InputNormalizationWeights? InputNormalization = null)
{
    /// <summary>
    /// When true the heads read concat(cell output, cell input) — a linear skip path from the (normalised) cell input
    /// to the heads — instead of the cell output alone; their input width is then Cell.OutputSize + Cell.InputSize.
    /// Default false.
    /// </summary>
    public bool HeadSkipConnection { get; init; }

    /// <summary>
    /// When true the graph also outputs the cell output as <c>features [N, Cell.OutputSize]</c> (e.g. the RTU state
    /// features y = act(concat(h1, h2))). Default false.
    /// </summary>
    public bool OutputFeatures { get; init; }

    /// <summary>
    /// Frozen prediction intervals of the prediction head (needs <see cref="PredictionHeadWeights"/>): one graph output
    /// <c>interval_half_width_*</c> [N,k] per level, after <c>features</c> and before <c>next_state_*</c>. Default none.
    /// </summary>
    public IReadOnlyList<PredictionIntervalWeights>? PredictionIntervals { get; init; }

    /// <summary>Extra metadata properties written into the model (they may not replace the exporter's own keys).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Width of the heads' input: the cell output, plus the cell input with <see cref="HeadSkipConnection"/>.</summary>
    public int HeadInputSize => Cell.OutputSize + (HeadSkipConnection ? Cell.InputSize : 0);
}

internal static class Check
{
    public static void Length(float[]? a, long expected, string what)
    {
        if (a is null) throw new ArgumentException($"{what}: array is null.");
        if (a.Length != expected)
            throw new ArgumentException($"{what}: expected {expected} values, got {a.Length}.");
        foreach (var v in a)
            if (!float.IsFinite(v)) throw new ArgumentException($"{what}: contains a non-finite value ({v}).");
    }
}
