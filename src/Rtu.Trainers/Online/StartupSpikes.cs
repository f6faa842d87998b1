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
/// <para>The rule: a value is a spike when it lies more than <see cref="Threshold"/> times the range of the others (two
/// or more) from their median; others that are all equal judge by their size instead (lh begins 2.4, 2.4, 2.4: a spike
/// of 100 standard deviations at row 3, 56.8, was taken as it was and cost the rest of the series' MAE 395 %; now
/// 0.0 %; all 0: no scale, nothing judged), and a count among counts with a zero is not newly judged (its bursts are its
/// data). A value's others are the other observed values kept, leaving out one that is itself a spike against the rest
/// while three or more remain (so that two spikes do not hide each other: ±100 standard deviations at rows 1 and 4 of
/// CO2 cost the rest ×5.7 when the second one unjudged the first, 0.9 % now), but never the neighbouring value on the
/// same side (a step: the values after it stay where it went). The judgement is made afresh at every row from the values
/// kept: a step judged a spike at its first row is observed again at the next, as is a true first value that only
/// looked far from two close ones. Spikes may be at most half the values judged (two equal spikes among four values make
/// every value look like one), else none is judged until more values tell. Screened on the first values of the 104
/// series of the development bench and held-out sets: a spike of 100 standard deviations of the series scores at least
/// 43 with two others and 41 with three or four, on every series but one of disaster deaths (10 and 11); of the true
/// values, five series score above 20 with only two others (UKDriverDeaths 180: its second and third values are 1,508
/// and 1,507): each is observed again at the next row.</para>
/// <para>Saved form (fixed length, as every stream of an engine saves to the same length): while rows are kept the
/// forecaster writes the snapshot and then this record, whose rows <see cref="RtuForecaster.Load(BinaryReader)"/> observes again
/// (the judgements are made again as the rows arrive).</para>
/// </remarks>
internal sealed class StartupSpikes : KeptRows
{
    /// <summary>Observed values from which the first rows are judged.</summary>
    public const int FirstJudged = 3;

    /// <summary>Observed values after which the first rows are judged no more.</summary>
    public const int Observed = 5;

    /// <summary>A candidate further than this many ranges of the other values from their median is a spike.</summary>
    public const double Threshold = 20;

    /// <summary>Rows kept at most: the judgement ends there even with fewer than <see cref="Observed"/> values that are not spikes.</summary>
    public const int MaxRows = 8;

    private readonly bool[] _spike = new bool[MaxRows];
    private readonly bool[] _gross = new bool[MaxRows];

    public StartupSpikes(int exogenousCount) : base(MaxRows, exogenousCount) { }

    /// <inheritdoc/>
    public override bool IsSpike(int row) => _spike[row];

    /// <inheritdoc/>
    protected override void ForgetJudgements() { Array.Clear(_spike); Array.Clear(_gross); }

    /// <inheritdoc/>
    protected override void RowRecorded(int row) => _spike[row] = _gross[row] = false;

    /// <summary>
    /// A spike lies this many times <see cref="Threshold"/> from the others or more: gross (<see cref="IsGrossSpike"/>).
    /// </summary>
    /// <remarks>
    /// A reading gone wrong lies far beyond the rule: a spike of 100 standard deviations in rows 2–4 of austres, Johnson
    /// &amp; Johnson, CO2 and petrol lies beyond 200 ranges of the others (tested). A true first swing of the season can
    /// pass the rule by a few times: a first December that doubles a level with noise of 3 lies beyond 100 ranges of
    /// three others within one or two noise units in 1 of 160 runs, beyond 200 in none. Smoothed toward the level, such
    /// a December entered the first season's states as an ordinary month; over 40 seeds with the first December at rows
    /// 1–4, the rest's MAE rose in 10 of 160 runs (by up to 30 %) at a factor of 2, in 2 at 3, in 1 at 5 and in none at
    /// 10, while the spike screen's runs over 5 % went 65 → 59, 59, 60 and 62 (of 1,207; a spike of 100 times the
    /// series' mean size: 65 → 59 at 10).
    /// </remarks>
    public const double GrossFactor = 10;

