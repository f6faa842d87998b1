namespace Rtu.Trainers.Online;

/// <summary>
/// A new series' first rows, kept as given with the forecaster as it was before the first (a snapshot) until they are
/// judged, and observed again from there when a judgement finds a spike among them: what <see cref="StartupSpikes"/> (the
/// first rows) and <see cref="FirstSeasonsReview"/> (a seasonal series' first three seasons) hold.
/// </summary>
/// <remarks>
/// Saved form (fixed length for a given capacity, as every stream of an engine saves to the same length): whether rows are
/// being kept, how many, and <see cref="Capacity"/> rows (value, exogenous values; zeros past the count). While rows are
/// kept the forecaster writes the snapshot and then this record, whose rows <see cref="RtuForecaster.Load(BinaryReader)"/> observes
/// again. The snapshot's bytes are released when the rows are no longer kept, so a stream that keeps none keeps its size.
/// </remarks>
internal abstract class KeptRows
{
    private readonly double[] _values;
    private readonly float[] _exogenous;

    protected KeptRows(int capacity, int exogenousCount)
    {
        Width = exogenousCount;
        _values = new double[capacity];
        _exogenous = new float[capacity * exogenousCount];
    }

    /// <summary>Rows kept at most (0: none are kept).</summary>
    public int Capacity => _values.Length;

    /// <summary>Exogenous values per row.</summary>
    protected int Width { get; }

    /// <summary>The rows are being kept (a new series, until they are judged or given up).</summary>
    public bool Open { get; private set; }

    /// <summary>Rows kept so far.</summary>
    public int Rows { get; private set; }

    /// <summary>The forecaster as it was before the first row (its bytes released when the rows are no longer kept).</summary>
    public ForecasterSnapshot Snapshot { get; } = new();

    /// <summary>Whether the forecaster writes the snapshot and this record in place of its state (rows are kept).</summary>
    public bool Pending => Open && Rows > 0;

    /// <summary>Bytes of the record at the end of a saved forecaster (<see cref="Save"/>).</summary>
    public int RecordLength => 1 + 4 + Capacity * (8 + 4 * Width);

    /// <summary>The values kept, as given (the first <see cref="Rows"/>).</summary>
    protected double[] Values => _values;

    /// <summary>A new series: its first rows will be kept (none when the capacity is 0).</summary>
    public void Reopen() { Close(); Open = Capacity > 0; }

    /// <summary>Stops keeping rows, forgets the judgements and releases the snapshot's buffer.</summary>
    public void Close()
    {
        Open = false;
        Rows = 0;
        ForgetJudgements();
        Snapshot.Release();
    }

    /// <summary>Keeps a row (value as given; NaN: missing).</summary>
    public void Record(double value, ReadOnlySpan<float> exogenous)
    {
        _values[Rows] = value;
        exogenous.CopyTo(_exogenous.AsSpan(Rows * Width, Width));
        Rows++;
        RowRecorded(Rows - 1);
    }

    /// <summary>Forgets the last kept row (it is kept again after its step).</summary>
    public void Unrecord() => Rows--;

    /// <summary>The value of kept row <paramref name="row"/>, as given.</summary>
    public double Value(int row) => _values[row];

    /// <summary>The exogenous values of kept row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Exogenous(int row) => _exogenous.AsSpan(row * Width, Width);

    /// <summary>Whether kept row <paramref name="row"/> was judged a spike (it is observed again as missing).</summary>
    public abstract bool IsSpike(int row);

    /// <summary>The value kept row <paramref name="row"/> is observed again as: missing when judged a spike, else as given.</summary>
    public virtual double ObservedAgain(int row) => IsSpike(row) ? double.NaN : _values[row];

    /// <summary>The median of <paramref name="values"/> (sorts them): what both judgements measure from.</summary>
    protected static double Median(Span<double> values) => Numerics.OrderStatistics.Median(values);

    /// <summary>Every judgement is forgotten (the rows are no longer kept).</summary>
    protected abstract void ForgetJudgements();

    /// <summary>Row <paramref name="row"/> was just kept: no judgement of it stands yet.</summary>
    protected virtual void RowRecorded(int row) { }

    /// <summary>Writes the record: whether rows are being kept, how many, and each (value, exogenous values; zeros past the count).</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(Open);
        w.Write(Rows);
        for (int i = 0; i < Capacity; i++)
        {
            w.Write(i < Rows ? _values[i] : 0.0);
            for (int j = 0; j < Width; j++) w.Write(i < Rows ? _exogenous[i * Width + j] : 0f);
        }
    }

    /// <summary>Writes the record of no rows kept (as <see cref="Save"/> writes it when none are), whatever is kept.</summary>
    public void SaveNone(BinaryWriter w)
    {
        w.Write(false);
        w.Write(0);
        for (int i = 0; i < Capacity; i++)
        {
            w.Write(0.0);
            for (int j = 0; j < Width; j++) w.Write(0f);
        }
    }

    /// <summary>
    /// Reads a record written by <see cref="Save"/> for <paramref name="capacity"/> rows of <paramref name="width"/>
    /// exogenous values into <paramref name="values"/> and <paramref name="exogenous"/>; returns whether rows were being
    /// kept, and how many (fewer than the capacity: the last row is judged at its own step). The rows are observed again
    /// as they were given (NaN and ∞ included, as Observe takes them).
    /// </summary>
    /// <exception cref="InvalidDataException">A count out of range, rows kept while none are, or rows kept with no capacity.</exception>
    protected static bool Read(BinaryReader r, int capacity, int width, double[] values, float[] exogenous, string what, out int rows)
    {
        bool open = r.ReadBoolean();
        rows = r.ReadInt32();
        for (int i = 0; i < capacity; i++)
        {
            values[i] = r.ReadDouble();
            for (int j = 0; j < width; j++) exogenous[i * width + j] = r.ReadSingle();
        }
        if (rows < 0 || rows >= Math.Max(capacity, 1) || (!open && rows > 0) || (open && capacity == 0))
            throw new InvalidDataException($"Stored count of {what} kept ({rows}) is invalid.");
        return open;
    }
}
