using Rtu.Trainers.Online;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet;

/// <summary>Options of <see cref="RtuStateFeaturesEstimator"/> (<c>mlContext.Transforms.RtuStateFeatures</c>).</summary>
public sealed class RtuStateFeaturesOptions
{
    /// <summary>Output column: the RTU state, a vector of 2·<see cref="Units"/> Single (Units for GRU/memoryless). Default "RtuState". It (and the prediction column) may not be named as the key or timestamp column, which it would hide.</summary>
    public string OutputColumnName { get; set; } = "RtuState";

    /// <summary>Input features: a Single or a known-size vector of Single; NaN entries are missing (imputed by the running mean). Default "Features".</summary>
    public string InputColumnName { get; set; } = "Features";

    /// <summary>
    /// Optional label (Single, NaN = missing). When set, Fit trains the RTU and a head to predict the NEXT row's label
    /// (γ = 0) or its discounted sum (TD(λ), γ &gt; 0). When null the RTU keeps its random initialisation (a fixed
    /// recurrent feature map) and Fit only gathers the input statistics. Default null.
    /// </summary>
    public string? LabelColumnName { get; set; }

    /// <summary>Optional output column with the head's prediction(s) (needs <see cref="LabelColumnName"/>): a vector of <see cref="Horizon"/> Single. Default null.</summary>
    public string? PredictionColumnName { get; set; }

    /// <summary>
    /// Outputs of the prediction column: output 1 predicts the next label (<see cref="Gamma"/> = 0) or its discounted
    /// sum (Gamma &gt; 0, by TD(λ)); outputs h = 2..H predict the plain, undiscounted sum of the next h labels, whatever
    /// Gamma. Default 1.
    /// </summary>
    public int Horizon { get; set; } = 1;

    /// <summary>
    /// Optional series key column (text, Int32, Int64, UInt32 or an ML.NET key): one input then holds many interleaved
    /// series (streams, users, sensors), and Fit and Transform keep one model and state per key, so every row's
    /// features are exactly what that series alone would give. A key first seen in Transform starts from a model
    /// fitted on no data of its own (fresh statistics). Default none.
    /// </summary>
    public string? SeriesKeyColumnName { get; set; }

    /// <summary>
    /// Optional timestamp column (DateTime, DateTimeOffset or Int64): the rows of each series must then be in time
    /// order, and a row at or before the previous row of its series throws an <see cref="InvalidOperationException"/>
    /// naming both timestamps (or, with <see cref="SortByTimestamp"/>, the rows are sorted). Rows stay steps: unlike the
    /// forecaster, gaps are not filled with missing rows. Default none.
    /// </summary>
    public string? TimestampColumnName { get; set; }

    /// <summary>
    /// With <see cref="TimestampColumnName"/>: Fit and Transform sort the rows by timestamp (a stable sort, so each key's
    /// rows come in time order) instead of refusing rows out of order; Transform's output rows are then in timestamp
    /// order. Cost: each cursor first reads the whole input and buffers the columns it needs (one copy in memory, at
    /// most <see cref="RtuLimits.MaxSortedRows"/> rows). A prediction engine (one row at a time) cannot sort. Default false.
    /// </summary>
    public bool SortByTimestamp { get; set; }

    /// <summary>
    /// With <see cref="SeriesKeyColumnName"/>: one global model. A single set of RTU and head weights learns online from
    /// every series' labels, while each series keeps its own recurrent state, traces, Adam moments and input statistics
    /// (its own scaling); a key first seen later starts from the weights all the others taught, with fresh statistics.
    /// Steps of different series are serialised by one lock around the shared weights (a streaming engine's Observe
    /// calls then run one at a time). Default false (one independent model per series).
    /// </summary>
    public bool SharedWeights { get; set; }

    /// <summary>Complex RTU units n. Default 16.</summary>
    public int Units { get; set; } = 16;

    /// <summary>Recurrent architecture. Default the linear RTU (RTRL).</summary>
    public RecurrentArchitecture Architecture { get; set; } = RecurrentArchitecture.LinearRtu;

    /// <inheritdoc cref="RtuForecastingOptions.OpenUnitShare"/>
    public double OpenUnitShare { get; set; } = RtuLearnerSettings.DefaultLayer.OpenUnitShare;

    /// <inheritdoc cref="RtuForecastingOptions.DecayGateInitMin"/>
    public double DecayGateInitMin { get; set; } = RtuLearnerSettings.DefaultLayer.DecayGateInitMin;

    /// <inheritdoc cref="RtuForecastingOptions.DecayGateInitMax"/>
    public double DecayGateInitMax { get; set; } = RtuLearnerSettings.DefaultLayer.DecayGateInitMax;

    /// <summary>Discount γ of the TD(λ) target of output 1; 0 (default) is one-step online regression of the next label (outputs 2..H are never discounted, <see cref="Horizon"/>).</summary>
    public double Gamma { get; set; }

    /// <summary>Eligibility-trace decay λ. Default 0.9.</summary>
    public double Lambda { get; set; } = 0.9;

    /// <summary>Adam step size. Default 3e-3.</summary>
    public double LearningRate { get; set; } = 3e-3;

    /// <summary>Passes over the training data in Fit (the state restarts each pass). Default 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Keep learning (RTU and head when a label is present, input statistics always) during Transform. Default false: Transform is inference with the fitted weights and frozen statistics.</summary>
    public bool LearnDuringTransform { get; set; }

