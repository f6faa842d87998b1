using Rtu.Trainers.Online;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet;

/// <summary>Options of <see cref="RtuForecastingEstimator"/> (<c>mlContext.Forecasting.ForecastByRtu</c>).</summary>
/// <remarks>The defaults were chosen once, loosely, on public series and are meant to work untuned (see the forecasting sample's README).</remarks>
public sealed class RtuForecastingOptions
{
    /// <summary>Output column: a vector of <see cref="Horizon"/> Single forecasts ŷ_{t+1} … ŷ_{t+H} made at row t. Default "Forecast". It (and the state and interval columns) may not be named as the key or timestamp column, which it would hide.</summary>
    public string OutputColumnName { get; set; } = "Forecast";

    /// <summary>The series: a Single column; NaN marks a missing value. Required.</summary>
    public string InputColumnName { get; set; } = "Value";

    /// <summary>
    /// Optional exogenous columns (Single or known-size Single vectors) known at row t. Default none. They are inputs of the
    /// RTU, and their effect on the series is learned online, taken out of each value before the forecast pool and added
    /// back to its forecasts (<see cref="Rtu.Trainers.Online.ExogenousEffect"/>).
    /// </summary>
    public string[] ExogenousColumnNames { get; set; } = [];

    /// <summary>
    /// Optional series key column (text, Int32, Int64, UInt32 or an ML.NET key): one input then holds many interleaved
    /// series, and Fit and Transform keep one forecaster per key (per-series mode), so every row's forecast is exactly
    /// what that series alone would give. A key first seen in Transform starts from an untrained model. Default none.
    /// </summary>
    public string? SeriesKeyColumnName { get; set; }

    /// <summary>
    /// Optional timestamp column (DateTime, DateTimeOffset or Int64). Rows must then come in time order within each
    /// series: a row at or before the previous row of its series throws an <see cref="InvalidOperationException"/>
    /// naming both timestamps (sort first; a Transform continues each series after Fit's last timestamp unless
    /// <see cref="ResetStateOnTransform"/>). Missing timestamps are missing values: a gap of k regular steps (inferred
    /// at Fit, <see cref="SeriesTimeStep"/>) feeds k − 1 missing values before the row (with the row's exogenous values),
    /// so the forecasts stay on the regular grid; a row less than half a step after the one before is taken as the next
    /// step, and Fit reports such rows in <c>FitWarnings</c> (aggregate to one reading per step). Int64 timestamps are plain numbers (no calendar, season 1): values that
    /// look like yyyyMMdd dates, yyyyMM months or Unix times get a <c>FitWarnings</c> entry naming the conversion to
    /// DateTime. Default none (rows are consecutive steps).
    /// </summary>
    public string? TimestampColumnName { get; set; }

    /// <summary>
    /// With <see cref="TimestampColumnName"/>: Fit and Transform sort the rows by timestamp (a stable sort, so each key's
    /// rows come in time order) instead of refusing rows out of order; Transform's output rows are then in timestamp
    /// order. Cost: each cursor first reads the whole input and buffers the columns it needs (one copy in memory, at
    /// most <see cref="RtuLimits.MaxSortedRows"/> rows). Equal timestamps within a key are still refused. A prediction
    /// engine (one row at a time) cannot sort. Default false.
    /// </summary>
    public bool SortByTimestamp { get; set; }

    /// <summary>
    /// With <see cref="SeriesKeyColumnName"/>: one global model. A single set of RTU and head weights learns online from
    /// every series' updates, while each series keeps its own recurrent state, traces, input normaliser (its own
    /// scaling), skill statistics and Adam moments; a key first seen later starts from the weights all the others
    /// taught, with a fresh normaliser. Steps of different series are serialised by one lock around the shared weights
    /// (Fit reads rows in order anyway; a streaming engine's Observe calls then run one at a time). A glitch of several
    /// rows that a series' forecaster undoes (observed again as missing once the series comes back) takes back that
    /// series' own steps from the shared weights, keeping the other series', and a series' first rows or seasons observed
    /// again (a spike found among them) keep the shared weights as they are (<see cref="RtuForecaster.SharesWeights"/>).
    /// Default false (one independent model per series).
    /// </summary>
    public bool SharedWeights { get; set; }

