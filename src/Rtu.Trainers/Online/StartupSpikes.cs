namespace Rtu.Trainers.Online;

/// <summary>
/// A forecaster's look back at its first rows: a spike there comes before the forecast pool has any error scale to judge
/// it by (<see cref="ForecastPool.MayBeOutlier"/>), so the rows are kept, with the forecaster as it was before the first
/// (a snapshot), until <see cref="Observed"/> values that are not spikes have been seen (at most <see cref="MaxRows"/>
/// rows). From the third observed value on, at every row, every kept row's value is judged against the other values
/// kept; whenever a judgement changes, the rows are replayed from the snapshot, the spikes as missing values.
/// </summary>
/// <remarks>
/// <para>Why: a value of 100 standard deviations in one of the first rows entered every member's start (the first
/// season, the level, the trend) and every statistic: the MAE of the forecasts made from row 2 on rose by 89.5 % (median
/// of 90 runs on 15 bench series; up to ×404). Only later values tell a spike from a step, so the forecasts made before
/// a spike is judged (at most two, made from the first two values) carry it, every one after does not.</para>
/// <para>The rule: a value is a spike when it lies more than <see cref="Threshold"/> times the range of the others (the
/// observed values kept that are not spikes, two or more) from their median; others that are all equal judge by their
/// size instead (lh begins 2.4, 2.4, 2.4: a spike of 100 standard deviations at row 3, 56.8, was taken as it was and
/// cost the rest of the series' MAE 395 %; now 0.0 %; all 0: no scale, nothing judged), and a count among counts with a
/// zero is not judged (its bursts are its data). A row judged a spike is
/// judged again at every later row against every other value kept, spikes included, and observed again when it is no
/// longer one: a step (the values after it stay where it went) or a true first value that only looked far from two
/// close ones. Screened on the first values of the 104 series of the development bench and held-out sets: a spike of
/// 100 standard deviations of the series scores at least 43 with two others and 41 with three or four, on every series
/// but one of disaster deaths (10 and 11); of the true values, five series score above 20 with only two others
/// (UKDriverDeaths 180: its second and third values are 1,508 and 1,507): each is observed again at the next row.</para>
/// <para>Every kept row is judged, not only the first three (as before): the pool's own early judgement
/// (<see cref="ForecastPool.EarlySpikeErrors"/> scored errors) has no scale either while a first value is observed as
/// missing, and a spike at row 3 after a true first value judged a spike was taken as it was (macro_realgdp: the rest
/// of the series' MAE ×73; <c>benchmarks/Rtu.ForecastSets --spikes</c>).</para>
/// <para>Saved form (fixed length, as every stream of an engine saves to the same length): while rows are kept the
/// forecaster writes the snapshot and then this record, whose rows <see cref="RtuForecaster.Load"/> observes again
/// (the judgements are made again as the rows arrive).</para>
/// </remarks>
internal sealed class StartupSpikes
{
    /// <summary>Observed values from which the first rows are judged.</summary>
    public const int FirstJudged = 3;

    /// <summary>Observed values after which the first rows are judged no more.</summary>
    public const int Observed = 5;

    /// <summary>A candidate further than this many ranges of the other values from their median is a spike.</summary>
    public const double Threshold = 20;

    /// <summary>Rows kept at most: the judgement ends there even with fewer than <see cref="Observed"/> values that are not spikes.</summary>
    public const int MaxRows = 8;

    private readonly double[] _values = new double[MaxRows];
    private readonly bool[] _spike = new bool[MaxRows];
    private readonly float[] _exogenous;
    private readonly int _width;

    public StartupSpikes(int exogenousCount)
    {
        _width = exogenousCount;
        _exogenous = new float[MaxRows * exogenousCount];
    }

    /// <summary>The first rows are still being kept (a new series, until they are judged or given up).</summary>
    public bool Open { get; private set; }

    /// <summary>Rows kept so far.</summary>
    public int Rows { get; private set; }

    /// <summary>The forecaster as it was before the first row (its bytes released when the rows are no longer kept).</summary>
    public ForecasterSnapshot Snapshot { get; } = new();

    /// <summary>Bytes of the record at the end of a saved forecaster (<see cref="Save"/>).</summary>
    public int RecordLength => 1 + 4 + MaxRows * (8 + 4 * _width);

    /// <summary>A new series: its first rows will be kept.</summary>
    public void Reopen() { Close(); Open = true; }

    /// <summary>Stops keeping rows and releases the snapshot's buffer.</summary>
    public void Close()
    {
        Open = false;
        Rows = 0;
        Array.Clear(_spike);
        Snapshot.Release();
    }

    /// <summary>Keeps a row (value as given; NaN: missing).</summary>
    public void Record(double value, ReadOnlySpan<float> exogenous)
    {
        _values[Rows] = value;
        _spike[Rows] = false;
        exogenous.CopyTo(_exogenous.AsSpan(Rows * _width, _width));
        Rows++;
    }

    /// <summary>Forgets the last kept row (it is kept again after its step).</summary>
    public void Unrecord() => Rows--;

    /// <summary>Whether kept row <paramref name="row"/> was judged a spike (it is observed as missing).</summary>
    public bool IsSpike(int row) => _spike[row];

    /// <summary>The value of kept row <paramref name="row"/>.</summary>
    public double Value(int row) => _values[row];

    /// <summary>The exogenous values of kept row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Exogenous(int row) => _exogenous.AsSpan(row * _width, _width);

