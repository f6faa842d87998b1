namespace Rtu.Onnx.Runtime;

/// <summary>Options of <see cref="OnnxRecurrentRunner"/>.</summary>
public sealed record OnnxRunnerOptions
{
    /// <summary>Try the CUDA execution provider first (falls back to CPU when unavailable). Default true.</summary>
    public bool PreferCuda { get; init; } = true;

    /// <summary>CUDA device ordinal. Default 0.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>ONNX Runtime intra-op threads. Default 1 (the graphs are tiny; more threads cost more than they save).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>When set, the width the <c>obs</c> input must have.</summary>
    public int? ObservationSize { get; init; }

    /// <summary>When set, exactly these state inputs (name → width, e.g. "state_h1" → 8) must exist.</summary>
    public IReadOnlyDictionary<string, int>? StateSizes { get; init; }

    /// <summary>When set, these (non-state) outputs must exist, e.g. "logits", "value".</summary>
    public IReadOnlyCollection<string>? RequiredOutputs { get; init; }
}
