using Rtu.Trainers.Cells;

namespace Rtu.Trainers.Online;

/// <summary>
/// One stream of the state-feature model: online scaling of a feature vector, an RTU over it, and (when a label is
/// given) a TD(λ)/regression head that trains the RTU.
/// </summary>
/// <remarks>
/// Features are scaled by their running mean and standard deviation (<see cref="RunningNormalizer"/>; a NaN feature is
/// imputed by its mean, i.e. 0 after scaling). The label is scaled the same way (running statistics of the label,
/// index <see cref="InputSize"/> of <see cref="Normalizer"/>); a NaN label skips learning for that row. The
/// prediction is returned in label units: μ_c/(1 − γ) + σ_c·v (for γ = 0: μ_c + σ_c·v). A new model's statistics widen
/// their winsorising bound for deviations that recur (<see cref="RunningNormalizer.WidensForRecurringDeviations"/>: a
/// cumulant that is 1 on one row in a hundred is data, not outliers), and a feature that departs from a constant history
/// restarts its statistics (<see cref="RunningNormalizer.Update(int, double, bool)"/>); models loaded from files written
/// before (the container's format 13 and older) keep the statistics they were built with.
/// Without labels the RTU keeps its random initialisation: a fixed recurrent feature map of the history.
/// </remarks>
public sealed class RtuFeatureModel
{
    private readonly float[] _x;
    private readonly float[] _outputs;

    /// <summary>Creates a model for <paramref name="inputSize"/> features.</summary>
    public RtuFeatureModel(int inputSize, RtuLearnerSettings settings, int normalizerWindow = 0, double inputClip = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        Learner = new OnlineRtuLearner(inputSize, settings);
        Normalizer = new RunningNormalizer(inputSize + 1, normalizerWindow, inputClip, widensForRecurringDeviations: true);
        _x = new float[inputSize];
        _outputs = new float[settings.Horizon];
    }

    private RtuFeatureModel(OnlineRtuLearner learner, RunningNormalizer normalizer)
    {
        Learner = learner; Normalizer = normalizer;
        _x = new float[learner.InputSize];
        _outputs = new float[learner.Settings.Horizon];
    }

    /// <summary>
    /// The TD-error clip (<see cref="Learning.TdLambdaOptions.TdErrorClip"/>, in the label's σ) for a model whose labels
    /// can be sparse, as the ML.NET verbs fit them: √(1/<see cref="RunningNormalizer.RecurringRate"/>) ≈ 31.6, how far
    /// a two-valued label's rarer value lies when it comes once in a thousand rows. Why: the statistics no longer winsorise
    /// such a label (see the remarks), and at the default clip of 5 a cumulant that is 1 on one row in a hundred (10σ out)
    /// was still learned at half its size. One absurd label is bounded before it, by the label's clip.
    /// </summary>
    public static double LabelErrorClip { get; } = Math.Sqrt(1 / RunningNormalizer.RecurringRate);

    /// <summary>The RTU and heads.</summary>
    public OnlineRtuLearner Learner { get; }

    /// <summary>Running statistics: features 0..d−1, then the label.</summary>
    public RunningNormalizer Normalizer { get; }

    /// <summary>Feature width d.</summary>
    public int InputSize => _x.Length;

    /// <summary>State width.</summary>
    public int StateSize => Learner.StateSize;

    /// <summary>Width of the RTU state for an architecture and unit count.</summary>
    public static int StateWidth(RecurrentArchitecture architecture, int units) =>
        CellRegistry.Get(architecture).OutputWidth(units);

