using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>Options of the gated RTU (docs/GATED_RTU.md).</summary>
public sealed record GatedRtuOptions
{
    /// <summary>Number of complex units n (the real state and the output have 2n entries).</summary>
    public int Units { get; init; } = 64;

    /// <summary>Activation f on the output y = f([h1, h2]) (the recurrence itself is linear in h given the gates).</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Smallest |λ_t| at initialisation for a fully open decay gate (a = 1); a closing gate moves |λ_t| towards 1.</summary>
    public double RMin { get; init; } = 0.0;

    /// <summary>Largest |λ_t| at initialisation for a fully open decay gate (a = 1).</summary>
    public double RMax { get; init; } = 1.0;

    /// <summary>Largest phase of λ_t at initialisation for a fully open decay gate.</summary>
    public double MaxPhase { get; init; } = 6.28;

    /// <summary>The constant c of λ_t = λ^{c·a_t} (Griffin's RG-LRU uses 8).</summary>
    public double GateScale { get; init; } = 8.0;

    /// <summary>
    /// True (default): each unit's gates also see that unit's own previous energy e = h1² + h2², as log(1 + e),
    /// through one weight per gate and unit (p_a, p_i), so a unit can tell "empty" from "holding" and write once. False: gates see only x_t,
    /// as in Griffin's RG-LRU (p_a and p_i stay 0 and are not learned).
    /// </summary>
    public bool StateFeedback { get; init; } = true;

    internal void Validate()
    {
        Guard.Positive(Units, nameof(Units));
        if (!(RMin >= 0 && RMin < RMax && RMax <= 1))
            throw new ArgumentOutOfRangeException(nameof(RMin), $"Need 0 ≤ RMin < RMax ≤ 1, got RMin={RMin}, RMax={RMax}.");
        if (!(MaxPhase > 0)) throw new ArgumentOutOfRangeException(nameof(MaxPhase), MaxPhase, "MaxPhase must be positive.");
        if (!(GateScale > 0 && double.IsFinite(GateScale)))
            throw new ArgumentOutOfRangeException(nameof(GateScale), GateScale, "GateScale c must be positive and finite.");
    }
}
