namespace Rtu.MLNet;

/// <summary>
/// The season length detected from a series' values, for series without timestamps
/// (<see cref="RtuForecastingOptions.SeasonLength"/> 0 and no <see cref="RtuForecastingOptions.TimestampColumnName"/>):
/// the lag m at which the autocorrelation of the changes y_t − y_{t−1} has a significant peak, else 1 (none).
/// </summary>
/// <remarks>
/// <para>How: the changes remove a trend (which would make every lag look correlated); their autocorrelations r_k are
/// computed for k = 1..K, K = min(<see cref="LongestSeason"/>, n/3) so that at least three seasons are seen. A lag m ≥ 2
/// is a candidate when r_m is a local peak, at least <see cref="MinimumAutocorrelation"/>, falls again by that much
/// somewhere before lag 2m (a seasonal pattern does; the spurious peak at lag 2 that white noise on a smooth cycle makes
/// does not) and rises to it by that much from its lowest value in the second half of the season (a season does, from a
/// trough about half a season back; a short lag on a long smooth cycle, weekly data with a yearly one, does not), and above
/// z·√((1 + 2·Σ_{k&lt;m} r_k²)/n) — Bartlett's standard error, the seasonality test of the M4 Theta benchmark and of R's
/// forecast package — with z the normal quantile of 1 − 0.05/K (Bonferroni: the chance of a false season over all K
/// lags stays below 5 %) — or, from 90 changes on, when r_m is at least 0.5 and above z/√n and the peak repeats at every
/// multiple of m that is seen, as high (r_jm, corrected for its fewer pairs, at least 80 % of r_m), a local peak and
/// symmetric (|r_{jm+1} − r_{jm−1}| at most 0.2): Bartlett's formula assumes the correlations end before m, and a
/// clean season's large r_k at every shorter lag widen its bound past r_m until some 11 seasons are seen (96 monthly
/// values of a clean sine with a trend gave 1). Of the candidates the one with the largest r wins, unless a divisor of it is a candidate with at least
/// 80 % of its r (a season's multiples correlate too: nottem peaks at 24 slightly more than at 12). Missing values (NaN)
/// leave their changes out, and each r_k is scaled by the pairs it had, as R's acf with na.pass. O(n·K) once.</para>
/// <para>Checked on the development bench and the shipped series (forecast-bench, ../shared/data): monthly nottem, USAccDeaths,
/// elnino, elec_equip, co2, AirPassengers → 12; quarterly UKgas, JohnsonJohnson → 4; hourly normals → 24; Nile,
/// LakeHuron, WWWusage, treering, global temperatures, the four stock indices, Seattle's daily weather → 1 (their yearly
/// season is too slow to show in daily changes). It finds cycles too: lynx → 9, yearly sunspots → 10, as R's
/// findfrequency does. It misses weak seasons in short series (ldeaths, austres: 1), most seasons seen fewer than 6
/// times or in fewer than 90 values (Bartlett's bound alone: a clean sine needs some 11 seasons), and a season that is not a whole
/// number of steps comes out as a multiple or a neighbour (weekly data, 52.18 weeks a year: 104). Timestamps, when there
/// are any, decide instead (<see cref="SeriesTimeStep"/>).</para>
/// </remarks>
public static class SeasonDetector
{
    /// <summary>The longest season looked for. Default of <see cref="Detect(IReadOnlyList{double}, int)"/>.</summary>
    public const int LongestSeason = 400;

    /// <summary>The smallest autocorrelation of the changes at a lag that counts as a season.</summary>
    public const double MinimumAutocorrelation = 0.2;

    /// <summary>
    /// The most values of one series that Fit reads for detection (its first ones): 50 seasons of the longest. Enough
    /// for the test, and it bounds the memory and the O(n·K) cost of a long series.
    /// </summary>
    public const int MaxValuesPerSeries = 50 * LongestSeason;

    /// <summary>The most values of all series together that Fit reads for detection (bounded memory for many keys).</summary>
    public const int MaxValues = 1_000_000;

    // A season that Bartlett's bound misses still counts when r_m is at least this and it repeats (Repeats).
    private const double RepeatAutocorrelation = 0.5;

    // The fewest changes (values − 1, all series together) for Repeats: in shorter series a damped cycle (an AR(2) of
    // period 6.3, 50 values) repeats at 2m as cleanly as a season, by chance.
    private const int RepeatMinimumChanges = 90;

    // The share of r_m that a clean season keeps at its multiples (Repeats).
    private const double RepeatShare = 0.8;

    // A divisor of the strongest peak wins when its autocorrelation is at least this share of the peak's.
    private const double DivisorShare = 0.8;

    /// <summary>The season length of one series (NaN: missing), 1 when none is found.</summary>
    public static int Detect(IReadOnlyList<double> values, int longestSeason = LongestSeason) => Detect([values], longestSeason);

