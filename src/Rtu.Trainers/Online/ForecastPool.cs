namespace Rtu.Trainers.Online;

/// <summary>
/// An online combination of simple forecasters with the RTU forecast, weighted per horizon by their recent squared
/// errors, and a robust clean of each new value. Used by <see cref="RtuForecaster"/>; one per series.
/// </summary>
/// <remarks>
/// <para>The pool is one type in several files, one concept each: the members (<c>ForecastPool.Members.cs</c>), their
/// scores and combination (<c>ForecastPool.Combination.cs</c>), the robust clean of each new value
/// (<c>ForecastPool.Clean.cs</c>), possible spikes (<c>ForecastPool.Spikes.cs</c>), level shifts and changes of scale
/// (<c>ForecastPool.LevelShifts.cs</c>), missing rows (<c>ForecastPool.MissingRows.cs</c>), the members' priors
/// (<c>ForecastPool.MemberPriors.cs</c>), the series' resolution under the clean's scale (<c>ForecastPool.Resolution.cs</c>),
/// seasonal zeros (<c>ForecastPool.SeasonalZeros.cs</c>), first-season shifts that return
/// (<c>ForecastPool.TransientShifts.cs</c>) and the saved layout and its versions
/// (<c>ForecastPool.Layout.cs</c>). This file holds the state and the step (<see cref="Observe"/>, then
/// <see cref="Combine"/>).</para>
/// <para>Frozen (<c>learn</c> false: serving a model, nothing learned): the weights, the learned constants and the clean's
/// scale s stay as they are, while the members' states follow the values. What a frozen pool still does at the two
/// events: after a gap longer than the history it takes the value as it is and cleans nothing until as many values
/// have followed as a restarted s would need (s itself is kept); at a change of scale it converts every state, forecast,
/// error memory and scale to the new units by the factor value / forecast (<see cref="ScaleFactor"/>) instead of
/// starting afresh, which it could not re-learn from.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    private readonly int _m, _h, _m2;
    private readonly double[] _levels;        // cleaned y ring of one season
    private readonly double[] _seasonAdd, _seasonMul; // seasonal states by position in the season
    private readonly double[] _first;         // the first season's values (initialisation)
    private readonly float[] _pending;        // [slot][member] forecasts made at the last H rows until scored (PendingForecasts; float: H² memory)
    private readonly MemberScores _scores;    // [h][member] the members' error memories: their weights, the naive gate and test
    private readonly double[] _member;        // scratch: the members' forecasts for one horizon
    private readonly double[] _weights;       // [h][member] the normalised weights of the last Combine (diagnostic)
    private readonly double[] _gapMade = new double[MemberCount];   // the members' forecasts of a lone gap, made the row before (not saved)
    private double _gapNowcast = double.NaN;   // GapNowcast (not saved: a held gap is observed again on Load)
    private readonly double[] _uncorrected;   // [h] the combination of the last Combine before its correction (diagnostic)
    private readonly double[] _history;       // cleaned y_{t−L+1} … y_t, a ring from _head (L = m + ArLags + 1), NaN: missing
    private readonly double[] _path;          // scratch: a member's path ŷ_{t+1} … ŷ_{t+H}, read as E(L + k)
    private int _head;                        // ring position of the oldest history value
    private int _firstMissing;                // NaN positions in _first
    private readonly double[] _ariPath, _arPath, _twoPath, _x;
    private readonly double[] _fourier;        // [phase][2·Harmonics] cos, sin of the second season: a table, O(1) per step, shared by every pool with that season (read only)
    private readonly RecursiveLeastSquares _ari, _ar, _two;
    private readonly LearnedHoltWinters _learnedA, _learnedM;
    private readonly LearnedTheta _theta;
    private readonly OnlineArma _arma;
    private readonly LearnedAirline? _airline;   // with a season only; on log y (it stops at a value ≤ 0)
    private readonly double[] _armaPath, _airlinePath;
    private SelectedAutoregression? _selectedAr;   // of the earlier kind when read from a layout 6–7 file; with a season since layout 11, on y (null: a seasonal pool read from a layout 1–10 file)
    private LogScaleAutoregression? _logAr;        // without a season, the same on ln y, forecasting in its place while every value is positive (null: a pool read from a layout 1–9 file)
    private readonly double[] _selectedArPath;
    private readonly SeasonalArma? _seasonalArma;   // with a season only
    private SeasonalArma? _secondSeasonalArma;      // with a season and a second one (null: none, or a pool read from a layout 1–25 file)
    private FittedLinearTrend? _linearTrend;        // the d = 2 member, with a season only (null: none, or a pool read from a layout 1–13 file)
    private KpssDifferencing? _differencing;        // its gate: combined while the tests say d = 2 (null with it)
    private readonly double[] _linearTrendPath;
    private FittedDriftSmoothing? _driftSmoothing;   // without a season (null: none, or a pool read from a layout 1–14 file)
    // With a season of 4 (layout 15) or 5, 7, 12 (layout 23), on the series adjusted by _classicalIndices; without a season
    // (layout 23), on y itself, without indices (null: another season, or a pool read from a file before its layout).
    private FittedDampedTrend? _adjustedDamped;
    private ClassicalSeasonalIndices? _classicalIndices;   // with the damped trend and a season
    private FittedComb? _comb;   // with a season, on y, its Holt fit _linearTrend (null: none, or a pool read from a layout 1–23 file)
    private RollingMedian? _median;   // without a season, in the Comb's slot (null: none, or a pool read from a layout 1–29 file)
    private readonly double[] _driftPath, _adjustedDampedPath, _combPath;
    private readonly double[] _seasonalArmaPath, _secondSeasonalArmaPath;
    private SeasonalRatioRtu? _ratio;          // the ES-RNN-style RTU member (null: none)
    private readonly ResidualCorrection _correction;   // the stage after the combination: its errors' autocorrelation
    private double _levelMean, _levelSquare;   // running mean and mean square of y (centre and scale the AR on levels)
    private double _changeScale;              // running mean |d| (scales the autoregressions' inputs)
    private long _changeCount;
    private double _ses, _holtLevel, _holtTrend, _hwLevelA, _hwTrendA, _hwLevelM, _hwTrendM;
    private double _mae;                      // running mean absolute one-step error of the combination
    private double _relativeMae;              // the same window's mean of |y − ŷ| / ŷ where both are > 0 (layout 16)
    private bool _absoluteClean;              // a pool read from a layout 1–15 file: the clean judges by s alone, as it did
    private readonly double[] _raw;           // y_{t−m} … y_t as given to Clean (uncleaned), a ring of m + 1 (layout 17)
    private double _rawNext = double.NaN;     // the value the last Clean was given, for row _rawRow
    private long _rawRow = -1;
    private bool _noSeasonRepeats;            // a pool read from a layout 1–16 file: a value repeating last season's is judged as before
    private int _missingRun;                  // rows missing since the last observed value, up to L (L before any value) (layout 18)
    private bool _anySignScaleChange;         // a pool read from a layout 1–18 file: a change of scale is judged on any series, as it was
    private bool _shiftsInProportion = true;  // a confirmed shift that would cross 0 on a positive series moves the past in proportion (false: read from a layout 1–30 file, as it was)
    private bool _robustFits;                 // the least-squares fits weigh errors as Huber's loss does (false: read from a layout 1–19 file, plain, as it was)
    private bool _conditionsFits;             // the least-squares fits keep P symmetric and bounded (false: read from a layout 1–38 file, as it was)
    private bool _memberPriors;               // the weights are multiplied by the members' priors (false: read from a layout 1–20 file, as it was)
    private bool _logMean;                    // one step ahead the members' weighted mean is of ln f (false: read from a layout 1–21 file, as it was)
    private bool _dampedTrendPriors;          // the priors fitted with the damped trend in every pool that has it (false: read from a layout 1–22 file, as it was)
    private bool _horizonWindows;             // the recent errors' window grows with the horizon (WindowAt; false: read from a layout 1–26 file, as it was)
    private bool _resolutionFloor;            // the clean's scale is at least a share of the resolution (false: read from a layout 1–27 file, as it was)
    private double _resolution = double.PositiveInfinity, _lastGiven = double.NaN;   // the smallest change between given values; the last given
    private long _changes, _zeroChanges;      // changes between given values seen, and those exactly 0 (OnAGrid)
    private bool _seasonalZeros;              // a position 0 for ZeroSeasons seasons is forecast 0 (false: read from a layout 1–27 file, as it was)
    private double _zeroRuleLoss, _zeroCombinationLoss;   // where the runs said 0: Σ|y| and Σ|y − ŷ| of the combination's one-step forecasts
    private long _zeroJudged;                 // rows they were summed over
    private readonly int[] _zeroSeasons, _secondZeroSeasons;   // per position of the season / second season: seasons in a row it was 0 (up to ZeroSeasons; empty without one)
    private bool _judgesDepartures;           // a departure from a constant history is a possible spike (false: read from a layout 1–28 file, as it was)
    private double _departureSize;            // the size of the departure last observed again as missing (0: none): the next is judged by it
    private bool _missingAsGap;               // a pool read from a layout 1–17 file: a missing row is left out of the members, as it was
    private long _maeCount, _rows, _observed;
    private double _last = double.NaN, _oneStep = double.NaN;
    private int _outliersInRow, _outlierSide;
    private double _runBound;                 // the bound when the current run of outliers began, without a gap's widening (layout 12)
    private bool _earlierShiftRule;           // a pool read from a layout 1–11 file: a run continues only beyond the current bound
    private double _jumpRate;                 // exponentially weighted rate of jumps (layout 7)
    private double _pendingJump = double.NaN; // the last outlier that began a run, until the next value tells whether it stayed
    private bool _positive = true, _seasonReady;
    private bool _combinesAboveZero = true;   // a combination ≤ 0 on a positive series taken from the members above 0 (false: read from a layout 1–31 file, as it was)
    private bool _combinesFirstSeason = true;   // the members combined h > 1 steps ahead before a season is seen (false: read from a layout 1–36 file, as it was)
    private bool _movesEarlySeasonalNaive = true;   // the early h-step seasonal naive moved toward the level (false: read from a layout 1–32 file, as it was)
    private bool _nonNegative = true;         // every value seen so far is ≥ 0 (missing ones don't count): forecasts are clipped at 0 (layout 13)
    private bool _unusual;                     // the last Clean met an outlier or a level shift: no lesson for the learned constants
    private bool _earlierCombination;         // a pool read from a layout 1–8 file: the damped Holt combined, no naive gate, one-step forecasts not moved at a shift (layout 9)

    /// <summary>
    /// A pool for season length <paramref name="seasonLength"/> (1: none) and horizon <paramref name="horizon"/>, with
    /// the second season <see cref="SecondSeasonOf"/>(<paramref name="seasonLength"/>).
    /// </summary>
    public ForecastPool(int seasonLength, int horizon) : this(seasonLength, horizon, SecondSeasonOf(seasonLength))
    {
    }

    /// <summary>
    /// A pool for season length <paramref name="seasonLength"/> (1: none), horizon <paramref name="horizon"/> and a
    /// second, longer season <paramref name="secondSeason"/> (0: none), e.g. 168 for hourly data with a daily season.
    /// </summary>
    public ForecastPool(int seasonLength, int horizon, int secondSeason) : this(seasonLength, horizon, secondSeason, null)
    {
    }

    /// <summary>
    /// A pool as <see cref="ForecastPool(int, int, int)"/>, with a season (m &gt; 1) also holding the seasonal-ratio RTU
    /// member (<see cref="SeasonalRatioRtu"/>) built from <paramref name="ratioMember"/>'s learner, normaliser window
    /// and clip (its horizon must be <paramref name="horizon"/>); null: none.
    /// </summary>
    public ForecastPool(int seasonLength, int horizon, int secondSeason, RtuForecasterSettings? ratioMember)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (secondSeason != 0 && (secondSeason <= seasonLength || secondSeason > 100_000))
            throw new ArgumentOutOfRangeException(nameof(secondSeason), secondSeason, $"secondSeason must be 0 (none) or in ({seasonLength}, 100000].");
        _m = seasonLength; _h = horizon; _m2 = secondSeason;
        _levels = new double[_m];
        _raw = new double[_m + 1];
        _rawSecond = new double[_m2 > 0 && _m > 1 ? _m2 + 1 : 0];
        Array.Fill(_rawSecond, double.NaN);
        _zeroSeasons = new int[_m > 1 ? _m : 0]; _secondZeroSeasons = new int[_m > 1 ? _m2 : 0];
        _seasonAdd = new double[_m]; _seasonMul = new double[_m]; _first = new double[_m];
        _pending = new float[PendingForecasts.Slots(_h) * MemberCount];
        _scores = new MemberScores(_h * MemberCount);
        _member = new double[MemberCount];
        _weights = new double[_h * MemberCount];
        _uncorrected = new double[_h];
        Array.Fill(_uncorrected, double.NaN);
        _history = new double[Math.Max(_m, _m2) + ArLags + 1];
        _path = new double[_h];
        _ariPath = new double[_h]; _arPath = new double[_h]; _twoPath = new double[_h];
        _x = new double[TwoSeasonSize];
        _fourier = _m2 > 0 ? SeasonHarmonics.Table(_m2, Harmonics) : [];
        _two = new RecursiveLeastSquares(TwoSeasonSize, ArForgetting, ArPrior);
        _ari = new RecursiveLeastSquares(ArLags + 1 + (_m > 1 ? 1 : 0), ArForgetting, ArPrior);
        _ar = new RecursiveLeastSquares(ArLags + 1, ArForgetting, ArPrior);
        _learnedA = new LearnedHoltWinters(_m, HwAlpha, HwBeta, HwGamma, Phi, multiplicative: false);
        _learnedM = new LearnedHoltWinters(_m, HwAlpha, HwBeta, HwGamma, Phi, multiplicative: true);
        _theta = new LearnedTheta(ThetaAlpha);
        _arma = new OnlineArma(ArmaP, ArmaQ, _h, ArForgetting, ArPrior);
        _airline = _m > 1 ? new LearnedAirline(_m, _h, AirlineTheta, AirlineSeasonalTheta, logarithmic: true) : null;
        _armaPath = new double[_h]; _airlinePath = new double[_h];
        _selectedAr = NewSelectedAr();
        _logAr = _m <= 1 ? NewLogAr() : null;
        _selectedArPath = new double[_h];
        _seasonalArma = _m > 1 ? new SeasonalArma(_m, SeasonalArmaP, 0, _h, ArForgetting, ArPrior) : null;
        _seasonalArmaPath = new double[_h];
        _secondSeasonalArmaPath = new double[_h];
        _linearTrendPath = new double[_h];
        _driftPath = new double[_h]; _adjustedDampedPath = new double[_h]; _combPath = new double[_h];
        _correction = new ResidualCorrection(_h);
        if (ratioMember is not null && _m > 1)
        {
            if (ratioMember.Learner.Horizon != horizon) throw new ArgumentException($"The seasonal-ratio member's horizon {ratioMember.Learner.Horizon} differs from the pool's {horizon}.", nameof(ratioMember));
            _ratio = new SeasonalRatioRtu(ratioMember.Learner, ratioMember.NormalizerWindow, ratioMember.InputClip);
        }
        Reset();
    }

    /// <summary>Rows seen.</summary>
    public long Rows => _rows;

    /// <summary>
    /// Whether every value observed since the start (or the last <see cref="Reset"/>) is ≥ 0 (missing values don't
    /// count; one value below 0 turns it off until a reset). While it holds the combined forecasts and the prediction
    /// intervals are clipped at 0 (<see cref="ClipToSupport(Span{float})"/>), as they are to a bound the series has sat
    /// at (<see cref="Ceiling"/>, <see cref="Floor"/>).
    /// </summary>
    public bool NonNegative => _nonNegative;

    /// <summary>
    /// Whether every value the pool has taken has been above 0: what its multiplicative and log members, the relative clean
    /// scale and the change-of-units test need. A level shift never clears it (pool layout 31: a collapse that an additive
    /// move would take to 0 or below moves the past in proportion).
    /// </summary>
    public bool Positive => _positive;

    /// <summary>
    /// Raises values below 0 to 0 while the series is <see cref="NonNegative"/>, and clips them to the bounds the series
    /// has sat at (<see cref="Ceiling"/>, <see cref="Floor"/>; NaN stays NaN): for a target within them a forecast
    /// clipped is never further from it, and an interval bound beyond them covers nothing more.
    /// </summary>
    public void ClipToSupport(Span<float> values)
    {
        var (low, high) = Support();
        if (low == double.NegativeInfinity && high == double.PositiveInfinity) return;
        for (int i = 0; i < values.Length; i++)
            if (values[i] < low) values[i] = (float)low;
            else if (values[i] > high) values[i] = (float)high;
    }

    // A forecast given out, clipped as ClipToSupport(Span<float>) clips.
    private double ClipToSupport(double value)
    {
        var (low, high) = Support();
        return value < low ? low : value > high ? high : value;
    }

    // The pool's own forecasts (what the clean judges by, what a missing row is filled with): at 0 only, so that a
    // saturated bound changes only what is given out.
    private double ClipAtZero(double value) => _nonNegative && value < 0 ? 0 : value;

    /// <summary>
    /// Diagnostic: every member's forecast of y_{t+h} (<paramref name="h"/> 1-based) made at the last <see cref="Combine"/>,
    /// in <see cref="MemberNames"/> order (NaN: none), as stored to be scored (float precision); for offline replays of
    /// the combination (the forecasting sample's <c>--dump-members</c>).
    /// </summary>
    public void WriteMemberForecasts(int h, Span<double> forecasts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(h, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(h, _h);
        if (forecasts.Length != MemberCount) throw new ArgumentException($"forecasts must hold {MemberCount} values.", nameof(forecasts));
        if (_rows == 0) { forecasts.Fill(double.NaN); return; }
        var made = _pending.AsSpan(PendingForecasts.Slot(_rows - 1, h) * MemberCount, MemberCount);
        for (int i = 0; i < MemberCount; i++) forecasts[i] = made[i];
    }

    /// <summary>
    /// Diagnostic: horizon <paramref name="h"/>'s (1-based) combined forecast at the last <see cref="Combine"/> before the
    /// correction (<see cref="ResidualCorrection"/>) was applied (NaN before the first; not saved).
    /// </summary>
    public double UncorrectedForecast(int h) => _uncorrected[h - 1];

    /// <summary>
    /// The share g_h ∈ [0, 1] of the correction of horizon <paramref name="h"/>'s (1-based) combination that is applied
    /// (<see cref="ResidualCorrection"/>: 0 until correcting the combination's autocorrelated errors has helped).
    /// </summary>
    public double CorrectionGate(int h) => _correction.Gate(h);

    /// <summary>
    /// Row t's cleaned value (NaN: missing): scores the members' past forecasts of it (when <paramref name="learn"/>),
    /// then updates their states.
    /// </summary>
    public void Observe(double value, bool learn)
    {
        long t = _rows++;
        ClearBeyondUnlessNoted(t);   // layout 42
        if (learn) _fitsWhileFrozen = false;   // a learning pool fits its members itself (FitsMembersWhenFrozen)
        double given = _rawRow == t ? _rawNext : value;   // a caller that observes without Clean gives the value itself
        _raw[(int)(t % _raw.Length)] = given;
        RememberSecondSeason(t, _rawRow == t ? (_rawNextTaken ? given : double.NaN) : value);
        CountSeasonalZeros(given, t, learn);
        NoteSaturation(t, given);   // layout 36 (ForecastPool.SaturatedBounds.cs)
        // A missing row is filled with the combination's forecast of it (layout 18): the pool's own states and the
        // history the autoregressions read take it, without learning or scoring anything; after a gap as long as the
        // history they wait as they are.
        bool imputed = false;
        if (double.IsNaN(value) && !_missingAsGap && double.IsFinite(_oneStep) && _missingRun < _history.Length)
        {
            value = _oneStep; imputed = true; _missingRun++;
        }
        else if (double.IsNaN(value))
        {
            _missingRun = Math.Min(_missingRun + 1, _history.Length);
            _levels[(int)(t % _m)] = double.NaN;
            _correction.Missing();
            if (!_seasonReady) SetFirst((int)(t % _m), double.NaN);
            Push(double.NaN);
            bool fits = learn || _fitsWhileFrozen;
            _arma.Update(double.NaN, fits); _airline?.Update(double.NaN, fits);
            _selectedAr?.Update(double.NaN, fits); _logAr?.Update(double.NaN, fits); _seasonalArma?.Update(double.NaN, fits);
            _secondSeasonalArma?.Update(double.NaN, fits);
            _linearTrend?.Update(double.NaN, fits); _differencing?.Update(double.NaN, fits);
            _driftSmoothing?.Update(double.NaN, fits); _classicalIndices?.Update(double.NaN); _adjustedDamped?.Update(double.NaN, fits);
            _comb?.Update(double.NaN, fits);
            return;
        }
        if (imputed) { learn = false; _correction.Missing(); }
        else
        {
            if (!_missingAsGap && _missingRun > 0 && _missingRun < _history.Length && double.IsFinite(_oneStep)) BridgeGap(value - _oneStep, _missingRun);
            _missingRun = 0;
            if (learn) ScoreMembers(value, t);
            _correction.Observe(value, t, learn);
            if (value <= 0) _positive = false;
            if (value < 0) _nonNegative = false;   // also for a caller that observes without Clean
        }
        long n = imputed ? _observed : ++_observed;
        if (double.IsNaN(_last))
        {
            _ses = _holtLevel = value; _holtTrend = 0;
        }
        else
        {
            _ses += SesAlpha * (value - _ses);
            double predicted = _holtLevel + Phi * _holtTrend;
            double level = predicted + HoltAlpha * (value - predicted);
            _holtTrend = Phi * _holtTrend + HoltBeta * (level - predicted);
            _holtLevel = level;
        }
        // The seasonal states start from a season of observed values; a filled one would become a seasonal index.
        // The members' own fits learn while the pool does, and in a frozen pool started on a series afresh
        // (FitsMembersWhenFrozen); never from a filled row.
        bool fit = learn || (_fitsWhileFrozen && !imputed);
        if (_m > 1 && imputed && !_seasonReady) SetFirst((int)(t % _m), double.NaN);
        else if (_m > 1) UpdateSeasonal(value, t, n, fit, learn);
        if (imputed) Push(value); else UpdateAutoregressions(value);
        // The members that forecast past a missing row themselves (each with its own forecast) still do.
        double own = imputed ? double.NaN : value;
        _arma.Update(own, fit);
        _airline?.Update(own, fit && !_unusual);
        _selectedAr?.Update(own, fit); _logAr?.Update(own, fit); _seasonalArma?.Update(own, fit);
        _secondSeasonalArma?.Update(own, fit);
        _linearTrend?.Update(own, fit); _differencing?.Update(own, fit);
        _driftSmoothing?.Update(own, fit);
        if (_classicalIndices is not null)
        {
            _classicalIndices.Update(own);   // y_t's own ratio is known ⌊m/2⌋ rows later; it is adjusted by the indices so far
            _adjustedDamped!.Update(double.IsNaN(own) ? double.NaN : _classicalIndices.Adjust(own, t), fit);
        }
        else _adjustedDamped?.Update(own, fit);   // without a season: on y itself
        _comb?.Update(own, fit);
        _median?.Update(own);
        _levels[(int)(t % _m)] = imputed ? double.NaN : value;   // the seasonal naive repeats observed values only
        _last = value;
        if (!imputed) JudgeTransient(value, t);   // layout 35 (ForecastPool.TransientShifts.cs)
    }

    /// <summary>A deep copy.</summary>
    public ForecastPool Clone()
    {
        var c = new ForecastPool(_m, _h, _m2);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) Save(w);
        ms.Position = 0;
        using var r = new BinaryReader(ms);
        c.Load(r);
        return c;
    }

    /// <summary>Forgets the series (states, pending forecasts); the members' error statistics (weights) are kept.</summary>
    public void Reset()
    {
        Array.Fill(_levels, double.NaN);
        Array.Fill(_raw, double.NaN); _rawRow = -1; _rawNext = double.NaN;
        Array.Fill(_rawSecond, double.NaN);
        Array.Clear(_zeroSeasons); Array.Clear(_secondZeroSeasons);   // the seasonal-zero rule's judgement is kept, as the weights are
        _lastGiven = double.NaN;   // the resolution is kept, as the clean's scale is
        Array.Fill(_history, double.NaN);
        _head = 0; _missingRun = _history.Length;
        Array.Fill(_pending, float.NaN);
        Array.Clear(_seasonAdd); Array.Fill(_seasonMul, 1.0); Array.Fill(_first, double.NaN); _firstMissing = _m;
        _ses = _holtLevel = _holtTrend = _hwLevelA = _hwTrendA = _hwLevelM = _hwTrendM = 0;
        _rows = _observed = 0; _last = _oneStep = _gapNowcast = double.NaN; _outliersInRow = 0; _outlierSide = 0;
        _jumpRate = 0; _pendingJump = double.NaN;
        _positive = true; _seasonReady = false; _nonNegative = true; ResetSaturation(); ResetNonPositive();
        _learnedA.Reset(); _learnedM.Reset(); _theta.Reset(); _arma.Reset(); _airline?.Reset();
        ResetSelectedAr();
        _seasonalArma?.Reset();
        // With a second season, a series started afresh gets its seasonal ARIMA, also in a pool read from an older file.
        if (_secondSeasonalArma is not null) _secondSeasonalArma.Reset();
        else if (_m2 > 0 && _m > 1) _secondSeasonalArma = NewSecondSeasonalArma();
        // With a season, a series started afresh gets the d = 2 member, also in a pool read from an older file.
        if (_linearTrend is not null) { _linearTrend.Reset(); _differencing!.Reset(); }
        else if (_m > 1) { _linearTrend = new FittedLinearTrend(_h); _differencing = new KpssDifferencing(); }
        // So do the fitted drift (without a season) and the damped trend (on the adjusted series with a season, on y
        // without one).
        if (_driftSmoothing is not null) _driftSmoothing.Reset();
        else if (_m <= 1) _driftSmoothing = new FittedDriftSmoothing(_h);
        if (_adjustedDamped is not null) { _adjustedDamped.Reset(); _classicalIndices?.Reset(); }
        else if (HasFittedDampedTrend(_m))
        {
            _adjustedDamped = new FittedDampedTrend(_h);
            _classicalIndices = _m > 1 ? new ClassicalSeasonalIndices(_m) : null;
        }
        // And, with a season, the M4 Comb.
        if (_comb is not null && _comb.Shares(_linearTrend)) _comb.Reset();
        else if (_m > 1) _comb = new FittedComb(_h, _linearTrend);   // its Holt fit is the d = 2 member's (layout 25)
        // And, without a season, the rolling median (layout 30).
        if (_median is not null) _median.Reset();
        else if (_m <= 1) _median = new RollingMedian();
        _ratio?.Reset();
        _correction.Reset();
        _earlierCombination = false;   // a series started afresh gets the current combination, also in a pool read from an older file
        _earlierShiftRule = false; _runBound = 0;   // and the current rule for runs of outliers
        _absoluteClean = false;                      // and the current clean's scale
        _missingAsGap = false;                       // and missing rows filled
        _anySignScaleChange = false;                 // and a change of scale judged only on a positive series
        _robustFits = true; ApplyRobustFits();       // and robust least-squares fits
        _conditionsFits = true; ApplyFitConditioning();   // and conditioned ones (layout 39)
        _defersImpreciseRuns = true;                 // and runs beyond a double's precision confirmed only when they last (layout 39)
        _defersGrossRunsWhenFrozen = true;           // and a frozen pool's gross runs observed as missing while they may be glitches (layout 40)
        _memberPriors = true;                        // and the members' priors
        _logMean = true;                             // and the one-step mean of ln f
        _dampedTrendPriors = true;                   // and the priors fitted with the damped trend
        _horizonWindows = true;                      // and windows that grow with the horizon
        _seasonalZeros = true;                       // and seasonal zeros forecast 0
        _resolutionFloor = true;                     // and the clean's scale at least a share of the resolution
        _judgesDepartures = true;                    // and a departure from a constant history judged
        _shiftsInProportion = true;                  // and a shift that would cross 0 on a positive series moved in proportion
        _undoesReturns = true; _shiftRow = -1;       // and a return to the level before a recent shift undoing it
        _combinesAboveZero = true;                   // and a combination ≤ 0 on a positive series taken from the members above 0
        _movesEarlySeasonalNaive = true;             // and the early h-step seasonal naive moved toward the level
        _repeatsSecondSeason = true;                 // and a value repeating the second season's taken as it is
        _takesBackTransients = true; StopWatchingTransient();   // and a first-season shift whose values return taken back
        _fitsWhileFrozen = true;                     // a series started afresh: a frozen pool's members fit it (FitsMembersWhenFrozen)
        _keepsBurstsOut = true;                      // and a burst's gross reversal observed as its forecast (layout 41)
        _takesRepeatedMoves = true; ForgetMoves();   // and an outlier repeating a sharp move a season back taken as it is (layout 42)
        _holdsNonPositive = true;                    // and a lone value ≤ 0 on a positive series held (ForecastPool.NonPositiveValues.cs)
        _combinesFirstSeason = true;                 // and the members combined h > 1 steps ahead in the first season
        _grossBelowZero = true;                      // and a possible spike below the negative of its forecast on a positive series gross
    }
}
