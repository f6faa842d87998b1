namespace Rtu.Trainers.Online;

/// <summary>
/// A seasonal forecaster's second look at its first three seasons: the rows are kept, with the forecaster as it was before
/// the first (a snapshot), until 3·m values have been given; then every kept value is judged against the other two values
/// at its place in the season, and when any is a lone spike the rows are observed again from the snapshot, the spikes as
/// missing values, or (settings layout 11) the spikes and missing values as their seasonal estimates, which are made
/// from the other season at the second season's end too (<see cref="JudgeEarly"/>). Only for seasons
/// <see cref="MinSeason"/> … <see cref="MaxSeason"/>.
/// </summary>
/// <remarks>
/// <para>Why: before the clean has a scale (its first errors, and nothing at all in a monthly first season, where a true
/// swing must pass) a spike of moderate size is taken as data. It stays in the seasonal members' states, their errors a
/// season later leave them out of the combination, and the season is lost for years: a spike of 10 standard deviations
/// at row 5 of UK_spirits_spending (quarterly) cost the rest of the series' MAE +431 %; at row 11 of USAccDeaths (a
/// reading of −584) +167 %, the series no longer positive and its multiplicative and log members off for good. Over the
/// development sets, 213 of the 337 runs of the 10-standard-deviation spike screen that cost more than 5 % had the spike
/// in the first three seasons of a series with a season of 2–13. Observed again, such a spike costs the forecasts after
/// the third season what a missing value at its row costs (a test: UK_spirits_spending, rows 4–11); the forecasts made
/// inside the three seasons still carry it (over the 157 series of the development sets the screen's geometric-mean cost
/// of a 10-standard-deviation spike +6.87 → +5.90 %; UK_spirits_spending at row 5 +431 → +164 %).</para>
/// <para>The rule (<see cref="Judge"/>): the residuals of a two-way median polish of the three seasons (each place's
/// median, each season's level as the median of its values less those, each place's median again); the scale 1.4826
/// times the median absolute residual of the two values per place that are not the median; a value is a spike when its residual exceeds <see cref="Threshold"/>
/// scales, no other value at its place does, and neither neighbour in time does (a level shift moves a run). More than
/// two such values: none is judged. Screened offline (`samples/Rtu.Forecasting/scripts/first_seasons_review_screen.py`)
/// on the 91 real series with a season of 2–13 and spikes of 10 standard deviations at rows 1–3 and m − 1 … m + 1: at 12
/// scales the rule finds 459 of 513 spikes and takes 3 true values of 2 series for spikes (freeny_revenue's first,
/// gmdc_deflator's 12th and 19th: a price index rounded to 0.1, whose residuals are mostly 0); at 8 scales 469 and 8
/// series. A first screen with each season's plain median for its level found 463 with none taken, but a season's median
/// of 4 values moves with a spike (a quarterly pattern of 10, 10, 10, 15 hides a spike of 1 in its second season). In the
/// forecaster (`benchmarks/Rtu.ForecastSets`), the two series observed again score 0.1298 → 0.1265 and 0.0326 → 0.0325;
/// every other series' forecasts are unchanged bit for bit.</para>
/// <para>While the review follows, the forecast pool judges possible spikes provisionally after the first season
/// (<see cref="ForecastPool.JudgesProvisionally"/>): one it observes again as missing has the review observe the rows
/// again (<see cref="RewoundWhileKept"/>), so from the review on the forecaster is as if it had judged strictly, but for
/// the spikes the review finds.</para>
/// <para>Seasonal estimates (settings layout 11): a value missing among the three seasons (or judged a spike there or
/// among the first rows), but the last, is observed again as its place in the other seasons moved by the mean change
/// between the seasons at the other places (in logarithms while every value is positive and within <see cref="LogRange"/>
/// of the others), when such estimates of the values given miss them by less than <see cref="EstimateMargin"/> of what the
/// mean of their neighbours misses them by (what a smoothed gap comes to; a random walk given a season of 4 passes that
/// test by chance in 3 % of cases, of 12 in none). The same is done from the other season at the second season's end
/// (<see cref="JudgeEarly"/>), for the gaps and for the spikes the pool rewound provisionally, so that the third season is
/// forecast with them; the review judges every row again. Why: the fill of a gap in the first season is a forecast made
/// before the forecaster knows the season, and smoothed toward the next value it stays off the season; the seasonal
/// members carried it (UKconsumption_cons with row 4 missing: the MAE after the third season +19.5 %, estimated −1.3 %;
/// of the third season's forecasts 140 → 64.4, clean 65.2; tests). Over the 157 series of the development sets (runs of
/// 1,371 over 5 %, geometric-mean cost): one missing value 63, +0.64 % → 44, +0.44 %; spikes of 100 standard deviations
/// 78, +1.29 % → 59, +1.10 %; of 10, 298 → 283; of 100 mean changes 101 → 82. Without the test (the estimate always) the
/// missing-value screen got worse, 63 → 72 runs: on trending series without a strong season the neighbours are the better
/// guess (a two-way polish's fit as the estimate, screened in the fortieth pass: 63 → 82); in logarithms of values near 0
/// (RealInt: 0.004 among values of 1–4) an estimate of 0.006 sent the multiplicative members' forecasts to 150. The clean
/// series: only freeny_revenue moves (its first value, judged a spike, 0.1265 → 0.1308).</para>
/// <para>The rows, the snapshot and their saved record: <see cref="KeptRows"/> (capacity 3·m).</para>
/// </remarks>
internal sealed class FirstSeasonsReview : KeptRows
{
    /// <summary>The shortest season reviewed: three seasons must outlast the first rows' own judgement (<see cref="StartupSpikes.MaxRows"/>).</summary>
    public const int MinSeason = 3;