    /// <summary>
    /// Whether kept row <paramref name="row"/> was judged a spike and lies <see cref="GrossFactor"/> times as far as the
    /// rule asks: a reading gone wrong, not a first swing of the season. Only such a spike, judged at its own row, is
    /// smoothed as a lone gap once the next value is seen.
    /// </summary>
    public bool IsGrossSpike(int row) => _gross[row];

    /// <summary>
    /// Whether a spike on the other side of 0 from every other value, and further from 0 than their median is on theirs,
    /// is gross too (<see cref="IsGrossSpike"/>; settings layout 22): false for a forecaster read from an older file,
    /// which judges it as it did.
    /// </summary>
    /// <remarks>
    /// A season's first swing of a series that stays on one side of 0 does not cross it by more than the level (a
    /// multiplicative season never crosses it), while a reading gone wrong does: a sentinel such as −9,999, a lost sign.
    /// Judged only against the others' range such a spike could fall short of <see cref="GrossFactor"/> (−34.9 after 2.15
    /// and 2.36 lies 177 of their ranges away, and 41 once the next value, 1.45, has widened them, where the gross
    /// judgement that smooths it is made), so it stayed an unsmoothed gap where a missing value is smoothed from the next
    /// one: M1_QRC19 (quarterly) with it at row 2 cost the rest of the series' MAE from two rows after it 13.3 % more than
    /// the value missing, UK spirits with −27.1 at row 4 18.7 % more. Spike screen of the twelve sets (100 standard
    /// deviations): runs over 5 % 225 → 219, over 5 % beyond the value missing 29 → 21; the clean series byte for byte as
    /// before, and so are 1,209 series derived from them that cross 0 (changes, seasonal differences, de-meaned; an
    /// outside review). The cost: a seasonal series whose true first swing crosses 0 has that swing smoothed, as a
    /// missing value there would be. Over 40 seeds, three quarters near −1 and a fourth at +8 or +20: a swing at row 3
    /// cost the forecasts inside the first three seasons 12–20 % (median), but after them gained 24–88 % (the first seasons'
    /// review estimates the smoothed row from the later seasons; the unsmoothed gap kept its season off), one at row 4
    /// gained in both; monthly values near +1.5 and one month at −8 or −20: inside the three seasons a swing at row 2
    /// gained 21–27 %, at rows 3–4 cost 2–4 %; after them rows 2–4 cost 8–20 % (errors of the noise's size: both forecast
    /// the swing).
    /// </remarks>
    public bool JudgesAcrossZero { get; set; } = true;

    /// <summary>
    /// Whether a neighbour on the same side beyond a double's precision (<see cref="ForecastPool.MaxShift"/> times the
    /// larger of the other values' range and size) leaves the value a spike rather than a step (the forecaster's settings
    /// layout 24; false for one read from an older file): two readings of 1e30 in a row after 12, 13, 13 were taken for
    /// one step and kept by every member for good.
    /// </summary>
    public bool LimitsSteps { get; set; } = true;

    // Whether `value` lies on the other side of 0 from every one of `others` and further from 0 than their median.
    private static bool AcrossZero(double value, ReadOnlySpan<double> others)
    {
        bool above = true, below = true;
        foreach (double v in others) { above &= v > 0; below &= v < 0; }
        if (!above && !below || others.Length == 0) return false;
        Span<double> sorted = stackalloc double[others.Length];
        others.CopyTo(sorted);
        double median = Median(sorted);
        return above ? value < -median : value > -median;
    }

    /// <summary>Whether the first rows are judged no more: <see cref="Observed"/> values that are not spikes have been kept, or <see cref="MaxRows"/> rows.</summary>
    public bool Complete => Rows >= MaxRows || Count() >= Observed;