    /// <summary>Whether the first rows are judged no more: <see cref="Observed"/> values that are not spikes have been kept, or <see cref="MaxRows"/> rows.</summary>
    public bool Complete => Rows >= MaxRows || Count() >= Observed;

    // Kept values observed and not judged spikes.
    private int Count()
    {
        int n = 0;
        for (int i = 0; i < Rows; i++) if (double.IsFinite(_values[i]) && !_spike[i]) n++;
        return n;
    }

    /// <summary>
    /// Judges every kept row against the other values kept, once <see cref="FirstJudged"/> observed values that are not
    /// spikes are kept: a row judged a spike before that is no longer one against every other value kept (spikes
    /// included: the later values show a step, or a first value that only looked far from two close ones) is observed
    /// again; then a row not judged a spike that is one against the others observed and not spikes becomes one. True when
    /// any judgement changed (<see cref="IsSpike(int)"/>): the rows are observed again.
    /// </summary>
    public bool Judge()
    {
        if (Count() < FirstJudged) return false;
        bool changed = false;
        Span<double> others = stackalloc double[MaxRows];
        for (int row = 0; row < Rows; row++)
        {
            if (!_spike[row]) continue;
            var all = Others(row, withSpikes: true, others);
            if (!IsSpike(_values[row], all)) { _spike[row] = false; changed = true; }
        }
        for (int row = 0; row < Rows; row++)
        {
            if (!double.IsFinite(_values[row]) || _spike[row]) continue;
            var kept = Others(row, withSpikes: false, others);
            if (!CountAmongCounts(_values[row], kept) && IsSpike(_values[row], kept)) { _spike[row] = true; changed = true; }
        }
        return changed;
    }

    // The observed values kept other than row's (with or without those judged spikes), in others.
    private ReadOnlySpan<double> Others(int row, bool withSpikes, Span<double> others)
    {
        int k = 0;
        for (int i = 0; i < Rows; i++)
            if (i != row && double.IsFinite(_values[i]) && (withSpikes || !_spike[i])) others[k++] = _values[i];
        return others[..k];
    }

    // A count among counts with zeros (value and others whole numbers ≥ 0, a zero among the others): a count's bursts are
    // its data, not readings gone wrong (disaster deaths 30, 0, 38,690, 17, 0: observing its 38,690 as missing cost its
    // one-step MASE 21 %), so none is judged. A value below 0 or with a fraction among them is no count: an inflation
    // rate whose first value is 0.00 (macro_infl) is judged (a spike of 100 standard deviations at its row 1: +28 % on
    // the rest of the series' MAE, now +0.2 %).
    private static bool CountAmongCounts(double value, ReadOnlySpan<double> others)
    {
        if (value < 0 || value != Math.Floor(value)) return false;
        bool zero = false;
        foreach (double v in others)
        {
            if (v < 0 || v != Math.Floor(v)) return false;
            zero |= v == 0;
        }
        return zero;
    }

    /// <summary>
    /// The rule: <paramref name="value"/> lies more than <see cref="Threshold"/> times the range of
    /// <paramref name="others"/> from their median; when they are all equal, more than that many times their size (all
    /// 0: never, no scale).
    /// </summary>
    public static bool IsSpike(double value, ReadOnlySpan<double> others)
    {
        Span<double> sorted = stackalloc double[others.Length];
        others.CopyTo(sorted);
        sorted.Sort();
        int n = sorted.Length;
        if (n < 2) return false;
        double median = n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] / 2 + sorted[n / 2] / 2;
        double range = sorted[n - 1] - sorted[0], distance = Math.Abs(value - median);
        if (range == 0) range = Math.Abs(median);   // equal others: their size is the only scale (lh: 2.4, 2.4, 2.4)
        return range > 0 && distance > Threshold * range;
    }

    /// <summary>Whether the forecaster writes the snapshot and this record in place of its state (rows are kept).</summary>
    public bool Pending => Open && Rows > 0;

    /// <summary>Writes the record: whether the first rows are being kept, how many, and each (value, exogenous values; zeros past the count).</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(Open);
        w.Write(Rows);
        for (int i = 0; i < MaxRows; i++)
        {
            w.Write(i < Rows ? _values[i] : 0.0);
            for (int j = 0; j < _width; j++) w.Write(i < Rows ? _exogenous[i * _width + j] : 0f);
        }
    }

    /// <summary>
    /// Reads a record written by <see cref="Save"/> into <paramref name="values"/> and <paramref name="exogenous"/>
    /// (<see cref="MaxRows"/> rows); returns whether the rows were being kept, and how many.
    /// </summary>
    /// <exception cref="InvalidDataException">Damaged data.</exception>
    public static bool Read(BinaryReader r, double[] values, float[] exogenous, out int rows)
    {
        bool open = r.ReadBoolean();
        rows = r.ReadInt32();
        int width = exogenous.Length / MaxRows;
        for (int i = 0; i < MaxRows; i++)
        {
            values[i] = r.ReadDouble();
            for (int j = 0; j < width; j++) exogenous[i * width + j] = r.ReadSingle();
        }
        // The rows are observed again as they were given (NaN and ∞ included, as Observe takes them).
        if (rows < 0 || rows >= MaxRows || (!open && rows > 0))
            throw new InvalidDataException($"Stored count of first rows kept ({rows}) is invalid.");
        return open;
    }
}
