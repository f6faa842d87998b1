namespace Rtu.Trainers.Online;

/// <summary>
/// A run of values far from the series that began with a gross possible spike (<see cref="ForecastPool.GrossSpike"/>):
/// kept as given, with the forecaster as it was before the run's first row (a snapshot), while the values stay away from
/// the level before it; when two values in a row come back to that level, the run was a glitch of several rows, and the
/// forecaster observes the rows again from the snapshot, the run's as missing values and the two as given
/// (<c>RtuForecaster</c>, settings layout 19).
/// </summary>
/// <remarks>
/// <para>Why: a lone spike is held and observed again as missing (<see cref="SpikeRewind"/>), but a glitch of two or three
/// rows is not: its second value confirms it as a level shift (or its first, held, is let go), every member is moved to
/// it, and the way back is one more change. The members kept the glitch (a seasonal naive forecast it a season later,
/// smoothing and autoregressive members carried it for years): co2 with a glitch of 100, 150 and 150 standard deviations
/// at three rows, the rest of the series' one-step MAE 25 times the clean run's; US GNP with 10, 15 and 15, 8.9 times.</para>
/// <para>What counts: the run starts at a gross possible spike, the jump J from the forecast it was judged against. A
/// value is away while it lies beyond half of J the same way, and back once within a quarter of J of that forecast (as a
/// return undoes a recent shift, <see cref="ForecastPool.ReturnShare"/>). A run of one row is the spike rewind's; one of
/// up to <see cref="MaxAway"/> rows, followed by two values back, is observed again; anything else ends the run and the
/// rows stay as they were observed (a level shift that stays, a flood's recession that falls slowly).</para>
/// <para>Saved form: <see cref="KeptRows"/>'s record (the rows). While a run is kept the forecaster writes the snapshot
/// and this record; reading observes the rows again, which makes the run (and any hold of its last row) again.</para>
/// </remarks>
internal sealed class GlitchRun : KeptRows
{
    /// <summary>Rows away from the level before a run at most (the pool's <see cref="ForecastPool.ReturnWindow"/>).</summary>
    public const int MaxAway = ForecastPool.ReturnWindow;

    /// <summary>Rows kept at most: the rows away and the first value back (the second is judged at its own step).</summary>
    public const int MaxRows = MaxAway + 2;

    /// <summary>A value is away from the level before the run while it lies beyond this share of the run's jump, the same way.</summary>
    public const double AwayShare = 0.5;

    private double _before, _jump;   // the forecast the first row was judged against, and its jump from it (as given)
    private bool _back;              // the last row kept came back to the level before the run

    /// <summary>
    /// A change of the series was confirmed at a row the run kept (a level shift to the glitch, or back): undone, it is
    /// withdrawn. Not saved: reading a kept run observes its rows again, which confirms them again.
    /// </summary>
    public bool Changed { get; private set; }

    /// <summary>Notes that the row just kept confirmed a change.</summary>
    public void NoteChange() => Changed = true;

    public GlitchRun(int exogenousCount) : base(MaxRows, exogenousCount) { }

    /// <summary>A run starts at a gross possible spike <paramref name="value"/>, judged against <paramref name="before"/> (both as given).</summary>
    public void Start(double before, double value)
    {
        Reopen();
        _before = before; _jump = value - before;
    }

    /// <summary>Whether the run goes on with <paramref name="value"/> (kept after its step), and whether it is the second value back: then the rows are observed again.</summary>
    public (bool Keep, bool Undo) Judge(double value)
    {
        int away = Rows - (_back ? 1 : 0);
        bool back = IsBack(value);
        if (_back) return (false, back);
        if (back) return (away >= 2, false);   // one row away was the spike rewind's
        bool stillAway = double.IsFinite(value) && (value - _before) / _jump > AwayShare;
        return (stillAway && away < MaxAway, false);
    }

    /// <summary>Keeps <paramref name="value"/> (a row <see cref="Judge"/> kept).</summary>
    public void Keep(double value, ReadOnlySpan<float> exogenous)
    {
        _back = IsBack(value);
        Record(value, exogenous);
    }

    /// <summary>The rows away from the level before the run are observed again as missing; the values back as given.</summary>
    public override bool IsSpike(int row) => row < Rows && !IsBack(Values[row]);

    // Back at the level before the run: within a quarter of its jump of the forecast its first row was judged against.
    private bool IsBack(double value) => double.IsFinite(value) && Math.Abs(value - _before) < ForecastPool.ReturnShare * Math.Abs(_jump);

    protected override void ForgetJudgements() { _before = _jump = 0; _back = Changed = false; }

    /// <summary>Reads a record written by <see cref="KeptRows.Save"/>; returns whether a run was kept.</summary>
    public static bool Read(BinaryReader r, double[] values, float[] exogenous, out int rows) =>
        Read(r, MaxRows, exogenous.Length / MaxRows, values, exogenous, "a glitch's rows", out rows);
}
