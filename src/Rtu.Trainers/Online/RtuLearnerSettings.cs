using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Online;

/// <summary>Hyper-parameters of <see cref="OnlineRtuLearner"/>: the recurrent layer, the heads and the online update.</summary>
public sealed record RtuLearnerSettings
{
    /// <summary>Recurrent architecture. Default: the linear RTU (RTRL at O(n·d) per step).</summary>
    public RecurrentArchitecture Architecture { get; init; } = RecurrentArchitecture.LinearRtu;

    /// <summary>RTRL (RTU, LRU) or T-BPTT. Default RTRL.</summary>
    public LearningRule LearningRule { get; init; } = LearningRule.Rtrl;

    /// <summary>Complex units n of the RTU (state features: 2n). Default 16.</summary>
    public int Units { get; init; } = 16;

    /// <summary>RTU output activation. Default ReLU.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>T-BPTT truncation when <see cref="LearningRule"/> is T-BPTT.</summary>
    public int Truncation { get; init; } = 16;

    /// <summary>Largest |λ| of the RTU's eigenvalues at initialisation.</summary>
    public double RMax { get; init; } = 0.99;

    /// <summary>Smallest |λ| at initialisation.</summary>
    public double RMin { get; init; } = 0.0;

    /// <summary>The head also sees the (normalised) inputs, not only the RTU state: a linear skip path. Default true.</summary>
    public bool SkipConnection { get; init; } = true;

    /// <summary>Discount γ of the first output's TD(λ) target. 0 (default): one-step online regression on the label.</summary>
    public double Gamma { get; init; }

    /// <summary>Eligibility-trace decay λ (used when γ &gt; 0).</summary>
    public double Lambda { get; init; } = 0.9;

    /// <summary>Adam step size. Default 3e-3.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Adam β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam β2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>|TD error| and |horizon error| are clipped to this (in normalised units) so one outlier cannot wreck the model. 0: off.</summary>
    public double ErrorClip { get; init; } = 5.0;

    /// <summary>Outputs: output h (1-based) predicts the sum of the next h labels (output 1 is the TD(λ) prediction). Default 1.</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>Seed of the RTU's initialisation.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Checks every value and names the one that is out of range.</summary>
    public void Validate()
    {
        if (Units < 1 || Units > 4096) throw new ArgumentOutOfRangeException(nameof(Units), Units, "Units must be in [1, 4096].");
        if (Truncation < 1) throw new ArgumentOutOfRangeException(nameof(Truncation), Truncation, "Truncation must be ≥ 1.");
        if (!(RMin >= 0 && RMin < RMax && RMax <= 1)) throw new ArgumentOutOfRangeException(nameof(RMax), $"Need 0 ≤ RMin < RMax ≤ 1, got RMin={RMin}, RMax={RMax}.");
        if (!(Gamma >= 0 && Gamma < 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "Gamma must be in [0, 1).");
        if (!(Lambda >= 0 && Lambda <= 1)) throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, "Lambda must be in [0, 1].");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive and finite.");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Beta1 must be in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Beta2 must be in [0, 1).");
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be positive.");
        if (!(ErrorClip >= 0)) throw new ArgumentOutOfRangeException(nameof(ErrorClip), ErrorClip, "ErrorClip must be ≥ 0.");
        if (Horizon < 1 || Horizon > 10_000) throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "Horizon must be in [1, 10000].");
    }

    internal RecurrentLayerOptions LayerOptions => new()
    {
        Architecture = Architecture, LearningRule = LearningRule, Units = Units, Activation = Activation,
        Truncation = Truncation, RMax = RMax, RMin = RMin,
    };

    internal void Write(BinaryWriter w)
    {
        w.Write((int)Architecture); w.Write((int)LearningRule); w.Write(Units); w.Write((int)Activation); w.Write(Truncation);
        w.Write(RMax); w.Write(RMin); w.Write(SkipConnection); w.Write(Gamma); w.Write(Lambda); w.Write(LearningRate);
        w.Write(Beta1); w.Write(Beta2); w.Write(Epsilon); w.Write(ErrorClip); w.Write(Horizon); w.Write(Seed);
    }

    internal static RtuLearnerSettings Read(BinaryReader r)
    {
        var s = new RtuLearnerSettings
        {
            Architecture = (RecurrentArchitecture)r.ReadInt32(), LearningRule = (LearningRule)r.ReadInt32(), Units = r.ReadInt32(),
            Activation = (Activation)r.ReadInt32(), Truncation = r.ReadInt32(), RMax = r.ReadDouble(), RMin = r.ReadDouble(),
            SkipConnection = r.ReadBoolean(), Gamma = r.ReadDouble(), Lambda = r.ReadDouble(), LearningRate = r.ReadDouble(),
            Beta1 = r.ReadDouble(), Beta2 = r.ReadDouble(), Epsilon = r.ReadDouble(), ErrorClip = r.ReadDouble(), Horizon = r.ReadInt32(),
            Seed = r.ReadUInt64(),
        };
        if (!Enum.IsDefined(s.Architecture) || !Enum.IsDefined(s.LearningRule) || !Enum.IsDefined(s.Activation))
            throw new InvalidDataException("Stored learner settings name an unknown architecture, learning rule or activation.");
        try { s.Validate(); }
        catch (ArgumentException e) { throw new InvalidDataException($"Stored learner settings are invalid: {e.Message}", e); }
        return s;
    }
}