    /// <summary>Each Transform cursor starts from a blank state (default true); false continues where Fit stopped.</summary>
    public bool ResetStateOnTransform { get; set; } = true;

    /// <summary>Forgetting window of the running input statistics (0: all rows). Default 0.</summary>
    public int NormalizerWindow { get; set; }

    /// <summary>Seed of the RTU's initialisation. Default 1.</summary>
    public ulong Seed { get; set; } = 1;

    // A copy: estimators and transformers keep one privately (immutable from then on) and hand out copies.
    internal RtuStateFeaturesOptions Clone() => (RtuStateFeaturesOptions)MemberwiseClone();

    internal RtuLearnerSettings ToSettings() => new()
    {
        Layer = RtuLearnerSettings.DefaultLayer with
        {
            Architecture = Architecture,
            LearningRule = CellRegistry.Get(Architecture).DefaultLearningRule,
            Units = Units,
            OpenUnitShare = OpenUnitShare,
            DecayGateInitMin = DecayGateInitMin,
            DecayGateInitMax = DecayGateInitMax,
        },
        Td = RtuLearnerSettings.DefaultTd with { Gamma = Gamma, Lambda = Lambda, LearningRate = LearningRate, TdErrorClip = RtuFeatureModel.LabelErrorClip },
        Horizon = Horizon, Seed = Seed,
    };

    internal void Validate(bool stored = false)
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName must be set.", nameof(OutputColumnName));
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new ArgumentException("InputColumnName must be set.", nameof(InputColumnName));
        if (PredictionColumnName is not null && LabelColumnName is null)
            throw new ArgumentException("PredictionColumnName needs LabelColumnName: the head is trained from the label.", nameof(PredictionColumnName));
        if (PredictionColumnName == OutputColumnName) throw new ArgumentException("PredictionColumnName must differ from OutputColumnName.", nameof(PredictionColumnName));
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be ≥ 1.");
        if (SeriesKeyColumnName is not null && (string.IsNullOrWhiteSpace(SeriesKeyColumnName) || SeriesKeyColumnName == InputColumnName || SeriesKeyColumnName == LabelColumnName))
            throw new ArgumentException("SeriesKeyColumnName must be a non-empty name different from the feature and label columns.", nameof(SeriesKeyColumnName));
        if (TimestampColumnName is not null && (string.IsNullOrWhiteSpace(TimestampColumnName) || TimestampColumnName == InputColumnName || TimestampColumnName == LabelColumnName || TimestampColumnName == SeriesKeyColumnName))
            throw new ArgumentException("TimestampColumnName must be a non-empty name different from the feature, label and key columns.", nameof(TimestampColumnName));
        if (SortByTimestamp && TimestampColumnName is null)
            throw new ArgumentException("SortByTimestamp needs a TimestampColumnName to sort by.", nameof(SortByTimestamp));
        if (SharedWeights && SeriesKeyColumnName is null)
            throw new ArgumentException("SharedWeights needs a SeriesKeyColumnName: the weights are shared between the series of a keyed table.", nameof(SharedWeights));
        // An output named as the key or timestamp column hides it, as with the forecaster (a second Transform, or scoring
        // by series and time, then reads the output in its place). Stored models keep loading as they were saved.
        foreach (var (name, param) in new[] { (OutputColumnName, nameof(OutputColumnName)), (PredictionColumnName, nameof(PredictionColumnName)) })
            if (!stored && name is not null && (name == SeriesKeyColumnName || name == TimestampColumnName))
                throw new ArgumentException($"The output column '{name}' would replace the {(name == SeriesKeyColumnName ? "series key" : "timestamp")} column of the same name: give the output another name.", param);
        RtuLimits.CheckHorizon(Horizon);   // before the learner's settings, which name their own range (up to 10,000)
        ToSettings().Validate();
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(OutputColumnName); w.Write(InputColumnName); w.Write(LabelColumnName ?? ""); w.Write(PredictionColumnName ?? "");
        w.Write(Horizon); w.Write(Units); w.Write((int)Architecture); w.Write(Gamma); w.Write(Lambda); w.Write(LearningRate);
        w.Write(Epochs); w.Write(LearnDuringTransform); w.Write(ResetStateOnTransform); w.Write(NormalizerWindow); w.Write(Seed);
    }

    internal static RtuStateFeaturesOptions Read(BinaryReader r)
    {
        var o = new RtuStateFeaturesOptions { OutputColumnName = r.ReadString(), InputColumnName = r.ReadString() };
        string label = r.ReadString(), pred = r.ReadString();
        o.LabelColumnName = label.Length == 0 ? null : label; o.PredictionColumnName = pred.Length == 0 ? null : pred;
        o.Horizon = r.ReadInt32(); o.Units = r.ReadInt32(); o.Architecture = (RecurrentArchitecture)r.ReadInt32(); o.Gamma = r.ReadDouble();
        o.Lambda = r.ReadDouble(); o.LearningRate = r.ReadDouble(); o.Epochs = r.ReadInt32(); o.LearnDuringTransform = r.ReadBoolean();
        o.ResetStateOnTransform = r.ReadBoolean(); o.NormalizerWindow = r.ReadInt32(); o.Seed = r.ReadUInt64();
        try { o.Validate(stored: true); } catch (ArgumentException e) { throw new InvalidDataException($"Stored state-feature options are invalid: {e.Message}", e); }
        return o;
    }
}
