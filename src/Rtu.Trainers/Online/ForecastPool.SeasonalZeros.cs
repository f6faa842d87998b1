namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>Seasonal zeros (pool layout 28): on a series that has never gone below 0, a position in the season (or in the
/// second season) whose value was exactly 0 in each of the last <see cref="ZeroSeasons"/> seasons is forecast 0, and while
/// that has never missed its prediction interval is [0, 0] (<see cref="ZeroAtSeasonalZeros"/>). A shop closed on Sundays, a line that stops at
/// night, a product sold only in some months: the value there is 0 by rule, not by chance.</para>
/// <para>Why: the combination weighs its members by their errors over all positions of the season, so the members that
/// forecast a level (SES, the autoregressions, the RTU) kept weight on the closed day from the open ones. An outside audit's
/// daily shop, closed every Sunday for a year with sales of 0: Sunday forecasts averaged 12.2 (up to 55) and the 95 %
/// upper bounds 108, where the seasonal naive forecast is exactly 0 (now 0 and [0, 0] from its seventh Sunday, the
/// other days' forecasts as they were).</para>
/// <para>The rule judges itself: wherever the runs say 0, its loss |y| and the combination's |y − ŷ| are summed, and it
/// acts only once it has been judged <see cref="MinimumScored"/> times and been at least as good. Low counts are 0 three
/// seasons running by chance: without the judgement, weekly hepatitis A cases in Berlin (41 % zeros, a mean of 1) lost
/// 2.4 % one step ahead and four other count series 0.2–1.1 %. Over the twelve sets' 323 series one step ahead, nine
/// series move without the judgement and six with it: github's hourly commits 0.766 → 0.700, the monthly fires of Los
/// Angeles 0.897 → 0.867 and of New Brunswick 0.863 → 0.847, freezing degree days −0.5 % and air crashes −0.3 %,
/// hepatitis A +0.9 %; the geometric mean 0.4866 → 0.4864.</para>
/// <para>The zeros counted are the values as given (before the clean), so a closure that the clean took for a spike still
/// counts; a missing value neither counts nor breaks a run; a value rewound as a lone spike was never observed. The pool's
/// own states, the clean and the members' scores are untouched: only the forecasts given out are 0. The runs follow the
/// values, learning or not, as the seasonal states do; the judgement learns only while the pool learns, and a new series
/// (<see cref="Reset"/>) keeps it, as it keeps the weights: a model served frozen acts on what it learned. A pool read
/// from a layout 1–27 file continues without the rule (it takes it with a series started afresh).</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>Seasons in a row a position's value must have been exactly 0 before it is forecast 0.</summary>
    /// <remarks>
    /// Three: two zeros a season apart happen by chance on low counts (an hourly count at night), three in a row at the
    /// same position far less often.
    /// </remarks>
    public const int ZeroSeasons = 3;

    // Row t's value as given (before its runs are counted): where the runs said 0, the rule's loss |y| and the
    // combination's |y − ŷ| (its one-step forecast of the row, _oneStep until this row's Combine), learning only (a frozen
    // pool keeps its judgement, as it keeps its weights); then the runs of zeros at its positions in the season and the
    // second season, states that continue as the seasonal levels do.
    private void CountSeasonalZeros(double given, long t, bool learn)
    {
        if (double.IsNaN(given)) return;
        if (learn && ZeroRuns(t) && double.IsFinite(_oneStep))
        {
            _zeroRuleLoss = Math.Min(_zeroRuleLoss + Math.Abs(given), double.MaxValue);   // finite, as a load requires
            _zeroCombinationLoss = Math.Min(_zeroCombinationLoss + Math.Abs(given - _oneStep), double.MaxValue);
            if (_zeroJudged < long.MaxValue) _zeroJudged++;
        }
        Count(_zeroSeasons, t, given);
        Count(_secondZeroSeasons, t, given);

        static void Count(int[] runs, long t, double given)
        {
            if (runs.Length <= 1) return;
            int p = (int)(t % runs.Length);
            runs[p] = given == 0 ? Math.Min(runs[p] + 1, ZeroSeasons) : 0;
        }
    }

    // Whether the value at row's position in the season or the second season was 0 in each of the last ZeroSeasons seasons.
    private bool ZeroRuns(long row) =>
        row >= 0 && (_zeroSeasons.Length > 1 && _zeroSeasons[(int)(row % _zeroSeasons.Length)] >= ZeroSeasons
                     || _secondZeroSeasons.Length > 1 && _secondZeroSeasons[(int)(row % _secondZeroSeasons.Length)] >= ZeroSeasons);

    /// <summary>
    /// Whether row <paramref name="row"/>'s value is forecast 0: the series has never gone below 0, the value at the
    /// row's position in the season (or in the second season) was exactly 0 in each of the last <see cref="ZeroSeasons"/>
    /// seasons, and where that has been so, 0 has been judged as a one-step forecast at least <see cref="MinimumScored"/>
    /// times (as a member enters the combination) and been at least as good as the combination's (the sums of their
    /// absolute errors there).
    /// </summary>
    public bool IsSeasonalZero(long row) =>
        _seasonalZeros && _nonNegative && _zeroJudged >= MinimumScored && _zeroRuleLoss <= _zeroCombinationLoss && ZeroRuns(row);

    /// <summary>
    /// Sets to 0 the bounds of the horizons whose targets the last <see cref="Combine"/> forecast as seasonal zeros
    /// (<see cref="IsSeasonalZero"/>), while the rule has never missed (every value where its runs said 0 was 0):
    /// <paramref name="bounds"/>[h − 1] is horizon h's. A closed day's interval is [0, 0].
    /// </summary>
    /// <remarks>
    /// Not once it has missed: on low counts a position is 0 three seasons running and mostly 0 after, but not always,
    /// and an interval of width 0 is then a certain miss (github's hourly commits: one-step 95 % coverage 93.4 → 84.0 %,
    /// MSIS 11.8 → 17.8; over the 323 series 3.755 → 3.762, six steps 4.803 → 4.813). Such a forecast of 0 keeps the
    /// interval the calibration gives, clipped at 0.
    /// </remarks>
    public void ZeroAtSeasonalZeros(Span<float> bounds)
    {
        if (bounds.Length != _h) throw new ArgumentException($"bounds must hold {_h} values.", nameof(bounds));
        if (_rows == 0 || _zeroRuleLoss > 0) return;
        for (int h = 1; h <= _h; h++)
            if (IsSeasonalZero(_rows - 1 + h) && !float.IsNaN(bounds[h - 1])) bounds[h - 1] = 0;
    }

    private void WriteSeasonalZeros(BinaryWriter w)
    {
        w.Write(_seasonalZeros); w.Write(_zeroRuleLoss); w.Write(_zeroCombinationLoss); w.Write(_zeroJudged);
        foreach (int c in _zeroSeasons) w.Write(c);
        foreach (int c in _secondZeroSeasons) w.Write(c);
    }

    private void ReadSeasonalZeros(BinaryReader r, int version)
    {
        Array.Clear(_zeroSeasons); Array.Clear(_secondZeroSeasons);
        // Layouts 1–27 forecast every position by the combination: such a pool continues so.
        _seasonalZeros = version >= 28 && r.ReadBoolean();
        _zeroRuleLoss = _zeroCombinationLoss = 0; _zeroJudged = 0;
        if (version < 28) return;
        _zeroRuleLoss = r.ReadDouble(); _zeroCombinationLoss = r.ReadDouble(); _zeroJudged = r.ReadInt64();
        if (!(_zeroRuleLoss >= 0) || !(_zeroCombinationLoss >= 0) || double.IsInfinity(_zeroRuleLoss) || double.IsInfinity(_zeroCombinationLoss)
            || _zeroJudged < 0)
            throw new InvalidDataException("Stored forecast pool seasonal zero losses are invalid.");
        foreach (var runs in new[] { _zeroSeasons, _secondZeroSeasons })
            for (int i = 0; i < runs.Length; i++)
                if ((runs[i] = r.ReadInt32()) is < 0 or > ZeroSeasons) throw new InvalidDataException("Stored forecast pool seasonal zero counts are invalid.");
    }

    // Bytes of layout 28's section of a saved pool.
    private int SeasonalZerosRecordLength => 1 + 24 + 4 * (_zeroSeasons.Length + _secondZeroSeasons.Length);
}