    /// <summary>Optional extra output column with the RTU state (2·<see cref="Units"/> Single). Default none.</summary>
    public string? StateColumnName { get; set; }

    /// <summary>
    /// Also output the online conformal prediction intervals of each row's forecast (<see cref="ConformalIntervals"/>):
    /// four Single vectors of <see cref="Horizon"/> values named after <see cref="OutputColumnName"/>,
    /// <c>{Output}Lower80</c>, <c>{Output}Upper80</c>, <c>{Output}Lower95</c> and <c>{Output}Upper95</c> (NaN while a
    /// horizon has too few scored forecasts). On a positive series whose errors grow with its level a horizon's half-width
    /// is a fraction of the forecast, or a multiple of its square root where they grow as a count's spread does
    /// (<see cref="ConformalIntervals.ScalePower"/>; around a forecast ≤ 0, the absolute scale's width). Default
    /// false (the forecast column only).
    /// </summary>
    public bool IncludeIntervals { get; set; }

    /// <summary>The interval columns' names (<see cref="IncludeIntervals"/>), in the order lower 80 %, upper 80 %, lower 95 %, upper 95 %.</summary>
    public IReadOnlyList<string> IntervalColumnNames =>
        [OutputColumnName + "Lower80", OutputColumnName + "Upper80", OutputColumnName + "Lower95", OutputColumnName + "Upper95"];

    /// <summary>
    /// Also output the changes of the series each row confirmed (<see cref="RtuForecaster.LastChange"/>): a Single vector
    /// of four values named <see cref="ChangeColumnName"/> (<c>{Output}Change</c>): the kind (0 none, 1 a level shift,
    /// 2 a collapse moved in proportion, 3 a change of scale that restarted the forecaster's scales, 4 the change of the
    /// row before withdrawn, or those of a glitch of several rows observed again as missing; <see cref="SeriesChangeKind"/>),
    /// how many rows before this one the change began (0, 1 for a jump the next value confirmed, 2 for a run of three
    /// outliers, up to 7 for a glitch's first row), the level the series was expected at (the forecast
    /// of the value that confirmed it) and that value. Until a change is confirmed its values are cleaned toward the forecast as outliers, so
    /// this column says when the forecasts began to follow it. Not part of an ONNX export. Default false.
    /// </summary>
    public bool IncludeChanges { get; set; }

    /// <summary>The change column's name (<see cref="IncludeChanges"/>): <c>{Output}Change</c>.</summary>
    public string ChangeColumnName => OutputColumnName + "Change";

    /// <summary>The change column's width (<see cref="IncludeChanges"/>): kind, rows ago, from, to.</summary>
    public const int ChangeWidth = 4;

    /// <summary>Forecast horizon H, in [1, <see cref="RtuLimits.MaxHorizon"/>]. Default 1.</summary>
    public int Horizon { get; set; } = 1;

    /// <summary>
    /// Season length m (1: none), e.g. 12 for monthly data; adds the change one season ago as an input. 0: decided at
    /// Fit — from the timestamps with a <see cref="TimestampColumnName"/> (<see cref="SeriesTimeStep"/>: a day of steps
    /// for a step of whole minutes that divides a day, e.g. every 15 minutes 96, half-hourly 48, hourly 24, every 3 hours 8;
    /// daily 7, business daily 5, weekly 52, ten-daily 36, semi-monthly 24, four-weekly 13, monthly 12, bi-monthly 6,
    /// quarterly 4, half-yearly 2, else 1), otherwise detected from the series'
    /// values (<see cref="SeasonDetector"/>: a significant or cleanly repeating peak of the autocorrelation of the changes, else 1; one season
    /// for all keys). The fitted transformer's options hold the season used. Default 1.
    /// </summary>
    public int SeasonLength { get; set; } = 1;

    /// <summary>
    /// The second, longer season M that the forecast pool models next to <see cref="SeasonLength"/> (the seasonal-naive
    /// forecast at lag M and a regression on y_{t+1−M} and harmonics of M): null (default) follows the season — hourly
    /// 24 → a week of 168, half-hourly 48 → 336, daily 7 → a year of 365, else none (<see cref="ForecastPool.SecondSeasonOf"/>),
    /// and a season of a day inferred from timestamps whose step divides it → the week (15 minutes: 96 → 672; 3 hours: 8 → 56);
    /// 0: none; M: that season, longer than the season and at most 100000 (e.g. 8766 for hourly data with a yearly
    /// cycle). O(1) per row whatever M (the harmonics are read from a table); memory grows with M. With
    /// <see cref="SeasonLength"/> 0 the rule applies to the season inferred at Fit, and an explicit M must exceed it.
    /// </summary>
    public int? SecondSeasonLength { get; set; }

