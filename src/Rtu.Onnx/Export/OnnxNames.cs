namespace Rtu.Onnx;

/// <summary>Tensor names used by the exported graphs and expected by the runner.</summary>
public static class OnnxNames
{
    /// <summary>Observation input [N, d_obs].</summary>
    public const string Observation = "obs";

    /// <summary>Prefix of state inputs.</summary>
    public const string StatePrefix = "state_";

    /// <summary>Prefix of next-state outputs.</summary>
    public const string NextStatePrefix = "next_state_";

    /// <summary>Prediction head output [N, k].</summary>
    public const string Prediction = "prediction";

    /// <summary>Discrete actor output [N, A].</summary>
    public const string Logits = "logits";

    /// <summary>Continuous actor mean [N, A].</summary>
    public const string Mean = "mean";

    /// <summary>Continuous actor log standard deviation, broadcast to [N, A].</summary>
    public const string LogStd = "log_std";

    /// <summary>Cell output [N, k] (with <see cref="RecurrentModelWeights.OutputFeatures"/>).</summary>
    public const string Features = "features";

    /// <summary>Critic output [N, 1].</summary>
    public const string Value = "value";

    /// <summary>
    /// Metadata key that, set to "true", has <see cref="Runtime.OnnxRecurrentRunner"/> refuse a non-finite observation
    /// (a policy graph: the C# policy refuses one too, and the graph would carry the NaN in that stream's state until
    /// its reset). Graphs without it (predictors, forecasters, state features) pass NaN through as a missing value.
    /// </summary>
    public const string FiniteObservationsKey = "obs_must_be_finite";

    /// <summary>Prefix of the prediction-interval half-width outputs [N, k] (<see cref="PredictionIntervalWeights"/>).</summary>
    public const string IntervalHalfWidthPrefix = "interval_half_width_";

    /// <summary>
    /// Output name of the interval half-widths at <paramref name="level"/>: the level in percent, "." written as "_"
    /// (0.8 → <c>interval_half_width_80</c>, 0.95 → <c>interval_half_width_95</c>, 0.975 → <c>interval_half_width_97_5</c>).
    /// </summary>
    public static string IntervalHalfWidth(double level) =>
        IntervalHalfWidthPrefix + Math.Round(level * 100, 6).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture).Replace('.', '_');

    /// <summary>Input name of a state.</summary>
    public static string State(string suffix) => StatePrefix + suffix;

    /// <summary>Output name of a next state.</summary>
    public static string NextState(string suffix) => NextStatePrefix + suffix;
}
