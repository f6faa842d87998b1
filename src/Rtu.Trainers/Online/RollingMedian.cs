using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// The median of the last <see cref="Window"/> values given, as the forecast of every next value: a member of
/// <see cref="ForecastPool"/> without a season (pool layout 30). O(<see cref="Window"/>) per step (a ring of the values
/// and the same values kept sorted), no allocation.
/// </summary>
/// <remarks>
/// Why: every other member of a pool without a season follows the last values through a mean (smoothing, least squares),
/// so on series of rare large events (yearly disaster deaths, counts with bursts, sea-level maxima) a burst the clean
/// takes as data pulls each of them up for years, while the series' typical value stays where it was. The median of a
/// window is the robust level the M-competitions' simple methods lack; screened with the member priors fitted again for
/// it (each set held out of the fit in turn), over the 323 series of the development sets 0.4873 → 0.4868, without a
/// season 0.7918 → 0.7893, with the last 50 values 0.4869 (NOTEBOOK, sixty-first pass). An even count takes the mean of
/// the two middle values. Forecasts from <see cref="MinimumCount"/> values on.
/// </remarks>
public sealed class RollingMedian
{
    /// <summary>Values the median is taken over.</summary>
    public const int Window = 25;

    /// <summary>Values given before it forecasts.</summary>
    public const int MinimumCount = 3;

    private readonly double[] _ring = new double[Window];    // the values in the order given, oldest at _head once full
    private readonly double[] _sorted = new double[Window];  // the same values, ascending, in [0, _count)
    private int _count, _head;

    /// <summary>An empty window.</summary>
    public RollingMedian() => Reset();

    /// <summary>Values in the window.</summary>
    public int Count => _count;

    /// <summary>Bytes <see cref="Save"/> writes.</summary>
    public static int SavedLength => 4 + 4 + 4 + 8 * Window;

    /// <summary>Value <paramref name="value"/> enters the window (the oldest leaves a full one); NaN (missing) changes nothing.</summary>
    public void Update(double value)
    {
        if (!double.IsFinite(value)) return;
        if (_count == Window)
        {
            Remove(_ring[_head]);
            _ring[_head] = value;
            _head = (_head + 1) % Window;
        }
        else _ring[(_head + _count) % Window] = value;
        Insert(value);
    }

    /// <summary>The median of the window (NaN with fewer than <see cref="MinimumCount"/> values).</summary>
    public double Forecast()
    {
        if (_count < MinimumCount) return double.NaN;
        int middle = _count / 2;
        return _count % 2 == 1 ? _sorted[middle] : 0.5 * (_sorted[middle - 1] + _sorted[middle]);
    }

    // _sorted[0, _count) with one copy of `value` removed (it is there: the ring and the sorted values hold the same).
    private void Remove(double value)
    {
        int at = Array.BinarySearch(_sorted, 0, _count, value);
        if (at < 0) throw new InvalidOperationException("Rolling median's sorted values lost one of its window.");
        Array.Copy(_sorted, at + 1, _sorted, at, _count - at - 1);
        _count--;
    }

    private void Insert(double value)
    {
        int at = Array.BinarySearch(_sorted, 0, _count, value);
        if (at < 0) at = ~at;
        Array.Copy(_sorted, at, _sorted, at + 1, _count - at);
        _sorted[at] = value;
        _count++;
    }

    /// <summary>The series' past moves by <paramref name="delta"/> (a level shift).</summary>
    public void Shift(double delta)
    {
        // Clamped, so that no value becomes infinite (a window that could not be saved) or NaN (one the sorted copy loses).
        for (int i = 0; i < _count; i++) _ring[(_head + i) % Window] = Finite(_ring[(_head + i) % Window] + delta);
        Sort();
    }

    /// <summary>The series' past is expressed in units <paramref name="factor"/> times the old ones.</summary>
    public void Rescale(double factor)
    {
        for (int i = 0; i < _count; i++) _ring[(_head + i) % Window] = Finite(_ring[(_head + i) % Window] * factor);
        Sort();
    }

    private static double Finite(double v) => double.IsNaN(v) ? 0 : Math.Clamp(v, -double.MaxValue, double.MaxValue);

    // The sorted values again from the ring (after a rescale, which may reverse the order, and after a load).
    private void Sort()
    {
        for (int i = 0; i < _count; i++) _sorted[i] = _ring[(_head + i) % Window];
        Array.Sort(_sorted, 0, _count);
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        Array.Clear(_ring); Array.Clear(_sorted);
        _count = _head = 0;
    }

    /// <summary>Writes the window: its size, the count, the oldest value's place and the ring.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(Window); w.Write(_count); w.Write(_head);
        BinaryRuns.Write<double>(w, _ring);
    }

    /// <summary>Reads a window written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        int window = r.ReadInt32();
        if (window != Window) throw new InvalidDataException($"Stored rolling median has a window of {window}, this one {Window}.");
        int count = r.ReadInt32(), head = r.ReadInt32();
        if (count is < 0 or > Window || head is < 0 or >= Window || (count < Window && head != 0))
            throw new InvalidDataException("Stored rolling median's count or position is invalid.");
        var ring = new double[Window];   // read aside: a refused window leaves this one as it was
        BinaryRuns.Read<double>(r, ring);
        for (int i = 0; i < count; i++)
            if (!double.IsFinite(ring[(head + i) % Window])) throw new InvalidDataException("Stored rolling median holds a value that is not finite.");
        ring.CopyTo(_ring, 0);
        _count = count; _head = head;
        Sort();
    }
}