    /// <summary>Recent changes given as inputs. Default 4.</summary>
    public int Lags { get; set; } = 4;

    /// <summary>Also input the normalised level (helps mean-reverting series). Default true.</summary>
    public bool IncludeLevel { get; set; } = true;

    /// <summary>Complex RTU units n (state width 2n). Default 16.</summary>
    public int Units { get; set; } = 16;

    /// <summary>Recurrent architecture (RTRL for the RTUs, the gated RTU and the LRU, T-BPTT otherwise). Default the linear RTU.</summary>
    public RecurrentArchitecture Architecture { get; set; } = RecurrentArchitecture.LinearRtu;

    /// <summary>
    /// Gated RTU only (<see cref="Architecture"/> <see cref="RecurrentArchitecture.GatedRtu"/>; other architectures ignore
    /// it): the share of units whose gates are fixed open, so that they are exactly linear-RTU units next to gated units
    /// that can latch (<see cref="RecurrentLayerOptions.OpenUnitShare"/>, the first ⌈share·n⌉ units). 0 ≤ share &lt; 1
    /// (else <see cref="ArgumentOutOfRangeException"/> naming <c>OpenUnitShare</c>); 0 is the all-gated cell. Saved with
    /// the model (in its learner settings; a model saved before the share was stored loads with 0.25, the default then).
    /// Default 0.5, the gated RTU's (<see cref="Rtu.Trainers.Cells.GatedRtu.GatedRtuOptions.OpenUnitShare"/>).
    /// </summary>
    public double OpenUnitShare { get; set; } = RtuLearnerSettings.DefaultLayer.OpenUnitShare;

    /// <summary>
    /// Gated RTU only: the smallest initial decay gate a₀; each gated unit's a₀ is drawn log-uniform in
    /// [<see cref="DecayGateInitMin"/>, <see cref="DecayGateInitMax"/>] (<see cref="RecurrentLayerOptions.DecayGateInitMin"/>).
    /// 0 &lt; min ≤ max &lt; 1 (else <see cref="ArgumentOutOfRangeException"/> naming <c>DecayGateInitMin</c>). Init only,
    /// but saved with the model, as a key first seen by a loaded model starts from it (a model saved before the range was
    /// stored loads with [0.02, 0.5], the default then). Default 0.002, the gated RTU's.
    /// </summary>
    public double DecayGateInitMin { get; set; } = RtuLearnerSettings.DefaultLayer.DecayGateInitMin;

    /// <summary>Gated RTU only: the largest initial decay gate a₀ (default 0.1); see <see cref="DecayGateInitMin"/>.</summary>
    public double DecayGateInitMax { get; set; } = RtuLearnerSettings.DefaultLayer.DecayGateInitMax;

    /// <summary>
    /// Adam step size α. Default 3e-3. The forecaster's first updates use up to 10/3·α, decaying as 1/√n back to α
    /// (<see cref="RtuForecasterSettings.EarlyStepFactor"/>); a global model (<see cref="SharedWeights"/>) steps at α
    /// throughout, since its weights have learned from every series.
    /// </summary>
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

    /// <summary>
    /// With a season: add the ES-RNN-style seasonal-ratio RTU to the forecast pool (a second RTU that learns the
    /// de-seasonalised, level-normalised series; <see cref="RtuForecasterSettings.SeasonalRatioMember"/>). Default false:
    /// next to the pool's ARIMA and airline members it gained little on the development bench (geometric-mean one-step
    /// MASE 0.5247 → 0.5239) and nothing on the held-out set (0.4777 → 0.4777) for about 60 % more time per row.
    /// Saved with the model (in its forecaster settings).
    /// </summary>
    public bool SeasonalRatioMember { get; set; }