    /// <summary>The longest season reviewed: three seasons of monthly data; longer seasons would keep too many rows.</summary>
    public const int MaxSeason = 13;

    /// <summary>Seasons reviewed.</summary>
    public const int Seasons = 3;

    /// <summary>A value whose residual exceeds this many scales is a spike.</summary>
    public const double Threshold = 12;

    /// <summary>
    /// Missing values and spikes are estimated from their season only where such estimates of the values given miss them
    /// by less than this fraction of what the mean of their neighbours misses them by (see <see cref="Judge"/>).
    /// </summary>
    public const double EstimateMargin = 0.8;

    /// <summary>The estimates are made in logarithms while every value given is positive and within this factor of the others.</summary>
    public const double LogRange = 10;

    private readonly bool[] _spike;
    private readonly bool[] _judgedBefore;   // rows the first rows' own judgement (StartupSpikes) took for spikes
    private bool _rewound;                   // a possible spike among the rows was rewound provisionally
    private readonly double[] _estimate;     // the value a missing or spiked row is observed again as (NaN: as missing)
    private readonly bool[] _rewoundRow;     // rows the pool rewound provisionally (estimated at the second season's end)
    private bool _early;                     // estimating at the second season's end

    public FirstSeasonsReview(int season, int exogenousCount)
        : base(season is >= MinSeason and <= MaxSeason ? Seasons * season : 0, exogenousCount)
    {
        _spike = new bool[Capacity];
        _judgedBefore = new bool[Capacity];
        _estimate = new double[Capacity];
        _rewoundRow = new bool[Capacity];
        Array.Fill(_estimate, double.NaN);
    }

    /// <summary>
    /// A possible spike among the kept rows was observed again as missing (the forecast pool judges provisionally while
    /// the review follows, <see cref="ForecastPool.JudgesProvisionally"/>): the review observes the rows again either way.
    /// </summary>
    public void RewoundWhileKept(int row)
    {
        _rewound = true;
        if (row >= 0 && row < Capacity) _rewoundRow[row] = true;
    }

    // The season reviewed (0: none).
    private int Season => Capacity / Seasons;

    /// <summary>All the rows to judge are kept.</summary>
    public bool Complete => Rows >= Capacity;

    /// <summary>
    /// Kept row <paramref name="row"/> was judged a spike among the first rows (<see cref="StartupSpikes"/>): it is left as
    /// given, to be judged so again when the rows are observed again.
    /// </summary>
    public void JudgedBefore(int row) => _judgedBefore[row] = true;

    /// <inheritdoc/>
    protected override void ForgetJudgements() { Array.Clear(_spike); Array.Clear(_judgedBefore); Array.Clear(_rewoundRow); Array.Fill(_estimate, double.NaN); _rewound = false; }

    /// <inheritdoc/>
    public override bool IsSpike(int row) => _spike[row];