    // Kept values observed and not judged spikes.
    private int Count()
    {
        int n = 0;
        for (int i = 0; i < Rows; i++) if (double.IsFinite(Values[i]) && !_spike[i]) n++;
        return n;
    }

    /// <summary>
    /// Judges every kept value afresh against the other values kept, once <see cref="FirstJudged"/> values are observed:
    /// true when any judgement changed (<see cref="IsSpike(int)"/>), and the rows are then observed again. A value's
    /// others leave out any other value that is itself a spike against the rest (so two spikes do not hide each other),
    /// unless it is the next or previous value on the same side (a step: the values after it stay where it went), while
    /// three or more others remain. The spikes may be at most half the values observed, else none is judged until more
    /// are seen.
    /// </summary>
    public bool Judge()
    {
        int observed = 0;
        for (int i = 0; i < Rows; i++) if (double.IsFinite(Values[i])) observed++;
        if (observed < FirstJudged) return false;
        Span<double> others = stackalloc double[MaxRows], rest = stackalloc double[MaxRows];
        Span<bool> spikes = stackalloc bool[MaxRows], gross = stackalloc bool[MaxRows];
        int judged = 0;
        for (int row = 0; row < Rows; row++)
        {
            spikes[row] = double.IsFinite(Values[row]) && IsJudgedSpike(row, others, rest, out gross[row]);
            if (spikes[row]) judged++;
        }
        // Spikes are not the majority: two equal spikes among four values (S, v, S, v) judge every value a spike against
        // the others left; until more values tell, nothing is judged.
        if (2 * judged > observed) { spikes.Clear(); gross.Clear(); }
        bool changed = false;
        for (int row = 0; row < Rows; row++)
        {
            changed |= spikes[row] != _spike[row];
            _spike[row] = spikes[row];
            _gross[row] = gross[row];
        }
        return changed;
    }

    // A count's value judged a spike before a zero was seen stays one (the count rule keeps new judgements from being
    // made, not old ones from standing). Other values are left out only while three or more remain: two close ones
    // left alone give a range so small that a true value looks far (ldeaths 3,035 against 2,552 and 2,554).
    private bool IsJudgedSpike(int row, Span<double> buffer, Span<double> rest, out bool gross)
    {
        Span<double> at = stackalloc double[MaxRows], restAt = stackalloc double[MaxRows];
        int k = 0;
        for (int j = 0; j < Rows; j++)
            if (j != row && double.IsFinite(Values[j]) && !Masks(row, j, rest, restAt)) { at[k] = j; buffer[k++] = Values[j]; }
        if (k < 3)
        {
            k = 0;
            for (int j = 0; j < Rows; j++)
                if (j != row && double.IsFinite(Values[j])) { at[k] = j; buffer[k++] = Values[j]; }
        }
        var others = buffer[..k];
        bool spike = (_spike[row] || !CountAmongCounts(Values[row], others)) && IsSpike(Values[row], row, others, at[..k]);
        gross = spike && (Beyond(Values[row], row, others, at[..k], GrossFactor * Threshold) || JudgesAcrossZero && AcrossZero(Values[row], others));
        return spike;
    }

