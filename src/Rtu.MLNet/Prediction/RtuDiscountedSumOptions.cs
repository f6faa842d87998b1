using Rtu.Trainers.Cells;

namespace Rtu.MLNet;

/// <summary>
/// Options of <c>mlContext.Transforms.PredictDiscountedSum</c>: at every row t, predict the discounted sum of a
/// future signal, G_t = c_{t+1} + γ c_{t+2} + γ² c_{t+3} + …, where c is <see cref="SignalColumnName"/> (e.g.
/// precipitation; with γ = 0.9 the sum weighs roughly the next 10 rows, 1/(1 − γ)). The RTU reads
/// <see cref="FeaturesColumnName"/> row by row and learns online by TD(λ) with exact RTRL, so it needs no future
/// data: the target of row t is completed by the rows that follow.
/// </summary>
public sealed class RtuDiscountedSumOptions
{
    /// <summary>What the model sees at each row: a Single or a known-size vector of Single (NaN = missing). Default "Features".</summary>
    public string FeaturesColumnName { get; set; } = "Features";

    /// <summary>The signal whose discounted future sum is predicted (Single, NaN = missing). It may also be one of the features. Default "Signal".</summary>
    public string SignalColumnName { get; set; } = "Signal";

    /// <summary>Output: the prediction of G_t in the signal's units, a vector of one Single. Default "DiscountedSum".</summary>
    public string OutputColumnName { get; set; } = "DiscountedSum";

    /// <summary>Output: the RTU state (2·Units Single), usable as features by other trainers. Default "RtuState".</summary>
    public string StateColumnName { get; set; } = "RtuState";

    /// <summary>The discount γ in (0, 1): the prediction looks about 1/(1 − γ) rows ahead. Default 0.9.</summary>
    public double Gamma { get; set; } = 0.9;

    /// <summary>Eligibility-trace decay λ of TD(λ). Default 0.9.</summary>
    public double Lambda { get; set; } = 0.9;

    /// <summary>RTU units. Default 16.</summary>
    public int Units { get; set; } = 16;

    /// <summary>Recurrent architecture (memoryless gives the no-memory baseline). Default the linear RTU.</summary>
    public RecurrentArchitecture Architecture { get; set; } = RecurrentArchitecture.LinearRtu;

    /// <inheritdoc cref="RtuForecastingOptions.OpenUnitShare"/>
    public double OpenUnitShare { get; set; } = Rtu.Trainers.Online.RtuLearnerSettings.DefaultLayer.OpenUnitShare;

    /// <inheritdoc cref="RtuForecastingOptions.DecayGateInitMin"/>
    public double DecayGateInitMin { get; set; } = Rtu.Trainers.Online.RtuLearnerSettings.DefaultLayer.DecayGateInitMin;

    /// <inheritdoc cref="RtuForecastingOptions.DecayGateInitMax"/>
    public double DecayGateInitMax { get; set; } = Rtu.Trainers.Online.RtuLearnerSettings.DefaultLayer.DecayGateInitMax;

    /// <summary>Adam step size. Default 3e-3.</summary>
    public double LearningRate { get; set; } = 3e-3;

    /// <summary>Passes over the training data in Fit. Default 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Keep learning from the signal during Transform (online prediction, as deployed). Default true.</summary>
    public bool LearnDuringTransform { get; set; } = true;

    /// <summary>Seed of the RTU's initialisation. Default 1.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>The state-feature options this verb configures.</summary>
    internal RtuStateFeaturesOptions ToStateFeatures()
    {
        if (!(Gamma > 0 && Gamma < 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "Gamma must be in (0, 1): γ = 0 is one-step prediction (RtuStateFeatures with a label).");
        // Each column named: ML.NET's own error for an empty name ("Value cannot be null. (Parameter 'name')") names none,
        // and a null OutputColumnName left the verb without its prediction.
        foreach (var (name, param) in new[] { (FeaturesColumnName, nameof(FeaturesColumnName)), (SignalColumnName, nameof(SignalColumnName)),
                     (OutputColumnName, nameof(OutputColumnName)), (StateColumnName, nameof(StateColumnName)) })
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"{param} must be set (a column name).", param);
        var o = new RtuStateFeaturesOptions
        {
            InputColumnName = FeaturesColumnName, LabelColumnName = SignalColumnName, OutputColumnName = StateColumnName, PredictionColumnName = OutputColumnName,
            Horizon = 1, Gamma = Gamma, Lambda = Lambda, Units = Units, Architecture = Architecture, OpenUnitShare = OpenUnitShare,
            DecayGateInitMin = DecayGateInitMin, DecayGateInitMax = DecayGateInitMax, LearningRate = LearningRate, Epochs = Epochs,
            LearnDuringTransform = LearnDuringTransform, Seed = Seed,
        };
        o.Validate();
        return o;
    }
}