    /// <summary>
    /// One season length for several series of the same kind (a keyed table): their autocorrelations are pooled
    /// (each series' changes centred on its own mean). 1 when none is found.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="longestSeason"/> is below 2.</exception>
    public static int Detect(IReadOnlyList<IReadOnlyList<double>> series, int longestSeason = LongestSeason)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(longestSeason, 2);
        var changes = series.Select(Changes).ToArray();
        long n = changes.Sum(c => (long)c.Count(double.IsFinite));
        int lags = (int)Math.Min(longestSeason, n / 3);
        if (lags < 2) return 1;
        // r_0 … r_{K+1} pooled: Σ over series of Σ_t c_t·c_{t−k} over Σ c_t² (missing pairs left out), each lag's sum
        // scaled by n / Σ min(n_s, pairs_s + k), as R's acf with na.pass: 1 exactly without missing changes (the series'
        // complete pairs number n_s − k), and without it every missing value shrank every lag's r by the pairs it took
        // (an audit: monthly co2 with every 5th or 7th value missing gave seasons 60 and 36, a synthetic monthly cycle 25
        // or 13; a short series with many gaps can still fall below the test's bound and get season 1).
        var r = new double[lags + 2];
        var pairs = new long[lags + 2];
        var counts = new long[lags + 2];   // the pairs each lag actually had
        double denominator = 0;
        foreach (var c in changes)
        {
            long finite = 0;
            foreach (double v in c) if (double.IsFinite(v)) { denominator += v * v; finite++; }
            for (int k = 1; k < r.Length; k++)
            {
                long count = 0;
                for (int t = k; t < c.Length; t++)
                    if (double.IsFinite(c[t]) && double.IsFinite(c[t - k])) { r[k] += c[t] * c[t - k]; count++; }
                pairs[k] += Math.Min(finite, count + k);
                counts[k] += count;
            }
        }
        if (!(denominator > 0) || !double.IsFinite(denominator)) return 1;
        for (int k = 1; k < r.Length; k++) r[k] = r[k] / denominator * ((double)n / pairs[k]);
        // r_k without the shrinkage by the pairs it had ((n − k)/n for one series without gaps), to compare lags: a
        // season correlates as much at 2m as at m, and r_2m is only smaller by that factor.
        var unbiased = new double[r.Length];
        for (int k = 1; k < r.Length; k++) unbiased[k] = counts[k] > 0 ? r[k] * pairs[k] / counts[k] : double.NaN;
        double z = UpperNormalQuantile(0.05 / lags);
        var peaks = new List<int>();
        double squares = 0;   // Σ_{k<m} r_k²
        for (int m = 1; m <= lags; m++)
        {
            double limit = z * Math.Sqrt((1 + 2 * squares) / n);
            if (m >= 2 && r[m] > r[m - 1] && r[m] >= r[m + 1] && r[m] >= MinimumAutocorrelation && FallsAfter(r, m) && RisesTo(r, m)
                && (r[m] > limit || (n >= RepeatMinimumChanges && r[m] > z / Math.Sqrt(n) && Repeats(r, unbiased, m)))) peaks.Add(m);
            squares += r[m] * r[m];
        }
        if (peaks.Count == 0) return 1;
        int best = peaks.MaxBy(m => r[m]);
        return peaks.First(m => best % m == 0 && r[m] >= DivisorShare * r[best]);
    }

    // A clean season repeats: its autocorrelation peaks again at every multiple jm that is seen (j ≥ 2, at least one),
    // as high as at m (r_jm corrected for the pairs it had at least RepeatShare of r_m), and symmetrically (r_{jm−1} ≈
    // r_{jm+1}: the pattern's shape about each repeat). Bartlett's bound misses it in a short series: its formula
    // assumes the correlations end at m − 1, and a season's large r_k at every lag below m widen it (96 monthly values of
    // a clean sine: r_12 = 0.75, the bound 0.83). A cycle that is no whole number of steps (an AR(2), lynx, sunspots)
    // drifts: its peaks decay, move off the multiples or lean to one side.
    private static bool Repeats(double[] r, double[] unbiased, int m)
    {
        if (r[m] < RepeatAutocorrelation || 2 * m + 1 >= r.Length) return false;
        for (int k = 2 * m; k + 1 < r.Length; k += m)
        {
            if (r[k] < r[k - 1] || r[k] < r[k + 1]) return false;
            if (!(unbiased[k] >= RepeatShare * unbiased[m])) return false;
            if (Math.Abs(r[k + 1] - r[k - 1]) > MinimumAutocorrelation) return false;
        }
        return true;
    }

    // A season's autocorrelation falls between m and 2m (to about −r_m half a season on); a lag that is a local peak
    // only because noise lowered r_{m−1} does not: lag 2 of a smooth cycle with white noise has r_3 ≈ r_2.
    private static bool FallsAfter(double[] r, int m)
    {
        double lowest = double.PositiveInfinity;
        for (int k = m + 1; k < 2 * m && k < r.Length; k++) lowest = Math.Min(lowest, r[k]);
        return r[m] - lowest >= MinimumAutocorrelation;
    }

    // A season's autocorrelation also rises to r_m from a trough in the second half of the season (about −r_m half a
    // season before); a short lag on a long smooth cycle, where r falls slowly from lag 2 on and noise made a local
    // peak, does not (weekly data with a yearly cycle: 5 for the cycle's 52).
    private static bool RisesTo(double[] r, int m)
    {
        double lowest = double.PositiveInfinity;
        for (int k = Math.Max(1, (m + 1) / 2); k < m; k++) lowest = Math.Min(lowest, r[k]);
        return r[m] - lowest >= MinimumAutocorrelation;
    }

    // z with P(Z > z) = p for a standard normal Z, p ≤ 0.5 (Abramowitz & Stegun 26.2.23, error below 4.5e-4).
    private static double UpperNormalQuantile(double p)
    {
        double t = Math.Sqrt(-2 * Math.Log(p));
        return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    }

    // The changes y_t − y_{t−1} (NaN where either is missing), centred on their mean.
    private static double[] Changes(IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        var d = new double[Math.Max(0, y.Count - 1)];
        double sum = 0; int count = 0;
        for (int t = 1; t < y.Count; t++)
        {
            d[t - 1] = y[t] - y[t - 1];
            if (double.IsFinite(d[t - 1])) { sum += d[t - 1]; count++; }
            else d[t - 1] = double.NaN;
        }
        if (count > 0) for (int i = 0; i < d.Length; i++) d[i] -= sum / count;
        return d;
    }
}
