using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.Lru;

/// <summary>Options of the LRU baseline (Orvieto et al. 2023), trained online with RTRL or with T-BPTT.</summary>
public sealed record LruOptions
{
    /// <summary>Number of complex units n.</summary>
    public int Units { get; init; } = 64;

    /// <summary>Output width m of y = f(Re(h·C)); 0 means 2n (the RTU's output width, for matched heads).</summary>
    public int OutputSize { get; init; }

    /// <summary>Output activation f. Default ReLU, matching the RTU's non-linear output.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Smallest |λ| at initialisation.</summary>
    public double RMin { get; init; } = 0.0;

    /// <summary>Largest |λ| at initialisation.</summary>
    public double RMax { get; init; } = 1.0;

    /// <summary>Largest phase at initialisation.</summary>
    public double MaxPhase { get; init; } = 6.28;

    /// <summary>The output width m actually used.</summary>
    public int ResolvedOutputSize => OutputSize > 0 ? OutputSize : 2 * Units;

    internal void Validate()
    {
        Guard.Positive(Units, nameof(Units));
        if (OutputSize < 0) throw new ArgumentOutOfRangeException(nameof(OutputSize), OutputSize, "OutputSize must be ≥ 0 (0 = 2·Units).");
        if (!(RMin >= 0 && RMin < RMax && RMax <= 1))
            throw new ArgumentOutOfRangeException(nameof(RMin), $"Need 0 ≤ RMin < RMax ≤ 1, got RMin={RMin}, RMax={RMax}.");
        if (!(MaxPhase > 0)) throw new ArgumentOutOfRangeException(nameof(MaxPhase), MaxPhase, "MaxPhase must be positive.");
    }
}
