using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Environments.Conditioning;

/// <summary>
/// Timing shared by the conditioning streams (Rafiee et al.): every interval is inclusive and in time steps. Defaults
/// are ISI [7, 13], ITI [80, 120], γ = 0.9, CS 4 steps, US 2 steps, distractors 4 steps.
/// </summary>
public abstract record ConditioningOptions
{
    /// <summary>The most distractors the reference code supports.</summary>
    public const int MaxDistractors = 10;

    /// <summary>Shortest CS-onset-to-US-onset interval.</summary>
    public int IsiMin { get; init; } = 7;

    /// <summary>Longest CS-onset-to-US-onset interval.</summary>
    public int IsiMax { get; init; } = 13;

    /// <summary>Shortest US-onset-to-next-trial interval.</summary>
    public int ItiMin { get; init; } = 80;

    /// <summary>Longest US-onset-to-next-trial interval.</summary>
    public int ItiMax { get; init; } = 120;

    /// <summary>Discount of the prediction target.</summary>
    public double Gamma { get; init; } = 0.9;

    /// <summary>Steps each CS stays on.</summary>
    public int CsLength { get; init; } = 4;

    /// <summary>Steps the US stays on.</summary>
    public int UsLength { get; init; } = 2;

    /// <summary>Steps each distractor stays on.</summary>
    public int DistractorLength { get; init; } = 4;

    /// <summary>Number of distractor signals, 0 … <see cref="MaxDistractors"/>.</summary>
    public int NumDistractors { get; init; } = MaxDistractors;

    /// <summary>Throws when a field is out of range; the message names the field and the value.</summary>
    public virtual void Validate()
    {
        Guard.Positive(IsiMin, nameof(IsiMin));
        if (IsiMax < IsiMin) throw new ArgumentOutOfRangeException(nameof(IsiMax), IsiMax, $"IsiMax must be ≥ IsiMin ({IsiMin}).");
        Guard.Positive(ItiMin, nameof(ItiMin));
        if (ItiMax < ItiMin) throw new ArgumentOutOfRangeException(nameof(ItiMax), ItiMax, $"ItiMax must be ≥ ItiMin ({ItiMin}).");
        if (!(Gamma >= 0 && Gamma < 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "Gamma must be in [0, 1).");
        Guard.Positive(CsLength, nameof(CsLength));
        Guard.Positive(UsLength, nameof(UsLength));
        Guard.Positive(DistractorLength, nameof(DistractorLength));
        if (NumDistractors is < 0 or > MaxDistractors)
            throw new ArgumentOutOfRangeException(nameof(NumDistractors), NumDistractors,
                $"NumDistractors must be in [0, {MaxDistractors}].");
    }
}

/// <summary>Options of <see cref="TraceConditioning"/> (one CS, Poisson-like distractors).</summary>
public sealed record TraceConditioningOptions : ConditioningOptions
{
    /// <summary>The reference experiment's settings for a nominal ISI (see <see cref="ConditioningDefaults"/>).</summary>
    public static TraceConditioningOptions ForIsi(int isi)
    {
        (int lo, int hi) = ConditioningDefaults.IsiRange(isi);
        return new TraceConditioningOptions { IsiMin = lo, IsiMax = hi, Gamma = ConditioningDefaults.GammaForIsi(isi) };
    }
}

/// <summary>Options of <see cref="TracePatterning"/> (m CSs, stored activation patterns, coinciding distractors).</summary>
public sealed record TracePatterningOptions : ConditioningOptions
{
    /// <summary>Number of CSs m (even, 2 … 20).</summary>
    public int NumCs { get; init; } = 6;

    /// <summary>Number K of stored activation patterns, drawn once per seed from the C(m, m/2) half-on vectors.</summary>
    public int NumActivationPatterns { get; init; } = 10;

    /// <summary>Overall fraction of trials whose CS vector is a stored pattern (the reference uses 0.5).</summary>
    public double ActivationProbability { get; init; } = 0.5;

    /// <summary>Probability of flipping each trial's US decision (0 = deterministic rule).</summary>
    public double Noise { get; init; }

    /// <summary>NoisyPatterning: the ISI is fixed to <see cref="ConditioningOptions.CsLength"/> (ISI range ignored).</summary>
    public bool NoisyPatterning { get; init; }

    /// <summary>The reference experiment's settings for a nominal ISI (see <see cref="ConditioningDefaults"/>).</summary>
    public static TracePatterningOptions ForIsi(int isi)
    {
        (int lo, int hi) = ConditioningDefaults.IsiRange(isi);
        return new TracePatterningOptions { IsiMin = lo, IsiMax = hi, Gamma = ConditioningDefaults.GammaForIsi(isi) };
    }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (NumCs < 2 || NumCs > 20 || NumCs % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(NumCs), NumCs, "NumCs must be even and in [2, 20].");
        long combinations = ConditioningDefaults.Binomial(NumCs, NumCs / 2);
        if (NumActivationPatterns < 1 || NumActivationPatterns > combinations)
            throw new ArgumentOutOfRangeException(nameof(NumActivationPatterns), NumActivationPatterns,
                $"NumActivationPatterns must be in [1, C({NumCs}, {NumCs / 2}) = {combinations}].");
        if (!(ActivationProbability > 0 && ActivationProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(ActivationProbability), ActivationProbability, "ActivationProbability must be in (0, 1].");
        double total = Math.Pow(2, NumCs);
        if (total * ActivationProbability < NumActivationPatterns)
            throw new ArgumentOutOfRangeException(nameof(ActivationProbability), ActivationProbability,
                $"ActivationProbability must be ≥ K/2^m = {NumActivationPatterns / total} (random vectors alone activate that often).");
        if (!(Noise >= 0 && Noise <= 1)) throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "Noise must be in [0, 1].");
    }
}