    /// <summary>
    /// The value kept row <paramref name="row"/> is observed again as: its seasonal estimate where the review made one
    /// (a missing value or a spike, see <see cref="Judge"/>), else as <see cref="KeptRows.ObservedAgain"/>.
    /// </summary>
    public override double ObservedAgain(int row) => double.IsFinite(_estimate[row]) ? _estimate[row] : base.ObservedAgain(row);

    /// <summary>
    /// Judges the kept rows once they are <see cref="Complete"/>: true when the rows must be observed again, because a
    /// lone spike is found (<see cref="IsSpike"/>), a possible spike among them was rewound provisionally
    /// (<see cref="RewoundWhileKept"/>), or (<paramref name="estimates"/>) a missing value or spike among them, but the
    /// last, has a seasonal estimate (<see cref="ObservedAgain"/>). A missing or non-finite value among them: no spike is
    /// judged.
    /// </summary>
    public bool Judge(bool estimates)
    {
        Array.Clear(_spike);
        Array.Fill(_estimate, double.NaN);
        int n = Capacity;
        if (Rows < n || n == 0) return false;
        FindSpikes();
        if (estimates) Estimate(Seasons);
        // Rows after a possible spike the pool rewound provisionally are observed again even when no spike is found: from
        // the review on, the forecaster is as if it had judged strictly, but for the spikes the review finds.
        bool replay = _rewound;
        for (int i = 0; i < n; i++) replay |= _spike[i] || double.IsFinite(_estimate[i]);
        return replay;
    }


    /// <summary>
    /// At the end of the second season (<see cref="KeptRows.Rows"/> = 2·m): the seasonal estimates of the missing values
    /// among the first two seasons (and of the spikes the first rows' rule judged or the pool rewound provisionally), but
    /// the last row, each from the other season; true when one is made and the rows must be observed again. The review at
    /// the third season's end judges them all again.
    /// </summary>
    public bool JudgeEarly()
    {
        if (Capacity == 0 || Rows != 2 * Season) return false;   // asked at every kept row: nothing to do but at 2·m
        Array.Fill(_estimate, double.NaN);
        _early = true;
        Estimate(2);
        _early = false;
        for (int i = 0; i < Rows; i++) if (double.IsFinite(_estimate[i])) return true;
        return false;
    }

