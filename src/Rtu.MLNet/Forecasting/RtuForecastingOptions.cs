using Rtu.Trainers.Online;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet;

/// <summary>Options of <see cref="RtuForecastingEstimator"/> (<c>mlContext.Forecasting.ForecastByRtu</c>).</summary>
/// <remarks>The defaults were chosen once, loosely, on public series and are meant to work untuned (see the forecasting sample's README).</remarks>
public sealed class RtuForecastingOptions
{
    /// <summary>Output column: a vector of <see cref="Horizon"/> Single forecasts ŷ_{t+1} … ŷ_{t+H} made at row t. Default "Forecast".</summary>
    public string OutputColumnName { get; set; } = "Forecast";

    /// <summary>The series: a Single column; NaN marks a missing value. Required.</summary>
    public string InputColumnName { get; set; } = "Value";

    /// <summary>Optional exogenous columns (Single or known-size Single vectors) known at row t. Default none.</summary>
    public string[] ExogenousColumnNames { get; set; } = [];

    /// <summary>Optional extra output column with the RTU state (2·<see cref="Units"/> Single). Default none.</summary>
    public string? StateColumnName { get; set; }

    /// <summary>Forecast horizon H ≥ 1. Default 1.</summary>
    public int Horizon { get; set; } = 1;

    /// <summary>Season length m (1: none), e.g. 12 for monthly data; adds the change one season ago as an input. Default 1.</summary>
    public int SeasonLength { get; set; } = 1;

    /// <summary>Recent changes given as inputs. Default 4.</summary>
    public int Lags { get; set; } = 4;

    /// <summary>Also input the normalised level (helps mean-reverting series). Default true.</summary>
    public bool IncludeLevel { get; set; } = true;

    /// <summary>Complex RTU units n (state width 2n). Default 16.</summary>
    public int Units { get; set; } = 16;

    /// <summary>Recurrent architecture (RTRL for the RTUs, the gated RTU and the LRU, T-BPTT otherwise). Default the linear RTU.</summary>
    public RecurrentArchitecture Architecture { get; set; } = RecurrentArchitecture.LinearRtu;

    /// <summary>Adam step size. Default 3e-3.</summary>
    public double LearningRate { get; set; } = 3e-3;

    /// <summary>Passes over the training data in <c>Fit</c> (the state restarts each pass; weights carry over). Default 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Keep learning from the series while <c>Transform</c> streams (prequential: each forecast is made before its value is seen). Default true.</summary>
    public bool LearnDuringTransform { get; set; } = true;

    /// <summary>Each Transform cursor starts from a blank state instead of where Fit stopped. Default false (the series continues).</summary>
    public bool ResetStateOnTransform { get; set; }

    /// <summary>Forgetting window of the running input statistics (0: all rows). Default 0.</summary>
    public int NormalizerWindow { get; set; }

    /// <summary>Scale the learned part of the forecast by its least-squares skill factor in [0, 1] (stays near naive until the model shows skill). Default true.</summary>
    public bool ShrinkTowardNaive { get; set; } = true;

    /// <summary>
    /// With a season and <see cref="ShrinkTowardNaive"/>: move each horizon's forecast toward the seasonal-naive value by
    /// the weight that past errors support (least squares over the last 100 forecasts, less two standard errors, in
    /// [0, 1]; 0 until the seasonal naive has clearly helped). Short seasonal series get the season before the RTU has
    /// learned it. Default true.
    /// </summary>
    public bool CombineWithSeasonalNaive { get; set; } = true;

    /// <summary>Seed of the RTU's initialisation. Default 1.</summary>
    public ulong Seed { get; set; } = 1;

    // A deep copy: estimators and transformers keep one privately (immutable from then on) and hand out copies.
    internal RtuForecastingOptions Clone()
    {
        var c = (RtuForecastingOptions)MemberwiseClone();
        c.ExogenousColumnNames = (string[])ExogenousColumnNames?.Clone()!;
        return c;
    }

    internal RtuForecasterSettings ToSettings(int exogenousCount) => new()
    {
        Learner = new RtuLearnerSettings
        {
            Layer = RtuLearnerSettings.DefaultLayer with
            {
                Architecture = Architecture,
                LearningRule = CellRegistry.Get(Architecture).DefaultLearningRule,
                Units = Units,
            },
            Td = RtuLearnerSettings.DefaultTd with { LearningRate = LearningRate },
            Horizon = Horizon, Seed = Seed,
        },
        Lags = Lags, SeasonLength = SeasonLength, IncludeLevel = IncludeLevel, NormalizerWindow = NormalizerWindow, ExogenousCount = exogenousCount,
        ShrinkTowardNaive = ShrinkTowardNaive, CombineWithSeasonalNaive = CombineWithSeasonalNaive,
    };

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName must be set.", nameof(OutputColumnName));
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new ArgumentException("InputColumnName must be set.", nameof(InputColumnName));
        ArgumentNullException.ThrowIfNull(ExogenousColumnNames, nameof(ExogenousColumnNames));
        if (ExogenousColumnNames.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("ExogenousColumnNames must not contain empty names.", nameof(ExogenousColumnNames));
        if (StateColumnName is not null && (string.IsNullOrWhiteSpace(StateColumnName) || StateColumnName == OutputColumnName))
            throw new ArgumentException("StateColumnName must be a non-empty name different from OutputColumnName.", nameof(StateColumnName));
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be ≥ 1.");
        ToSettings(0).Validate();
        RtuLimits.CheckHorizon(Horizon);
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(OutputColumnName); w.Write(InputColumnName); w.Write(ExogenousColumnNames.Length);
        foreach (var c in ExogenousColumnNames) w.Write(c);
        w.Write(StateColumnName ?? ""); w.Write(Horizon); w.Write(SeasonLength); w.Write(Lags); w.Write(IncludeLevel);
        w.Write(Units); w.Write((int)Architecture); w.Write(LearningRate); w.Write(Epochs); w.Write(LearnDuringTransform);
        w.Write(ResetStateOnTransform); w.Write(NormalizerWindow); w.Write(Seed); w.Write(ShrinkTowardNaive);
        w.Write(CombineWithSeasonalNaive);
    }

    internal static RtuForecastingOptions Read(BinaryReader r)
    {
        var o = new RtuForecastingOptions { OutputColumnName = r.ReadString(), InputColumnName = r.ReadString() };
        int n = r.ReadInt32();
        if (n < 0 || n > 100_000) throw new InvalidDataException($"Stored exogenous column count {n} is invalid.");
        o.ExogenousColumnNames = Enumerable.Range(0, n).Select(_ => r.ReadString()).ToArray();
        string state = r.ReadString(); o.StateColumnName = state.Length == 0 ? null : state;
        o.Horizon = r.ReadInt32(); o.SeasonLength = r.ReadInt32(); o.Lags = r.ReadInt32(); o.IncludeLevel = r.ReadBoolean();
        o.Units = r.ReadInt32(); o.Architecture = (RecurrentArchitecture)r.ReadInt32(); o.LearningRate = r.ReadDouble(); o.Epochs = r.ReadInt32();
        o.LearnDuringTransform = r.ReadBoolean(); o.ResetStateOnTransform = r.ReadBoolean(); o.NormalizerWindow = r.ReadInt32(); o.Seed = r.ReadUInt64(); o.ShrinkTowardNaive = r.ReadBoolean();
        o.CombineWithSeasonalNaive = r.ReadBoolean();
        try { o.Validate(); } catch (ArgumentException e) { throw new InvalidDataException($"Stored forecasting options are invalid: {e.Message}", e); }
        return o;
    }
}
