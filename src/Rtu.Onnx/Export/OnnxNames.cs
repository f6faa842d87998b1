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

    /// <summary>Input name of a state.</summary>
    public static string State(string suffix) => StatePrefix + suffix;

    /// <summary>Output name of a next state.</summary>
    public static string NextState(string suffix) => NextStatePrefix + suffix;
}