    // The seasonal estimates of the rows observed as missing (given as missing, judged spikes here or among the first
    // rows), but the last (the value after it smooths it as any gap's), over the first `seasons` seasons: each from its
    // place in the other seasons, moved by the mean change between the seasons at the other places; only where such
    // estimates of the rows given fit them better than the mean of their neighbours, which is what a gap's smoothing comes
    // to (a series without a season, or one that wanders more than it repeats, keeps that).
    private void Estimate(int seasons)
    {
        int n = seasons * Season;
        // Logarithms only while the values given are positive and within a factor of LogRange: near 0 a logarithm
        // magnifies a value's error (RealInt, 0.004 among values of 1–4: an estimate of 0.006 for a value of −0.28, and
        // the multiplicative members' forecasts went to 150).
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int j = 0; j < n; j++) if (Given(j)) { low = Math.Min(low, Values[j]); high = Math.Max(high, Values[j]); }
        bool positive = low > 0 && high <= LogRange * low, nonNegative = !(low < 0);
        double seasonal = 0, neighbours = 0;
        for (int j = 1; j < n - 1; j++)
        {
            if (!Given(j) || !Given(j - 1) || !Given(j + 1)) continue;
            double s = SeasonalEstimate(j, positive, seasons);
            if (double.IsNaN(s)) continue;
            double x = Log(Values[j], positive);
            seasonal += Math.Abs(x - s);
            neighbours += Math.Abs(x - (Log(Values[j - 1], positive) + Log(Values[j + 1], positive)) / 2);
        }
        if (!(seasonal < EstimateMargin * neighbours)) return;
        for (int i = 0; i < n - 1; i++)
        {
            if (Given(i)) continue;
            double s = SeasonalEstimate(i, positive, seasons);
            // A count's estimate stays a count's value: not below 0 while no value given is (as a smoothed gap's, SmoothedGap).
            if (!double.IsNaN(s)) _estimate[i] = positive ? Math.Exp(s) : nonNegative ? Math.Max(s, 0) : s;
        }
    }

    // Kept row j's value is observed as given: finite and judged no spike, here or among the first rows.
    // At the second season's end a row the pool rewound provisionally counts as a spike too; at the review only those the
    // review judges do.
    private bool Given(int j) => double.IsFinite(Values[j]) && !_spike[j] && !_judgedBefore[j] && !(_early && _rewoundRow[j]);

    private static double Log(double value, bool positive) => positive ? Math.Log(value) : value;

    // Row i's value estimated from its place in each other season whose value is given, moved by the mean change from that
    // season to row i's at the places given in both (at least half the others); the mean over such seasons (NaN: none).
    private double SeasonalEstimate(int i, bool positive, int seasons)
    {
        int m = Season, season = i / m, place = i % m;
        double sum = 0;
        int count = 0;
        for (int other = 0; other < seasons; other++)
        {
            if (other == season || !Given(other * m + place)) continue;
            double change = 0;
            int shared = 0;
            for (int q = 0; q < m; q++)
            {
                if (q == place || !Given(season * m + q) || !Given(other * m + q)) continue;
                change += Log(Values[other * m + q], positive) - Log(Values[season * m + q], positive);
                shared++;
            }
            if (shared < m / 2) continue;
            sum += Log(Values[other * m + place], positive) - change / shared;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    // The lone spikes among the kept rows (_spike), by the two-way median polish.
    private void FindSpikes()
    {
        int n = Capacity, m = Season;
        for (int i = 0; i < n; i++) if (!double.IsFinite(Values[i])) return;
        // A two-way median polish of the 3 × m table (seasons × places): the places' medians, the seasons' levels as the
        // median of their values less those, the places' medians again less the levels. Each median is of values among
        // which one spike is an extreme, so the spike stays in its own residual (a season's plain median of 4 values moves
        // with it).
        Span<double> centre = stackalloc double[m], level = stackalloc double[Seasons], residual = stackalloc double[n];
        Span<double> spread = stackalloc double[2 * m], buffer = stackalloc double[Math.Max(m, Seasons)];
        for (int p = 0; p < m; p++)
        {
            for (int s = 0; s < Seasons; s++) buffer[s] = Values[s * m + p];
            centre[p] = Median(buffer[..Seasons]);
        }
        for (int s = 0; s < Seasons; s++)
        {
            for (int p = 0; p < m; p++) buffer[p] = Values[s * m + p] - centre[p];
            level[s] = Median(buffer[..m]);
        }
        for (int p = 0; p < m; p++)
        {
            for (int s = 0; s < Seasons; s++) buffer[s] = Values[s * m + p] - level[s];
            centre[p] = Median(buffer[..Seasons]);
            for (int s = 0; s < Seasons; s++) residual[s * m + p] = Values[s * m + p] - level[s] - centre[p];
            // The median value's residual is 0: the scale is read from the other two.
            for (int s = 0; s < Seasons; s++) buffer[s] = Math.Abs(residual[s * m + p]);
            buffer[..Seasons].Sort();
            spread[2 * p] = buffer[1]; spread[2 * p + 1] = buffer[2];
        }
        double scale = 1.4826 * Median(spread);
        if (!(scale > 0) || !double.IsFinite(scale)) return;
        int spikes = 0;
        for (int i = 0; i < n; i++)
        {
            if (_judgedBefore[i] || !Beyond(residual, i, scale)) continue;
            bool alone = true;
            for (int s = 0; s < Seasons; s++) alone &= s * m + i % m == i || !Beyond(residual, s * m + i % m, scale);
            bool lone = (i == 0 || !Beyond(residual, i - 1, scale)) && (i == n - 1 || !Beyond(residual, i + 1, scale));
            if (alone && lone) { _spike[i] = true; spikes++; }
        }
        if (spikes > 2) Array.Clear(_spike);
    }

    private static bool Beyond(ReadOnlySpan<double> residual, int i, double scale) => Math.Abs(residual[i]) > Threshold * scale;

    /// <summary>
    /// Reads a record written by <see cref="KeptRows.Save"/> for the same season into <paramref name="values"/> and
    /// <paramref name="exogenous"/> (<see cref="KeptRows.Capacity"/> rows); returns whether the rows were being kept, and how many.
    /// </summary>
    /// <exception cref="InvalidDataException">Damaged data.</exception>
    public bool Read(BinaryReader r, double[] values, float[] exogenous, out int rows) =>
        Read(r, Capacity, Width, values, exogenous, "first-season rows", out rows);
}
