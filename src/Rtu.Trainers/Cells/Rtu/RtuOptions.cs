using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>Options shared by the linear and non-linear RTU (spec §1).</summary>
public sealed record RtuOptions
{
    /// <summary>Number of complex units n (the real state and the output have 2n entries).</summary>
    public int Units { get; init; } = 64;

    /// <summary>Activation f: on the output (linear RTU) or inside the recurrence (non-linear RTU). Default ReLU, as in the reference agents.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Smallest |λ| at initialisation (ring initialisation, uniform in area).</summary>
    public double RMin { get; init; } = 0.0;

    /// <summary>Largest |λ| at initialisation.</summary>
    public double RMax { get; init; } = 1.0;

    /// <summary>Largest phase θ at initialisation.</summary>
    public double MaxPhase { get; init; } = 6.28;

    /// <summary>Reproduce the reference code's θ_log gradient without the θ chain factor (spec §2). Off: exact gradient.</summary>
    public bool ReferenceThetaGradient { get; init; }

    internal void Validate()
    {
        Guard.Positive(Units, nameof(Units));
        if (!(RMin >= 0 && RMin < RMax && RMax <= 1))
            throw new ArgumentOutOfRangeException(nameof(RMin), $"Need 0 ≤ RMin < RMax ≤ 1, got RMin={RMin}, RMax={RMax}.");
        if (!(MaxPhase > 0)) throw new ArgumentOutOfRangeException(nameof(MaxPhase), MaxPhase, "MaxPhase must be positive.");
    }
}