    /// <summary>
    /// The least value the series can take, where you know it (a share's 0, a rating's 1): the forecasts and the
    /// interval bounds are raised to it. The values are taken as they come. Null (default): none; without it the
    /// forecasts are still clipped at 0 while no value has been below 0, and at a bound the series has sat at (its
    /// lowest value, three rows in a row, twice: <see cref="ForecastPool.Floor"/>). Saved with the model (in its
    /// forecaster settings, <see cref="RtuForecasterSettings.MinimumValue"/>). Within the float range. The intervals learn
    /// from the clipped forecasts' errors, so a range the values do pass widens them.
    /// </summary>
    public double? MinimumValue { get; set; }

    /// <summary>
    /// The greatest value the series can take, where you know it (CPU use's 100 %, a hotel's rooms, a flight's seats):
    /// the forecasts and the interval bounds are lowered to it. The values are taken as they come (a value above it is
    /// not refused: the forecasts stay at most this). Null (default): none; without it the forecasts are still clipped
    /// at a bound the series has sat at (its highest value, three rows in a row, twice: <see cref="ForecastPool.Ceiling"/>),
    /// which a cap reached on single rows (a hotel full on Saturdays) never is. Saved with the model
    /// (<see cref="RtuForecasterSettings.MaximumValue"/>).
    /// </summary>
    public double? MaximumValue { get; set; }

    /// <summary>Seed of the RTU's initialisation. Default 1.</summary>
    public ulong Seed { get; set; } = 1;

    // A deep copy: estimators and transformers keep one privately (immutable from then on) and hand out copies.
    internal RtuForecastingOptions Clone()
    {
        var c = (RtuForecastingOptions)MemberwiseClone();
        c.ExogenousColumnNames = (string[])ExogenousColumnNames?.Clone()!;
        return c;
    }

    // A copy with the season resolved (the one inferred from the timestamps); an explicit second season must still fit it.
    // A step that divides a day gives the week as the second season where the rule from the season would not (a season of
    // 96 from 15-minute steps: 672; 12 from 2-hourly steps: 84, not a monthly season's none).
    internal RtuForecastingOptions With(int season, int? week = null)
    {
        var c = Clone();
        c.SeasonLength = season;
        if (c.SecondSeasonLength is null && week is { } w && w != ForecastPool.SecondSeasonOf(season)) c.SecondSeasonLength = w;
        if (c.SecondSeasonLength is { } second && second != 0 && second <= season)
            throw new ArgumentOutOfRangeException(nameof(SecondSeasonLength), second,
                $"SecondSeasonLength {second} must be longer than the season {season} inferred from the timestamps (or null: the rule, 0: none).");
        return c;
    }

    // A global model (SharedWeights) keeps the constant step: each series counts its own Adam updates, so the early
    // step schedule would give every new series a few hundred larger steps on weights that all the others taught.
    internal RtuForecasterSettings ToSettings(int exogenousCount)
    {
        var settings = IndependentSettings(exogenousCount);
        return SharedWeights ? settings with { EarlyStepFactor = 1 } : settings;
    }