    // Whether value j is left out of row's others: it is a spike against the values other than row's and its own, and not
    // row's neighbour (no observed value between them) on the same side of those values' median.
    private bool Masks(int row, int j, Span<double> buffer, Span<double> at)
    {
        int k = 0;
        for (int l = 0; l < Rows; l++)
            if (l != row && l != j && double.IsFinite(Values[l])) { at[k] = l; buffer[k++] = Values[l]; }
        var rest = buffer[..k];
        if (!IsSpike(Values[j], j, rest, at[..k])) return false;
        bool neighbours = true;
        for (int l = Math.Min(row, j) + 1; l < Math.Max(row, j); l++) neighbours &= !double.IsFinite(Values[l]);
        if (!neighbours) return true;
        double median = Median(rest);
        // A step beyond a double's precision (ForecastPool.MaxShift times the larger of the rest's range and size) is no
        // step: two readings of 1e30 in a row after 12, 13, 13 were taken as one and kept by every member for good.
        if (LimitsSteps && Math.Abs(Values[j] - median) > ForecastPool.MaxShift * Math.Max(rest[^1] - rest[0], Math.Abs(median))) return true;
        return Math.Sign(Values[row] - median) != Math.Sign(Values[j] - median);
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
    public static bool IsSpike(double value, ReadOnlySpan<double> others) => Beyond(value, others, Threshold);

    // The rule at threshold `threshold` (ranges of the others).
    private static bool Beyond(double value, ReadOnlySpan<double> others, double threshold)
    {
        int n = others.Length;
        if (n < 2) return false;
        Span<double> sorted = stackalloc double[n];
        others.CopyTo(sorted);
        double median = Median(sorted);   // sorts them
        double range = sorted[n - 1] - sorted[0], distance = Math.Abs(value - median);
        if (range == 0) range = Math.Abs(median);   // equal others: their size is the only scale (lh: 2.4, 2.4, 2.4)
        return range > 0 && distance > threshold * range;
    }

    /// <summary>Others from which a value is also judged against their trend line (<see cref="IsSpike(double, double, ReadOnlySpan{double}, ReadOnlySpan{double})"/>).</summary>
    public const int TrendOthers = 4;

    /// <summary>
    /// The rule with the others' rows: <see cref="IsSpike(double, ReadOnlySpan{double})"/>, or, from
    /// <see cref="TrendOthers"/> others on, <paramref name="value"/> lies more than <see cref="Threshold"/> times the range
    /// of the others' distances from their trend line (Theil–Sen: the median of their pairwise slopes, through the median
    /// distance) from that line at <paramref name="row"/>.
    /// </summary>
    /// <remarks>
    /// On a trending series the others' range is mostly the trend's, and it grows with every value kept: austres (a
    /// population, +60 a quarter) with a spike of 100 times its mean change at row 2 had it judged at rows 2–4 and
    /// observed again as a value at row 5, 18 ranges from the median of five others; its seasonal members then forecast
    /// from the spike a season on, and the MAE of the forecasts made from row 2 on rose 616 % (now 29 %). Not from three
    /// others: a line through three values leaves their distances one degree of freedom, too small a scale (Nile's true
    /// 963 lies 21.7 such ranges from the line through 1,120, 1,160 and 1,210; true values of lynx, ldeaths and
    /// ChinaIncome were judged so too).
    /// </remarks>
    public static bool IsSpike(double value, double row, ReadOnlySpan<double> others, ReadOnlySpan<double> rows) =>
        Beyond(value, row, others, rows, Threshold);

    // The rule with the others' rows at threshold `threshold`.
    private static bool Beyond(double value, double row, ReadOnlySpan<double> others, ReadOnlySpan<double> rows, double threshold)
    {
        if (Beyond(value, others, threshold)) return true;
        int n = others.Length;
        if (n < TrendOthers) return false;
        Span<double> slopes = stackalloc double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) slopes[k++] = (others[j] - others[i]) / (rows[j] - rows[i]);
        double slope = Median(slopes);
        Span<double> distances = stackalloc double[n];
        for (int i = 0; i < n; i++) distances[i] = others[i] - slope * rows[i];
        double centre = Median(distances);   // sorts them
        double range = distances[n - 1] - distances[0];
        return range > 0 && Math.Abs(value - slope * row - centre) > threshold * range;
    }

    /// <summary>
    /// Reads a record written by <see cref="KeptRows.Save"/> into <paramref name="values"/> and <paramref name="exogenous"/>
    /// (<see cref="MaxRows"/> rows); returns whether the rows were being kept, and how many.
    /// </summary>
    /// <exception cref="InvalidDataException">Damaged data.</exception>
    public static bool Read(BinaryReader r, double[] values, float[] exogenous, out int rows) =>
        Read(r, MaxRows, exogenous.Length / MaxRows, values, exogenous, "first rows", out rows);
}
