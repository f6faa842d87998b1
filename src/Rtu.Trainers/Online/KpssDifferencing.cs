namespace Rtu.Trainers.Online;

/// <summary>
/// The differencing order d ∈ {0, 1, 2} that auto.arima's first step (<c>forecast::ndiffs</c>: KPSS tests at 5 %) chooses
/// on the values seen so far, kept online: d = 0 while the test does not reject level stationarity of y, 1 when it
/// rejects it for y but not for the changes y_t − y_{t−1}, 2 when it rejects it for both. O(<see cref="KpssStatistic.MaxLags"/>)
/// per value, no allocation.
/// </summary>
/// <remarks>
/// A change spanning missing values is not a one-step change and is left out (the next one starts after it). The order is
/// 0 until <see cref="MinimumChanges"/> changes have been seen. A frozen model (<c>learn</c> false) keeps its order.
/// </remarks>
public sealed class KpssDifferencing
{
    /// <summary>Changes seen before the order can be above 0 (the tests' asymptotic critical value needs some length).</summary>
    public const int MinimumChanges = 12;

    private readonly KpssStatistic _levels = new(), _changes = new();
    private double _last = double.NaN;   // the last value (NaN: missing or none)

    /// <summary>The differencing order the tests choose now.</summary>
    public int Order { get; private set; }

    /// <summary>The KPSS statistic of the values (NaN before 3).</summary>
    public double LevelStatistic => _levels.Statistic;

    /// <summary>The KPSS statistic of the changes (NaN before 3).</summary>
    public double ChangeStatistic => _changes.Statistic;

    /// <summary>Value <paramref name="value"/> (NaN: missing); with <paramref name="learn"/> false the tests keep their statistics and the order.</summary>
    public void Update(double value, bool learn)
    {
        if (!double.IsFinite(value)) { _last = double.NaN; return; }
        if (learn)
        {
            _levels.Add(value);
            if (double.IsFinite(_last)) _changes.Add(value - _last);
            bool levels = _levels.Count > MinimumChanges && _levels.Statistic > KpssStatistic.Critical5;
            bool changes = levels && _changes.Count >= MinimumChanges && _changes.Statistic > KpssStatistic.Critical5;
            Order = !levels ? 0 : changes ? 2 : 1;
        }
        _last = value;
    }

    /// <summary>The series' past moves by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta)
    {
        _levels.Shift(delta);
        _last += delta;   // NaN stays NaN
    }

    /// <summary>The series' past is expressed in units <paramref name="factor"/> times the old ones.</summary>
    public void Rescale(double factor)
    {
        _levels.Rescale(factor); _changes.Rescale(factor);
        _last *= factor;
    }

    /// <summary>Forgets the series.</summary>
    public void Reset()
    {
        _levels.Reset(); _changes.Reset();
        _last = double.NaN; Order = 0;
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        _levels.Save(w); _changes.Save(w);
        w.Write(_last); w.Write(Order);
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged data.</exception>
    public void Load(BinaryReader r)
    {
        _levels.Load(r); _changes.Load(r);
        _last = r.ReadDouble(); Order = r.ReadInt32();
        if (double.IsInfinity(_last) || Order is < 0 or > 2) throw new InvalidDataException("Stored differencing order is invalid.");
    }
}
