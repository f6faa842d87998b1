namespace Rtu.Trainers.Learning;

/// <summary>Which optimizer consumes the TD update.</summary>
public enum OptimizerKind
{
    /// <summary>Adam fed with −δ·z as the "gradient" (Rafiee et al.'s TD with Adam).</summary>
    Adam,
    /// <summary>θ ← θ + α δ z.</summary>
    Sgd,
}

/// <summary>Hyper-parameters of <see cref="TdLambdaLearner{T}"/> (spec §3a).</summary>
public sealed record TdLambdaOptions
{
    /// <summary>Discount γ of the predicted return G_t = Σ γ^k C_{t+1+k}. γ = 0 is one-step online regression.</summary>
    public double Gamma { get; init; } = 0.9;

    /// <summary>Eligibility-trace decay λ.</summary>
    public double Lambda { get; init; } = 0.9;

    /// <summary>Step size α.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Adam β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam β2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>
    /// Clip |δ| to this value (0 = off): a guard against a single outlier cumulant blowing up the model. The online
    /// models' h-step heads clip their regression error to the same value.
    /// </summary>
    public double TdErrorClip { get; init; }

    /// <summary>Checks every value and names the one that is out of range.</summary>
    public void Validate()
    {
        if (!(Gamma >= 0 && Gamma < 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "Gamma must be in [0, 1).");
        if (!(Lambda >= 0 && Lambda <= 1)) throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, "Lambda must be in [0, 1].");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive and finite.");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Beta1 must be in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Beta2 must be in [0, 1).");
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be positive.");
        if (!(TdErrorClip >= 0)) throw new ArgumentOutOfRangeException(nameof(TdErrorClip), TdErrorClip, "TdErrorClip must be ≥ 0.");
    }
}
