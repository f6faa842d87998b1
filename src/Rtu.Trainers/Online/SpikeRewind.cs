namespace Rtu.Trainers.Online;

/// <summary>
/// A forecaster's second look at a possible spike (<see cref="ForecastPool.MaySpike"/>): the forecaster as it was before
/// the row (a snapshot), the value as given, its exogenous values and the forecast it was judged against, held for one
/// row. When the next value returns (<see cref="ForecastPool.SpikeReturned"/>) the forecaster goes back to the snapshot
/// and observes the spike as a missing value, so no member, statistic or history carries it; when the next value stays
/// near it (<see cref="Stayed"/>), the forecaster may observe it again as a level shift (<c>RtuForecaster.JumpShiftBound</c>);
/// otherwise the hold ends.
/// </summary>
/// <remarks>
/// <para>Why: a cleaned spike still entered every member as the forecast ± <see cref="ForecastPool.OutlierBound"/>·s, and
/// on smooth series that is a shock the trend and seasonal members carry for years (a spike of 100 standard deviations
/// at row 40 of austres: the rest of the series' MAE +85 %; as a missing value +0.7 %); before the clean has a scale
/// (the first 10–13 rows) a spike was not cleaned at all and multiplied the rest of the series' MAE by 2.8 to 470 (14 of
/// the 15 shorter bench series; treering +2 %). Only the next value tells a spike from a jump or a level shift, so the
/// decision waits one row.</para>
/// <para>Cost: a snapshot is written only on rows whose value lies beyond the smallest outlier bound (rare), into a buffer
/// rented from the shared pool and returned when the hold ends (<see cref="ForecasterSnapshot"/>), so an ordinary row
/// allocates nothing and a stream keeps its size; what a spike allocates is the forecasters read back from the snapshot,
/// one to three of them, each about the forecaster's own size.</para>
/// <para>Saved form (fixed length, so that every stream of an engine saves to the same length): a holding forecaster
/// writes the snapshot (itself as it was before the row) and then the held row, its value and exogenous values; reading
/// it observes that row again, which gives back the holding forecaster bit for bit.</para>
/// </remarks>
internal sealed class SpikeRewind
{
    private readonly float[] _exogenous;
    private double _judgedAgainst;

    public SpikeRewind(int exogenousCount) => _exogenous = new float[exogenousCount];

    /// <summary>A possible spike waits for the next value.</summary>
    public bool Pending { get; private set; }

    /// <summary>The possible spike, as given (NaN: a held gap, <see cref="HoldGap"/>).</summary>
    public double Spike { get; private set; }

    /// <summary>The spike row's exogenous values, to observe it again.</summary>
    public ReadOnlySpan<float> Exogenous => _exogenous;

    /// <summary>The one-step forecast the held row was judged against (the value a missing row was filled with).</summary>
    public double JudgedAgainst => _judgedAgainst;

    /// <summary>The clean's scale the held row was judged by (<see cref="ForecastPool.OutlierScale"/> before it; NaN for a gap).</summary>
    public double JudgedBy { get; private set; }

    /// <summary>The held spike is gross (<see cref="ForecastPool.GrossSpike"/>): its row's forecast was made as if it were missing.</summary>
    public bool Gross { get; private set; }

    /// <summary>The forecaster as it was before the held row (its bytes released when the hold ends).</summary>
    public ForecasterSnapshot Snapshot { get; } = new();

    /// <summary>Bytes of the held row's record at the end of a saved forecaster (<see cref="Save"/>).</summary>
    public int RecordLength => 1 + 8 + 4 * _exogenous.Length;

    /// <summary>Writes the forecaster as it is before a row that may hold a spike.</summary>
    public void Take(Action<BinaryWriter> save, int sizeHint)
    {
        Pending = false;
        Snapshot.Take(save, sizeHint);
    }

    /// <summary>The row held a possible spike: it waits for the next value.</summary>
    public void Hold(double spike, double judgedAgainst, double judgedBy, ReadOnlySpan<float> exogenous, bool gross)
    {
        Spike = spike; _judgedAgainst = judgedAgainst; JudgedBy = judgedBy; Gross = gross;
        exogenous.CopyTo(_exogenous);
        Pending = true;
    }

    /// <summary>The row was missing: it waits for the next value, which tells what it most likely was.</summary>
    public void HoldGap(double filledWith, ReadOnlySpan<float> exogenous) => Hold(double.NaN, filledWith, double.NaN, exogenous, gross: false);

    /// <summary>Whether <paramref name="next"/> shows the held value was a lone spike (a held gap: whether it is observed); the hold ends with the call, the snapshot with the next <see cref="Take"/> or <see cref="Drop"/>.</summary>
    public bool Returned(double next)
    {
        if (!Pending) return false;
        Pending = false;
        if (double.IsNaN(Spike)) return double.IsFinite(next);
        return ForecastPool.SpikeReturned(Spike, _judgedAgainst, next);
    }

    /// <summary>
    /// Whether <paramref name="next"/> shows the held possible spike was a jump, a move the series stayed at: nearer the
    /// held value than half its distance from the forecast it was judged against (the mirror of
    /// <see cref="ForecastPool.SpikeReturned"/>). Call before <see cref="Returned"/>, which ends the hold.
    /// </summary>
    public bool Stayed(double next) =>
        Pending && !double.IsNaN(Spike) && double.IsFinite(next)
        && Math.Abs(RunningNormalizer.Saturate(next) - Spike) < 0.5 * Math.Abs(Spike - _judgedAgainst);

    /// <summary>Ends a hold and releases the snapshot's buffer.</summary>
    public void Drop()
    {
        Pending = false;
        Snapshot.Release();
    }

    /// <summary>Writes the held row's record: whether a row is held, its value and its exogenous values (zeros when none).</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(Pending);
        w.Write(Pending ? Spike : 0.0);
        foreach (float v in _exogenous) w.Write(Pending ? v : 0f);
    }

    /// <summary>
    /// Reads a record written by <see cref="Save"/>: false, or true with the held row's value (NaN: a held gap, allowed
    /// only when <paramref name="gaps"/>) and exogenous values.
    /// </summary>
    /// <exception cref="InvalidDataException">Damaged data.</exception>
    public static bool ReadHeld(BinaryReader r, float[] exogenous, bool gaps, out double spike)
    {
        bool held = r.ReadBoolean();
        spike = r.ReadDouble();
        for (int i = 0; i < exogenous.Length; i++) exogenous[i] = r.ReadSingle();
        if (!held) return false;
        if (double.IsNaN(spike) && !gaps) throw new InvalidDataException("Stored held spike is NaN.");
        if (double.IsInfinity(spike)) throw new InvalidDataException("Stored held spike is ∞.");
        if (exogenous.Any(float.IsInfinity)) throw new InvalidDataException("Stored held spike's exogenous values hold ∞.");
        return true;
    }
}