    private RtuForecasterSettings IndependentSettings(int exogenousCount) => new()
    {
        Learner = new RtuLearnerSettings
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
            Td = RtuLearnerSettings.DefaultTd with { LearningRate = LearningRate },
            Horizon = Horizon, Seed = Seed,
        },
        Lags = Lags, SeasonLength = SeasonLength, SecondSeasonLength = SecondSeasonLength, IncludeLevel = IncludeLevel, NormalizerWindow = NormalizerWindow, ExogenousCount = exogenousCount,
        ShrinkTowardNaive = ShrinkTowardNaive, CombineWithSeasonalNaive = CombineWithSeasonalNaive, SeasonalRatioMember = SeasonalRatioMember,
        MinimumValue = MinimumValue ?? double.NegativeInfinity, MaximumValue = MaximumValue ?? double.PositiveInfinity,
    };

    // stored: the options of a model already trained (read from a file, or an engine's): a model fitted before repeated
    // exogenous names were refused still loads and serves as it did.
    internal void Validate(bool stored = false)
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName must be set.", nameof(OutputColumnName));
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new ArgumentException("InputColumnName must be set.", nameof(InputColumnName));
        ArgumentNullException.ThrowIfNull(ExogenousColumnNames, nameof(ExogenousColumnNames));
        if (ExogenousColumnNames.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("ExogenousColumnNames must not contain empty names.", nameof(ExogenousColumnNames));
        // A column named twice would be read twice: the same values as two inputs, and a width the data never had.
        if (!stored && ExogenousColumnNames.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw new ArgumentException($"ExogenousColumnNames must not name a column twice: '{repeated.Key}' appears {repeated.Count()} times.", nameof(ExogenousColumnNames));
        if (StateColumnName is not null && (string.IsNullOrWhiteSpace(StateColumnName) || StateColumnName == OutputColumnName))
            throw new ArgumentException("StateColumnName must be a non-empty name different from OutputColumnName.", nameof(StateColumnName));
        if (IncludeIntervals && StateColumnName is not null && IntervalColumnNames.Contains(StateColumnName))
            throw new ArgumentException($"StateColumnName '{StateColumnName}' clashes with an interval column (IncludeIntervals).", nameof(StateColumnName));
        if (IncludeChanges && StateColumnName == ChangeColumnName)
            throw new ArgumentException($"StateColumnName '{StateColumnName}' clashes with the change column (IncludeChanges).", nameof(StateColumnName));
        if (SeriesKeyColumnName is not null && (string.IsNullOrWhiteSpace(SeriesKeyColumnName) || SeriesKeyColumnName == InputColumnName || ExogenousColumnNames.Contains(SeriesKeyColumnName)))
            throw new ArgumentException("SeriesKeyColumnName must be a non-empty name different from the series and exogenous columns.", nameof(SeriesKeyColumnName));
        if (TimestampColumnName is not null && (string.IsNullOrWhiteSpace(TimestampColumnName) || TimestampColumnName == InputColumnName || TimestampColumnName == SeriesKeyColumnName || ExogenousColumnNames.Contains(TimestampColumnName)))
            throw new ArgumentException("TimestampColumnName must be a non-empty name different from the series, key and exogenous columns.", nameof(TimestampColumnName));
        if (SharedWeights && SeriesKeyColumnName is null)
            throw new ArgumentException("SharedWeights needs a SeriesKeyColumnName: the weights are shared between the series of a keyed table.", nameof(SharedWeights));
        // An output named as the key or timestamp column hides it: the forecasts could no longer be scored by series and
        // time (EvaluateForecasts) or transformed again (an audit). Stored models keep loading as they were saved.
        if (!stored && RtuForecastingTransformer.Outputs(this).Select(o => o.Item1).FirstOrDefault(n => n == SeriesKeyColumnName || n == TimestampColumnName) is { } hidden)
            throw new ArgumentException($"The output column '{hidden}' would replace the {(hidden == SeriesKeyColumnName ? "series key" : "timestamp")} column of the same name: give the output another name.",
                hidden == StateColumnName ? nameof(StateColumnName) : nameof(OutputColumnName));   // the interval columns are named after the output
        if (SortByTimestamp && TimestampColumnName is null)
            throw new ArgumentException("SortByTimestamp needs a TimestampColumnName to sort by.", nameof(SortByTimestamp));
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be ≥ 1.");
        // Checked before the forecaster's settings, whose messages name their own ranges (a horizon up to 10,000, no season 0).
        RtuLimits.CheckHorizon(Horizon);
        if (SeasonLength < 0 || SeasonLength > MaxSeasonLength)
            throw new ArgumentOutOfRangeException(nameof(SeasonLength), SeasonLength,
                $"SeasonLength must be in [0, {MaxSeasonLength}] (0: decided at Fit from the timestamps or the values, 1: no season).");
        // With the season still to infer, an explicit second season is checked against the shortest season (1) here and
        // against the inferred one at Fit (With).
        // Null is none: an infinite bound would be a second way to say it (a review).
        if (MinimumValue is { } min && !double.IsFinite(min))
            throw new ArgumentOutOfRangeException(nameof(MinimumValue), min, "MinimumValue must be a number (null: none).");
        if (MaximumValue is { } max && !double.IsFinite(max))
            throw new ArgumentOutOfRangeException(nameof(MaximumValue), max, "MaximumValue must be a number (null: none).");
        (SeasonLength == 0 ? With(season: 1) : this).ToSettings(0).Validate();
    }

    private const int MaxSeasonLength = 100_000;   // RtuForecasterSettings' limit

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
        try { o.Validate(stored: true); } catch (ArgumentException e) { throw new InvalidDataException($"Stored forecasting options are invalid: {e.Message}", e); }
        return o;
    }
}