    /// <summary>
    /// Observes one row: features (NaN: missing) and the label that arrived with them (NaN: none); learns when
    /// <paramref name="learn"/> is true and the label is known; writes the RTU state and the predictions
    /// (in label units) of the next label(s). The running statistics are updated when <paramref name="updateStatistics"/>
    /// is true (inference with frozen statistics otherwise).
    /// </summary>
    public void Observe(ReadOnlySpan<float> features, double label, bool learn, Span<float> state, Span<float> predictions, bool updateStatistics = true)
    {
        if (features.Length != _x.Length) throw new ArgumentException($"Expected {_x.Length} features, got {features.Length}.", nameof(features));
        int d = _x.Length;
        if (!double.IsFinite(label)) label = double.NaN;
        if (updateStatistics)
        {
            // The two rules came together (the container's format 14): a model with the older statistics keeps both off.
            bool restarts = Normalizer.WidensForRecurringDeviations;
            for (int i = 0; i < d; i++) Normalizer.Update(i, features[i], restarts);
            Normalizer.Update(d, label);
        }
        for (int i = 0; i < d; i++) _x[i] = Normalizer.Normalize(i, features[i]);
        // Clipped like the inputs (a Huber-like loss): one absurd label moves the model by a bounded step. Statistics that
        // widen for recurring deviations clip no closer than their own bound: a cumulant that is 1 on one row in a hundred
        // lies 10σ out, and clipped at 5σ its discounted sum was learned at half its size.
        double limit = Normalizer.WidensForRecurringDeviations ? Math.Max(Normalizer.Clip, Normalizer.Bound(d) / Normalizer.Scale(d)) : Normalizer.Clip;
        double c = double.IsNaN(label) ? double.NaN : Math.Clamp((RunningNormalizer.Saturate(label) - Normalizer.Mean(d)) / Normalizer.Scale(d), -limit, limit);
        Learner.Step(_x, c, learn, state, _outputs);
        if (!predictions.IsEmpty)
        {
            if (predictions.Length != _outputs.Length) throw new ArgumentException($"predictions must hold {_outputs.Length} values.", nameof(predictions));
            double gamma = Learner.Settings.Td.Gamma, mu = Normalizer.Mean(d), sigma = Normalizer.Scale(d);
            // Saturated to the float range, so extreme statistics never give ±∞.
            predictions[0] = (float)RunningNormalizer.Saturate(mu / (1 - gamma) + sigma * _outputs[0]);
            for (int h = 1; h < _outputs.Length; h++) predictions[h] = (float)RunningNormalizer.Saturate((h + 1) * mu + sigma * _outputs[h]);
        }
    }

    /// <summary>
    /// The model frozen for a one-step graph: <c>obs</c> = the raw features; with <paramref name="withPrediction"/> the
    /// heads and the label scaling (prediction_1 = μ_c/(1 − γ) + σ_c·v, prediction_h = h·μ_c + σ_c·output_h, as
    /// <see cref="Observe"/> writes them).
    /// </summary>
    public OnlineModelWeights ExportWeights(bool withPrediction)
    {
        int d = _x.Length;
        var mean = new float[d];
        var scale = new float[d];
        for (int i = 0; i < d; i++) { mean[i] = (float)Normalizer.Mean(i); scale[i] = (float)Normalizer.Scale(i); }
        var weights = new OnlineModelWeights
        {
            InputMean = mean, InputScale = scale, InputClip = Normalizer.Clip, Layer = Learner.Layer,
            HeadSeesInputs = Learner.Settings.SkipConnection,
        };
        if (!withPrediction) return weights;
        int horizon = _outputs.Length;
        double mu = Normalizer.Mean(d), sigma = Normalizer.Scale(d), gamma = Learner.Settings.Td.Gamma;
        var offset = new float[horizon];
        offset[0] = (float)(mu / (1 - gamma));
        for (int h = 1; h < horizon; h++) offset[h] = (float)((h + 1) * mu);
        var outputScale = new float[horizon];
        Array.Fill(outputScale, (float)sigma);
        var (w, b) = Learner.Readout(horizonInputs: false);
        return weights with { HeadWeights = w, HeadBias = b, OutputScale = outputScale, OutputOffset = offset };
    }

    /// <summary>Starts the stream afresh; parameters and statistics are kept.</summary>
    public void ResetState() => Learner.ResetState();

    /// <summary>Writes the learner and the statistics.</summary>
    public void Save(BinaryWriter writer) { Learner.Save(writer); Normalizer.Save(writer); }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static RtuFeatureModel Load(BinaryReader reader)
    {
        var learner = OnlineRtuLearner.Load(reader);
        var norm = RunningNormalizer.Read(reader);
        if (norm.Size != learner.InputSize + 1) throw new InvalidDataException("Stored normaliser does not match the learner.");
        return new RtuFeatureModel(learner, norm);
    }

    /// <summary>A deep copy that then learns independently.</summary>
    public RtuFeatureModel Clone() => ModelBinary.Copy(Save, Load);
}
