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
/// 80 % of its r (a season's multiples correlate too: nottem peaks at 24 slightly more than at 12); each is first moved
/// to its peak's centre, the lag within m/12 whose multiples have the largest autocorrelation, smoothed by a triangle of
/// half-width m/12 (below 24: r_m itself), in sum (noise made a broad peak's maximum a neighbour: 48 → 49, 365 → 362),
/// and a broad peak's repeats are checked about that centre, on the smoothed r, up to lag n/2. Missing values (NaN)
/// leave their changes out, and each r_k is scaled by the pairs it had, as R's acf with na.pass. O(n log n) (by FFT).</para>
/// <para>Checked on the development bench and the shipped series (forecast-bench, ../shared/data): monthly nottem, USAccDeaths,
/// elnino, elec_equip, co2, AirPassengers → 12; quarterly UKgas, JohnsonJohnson → 4; hourly normals → 24; Nile,
/// LakeHuron, WWWusage, treering, global temperatures, the four stock indices, Seattle's daily weather → 1 (their yearly
/// season is too slow to show in daily changes). It finds cycles too: lynx → 10, yearly sunspots → 11 (R's
/// findfrequency: 9 and 10). Long calendar seasons under noise (the audit's screen, Rtu.SeasonScreen --section long):
/// daily 24, 48, 96 over 30 days and weekly 168 found exactly; a yearly 365 over 5–8 years and a 15-minute week (672)
/// within a lag or two; a year of hours (8,760 over 5 years) within about 0.5 %. It misses weak seasons in short series (ldeaths, austres: 1), most seasons seen fewer than 6
/// times or in fewer than 90 values (Bartlett's bound alone: a clean sine needs some 11 seasons), and a season that is not a whole
/// number of steps comes out as a multiple or a neighbour (weekly data, 52.18 weeks a year: 104). Timestamps, when there
/// are any, decide instead (<see cref="SeriesTimeStep"/>).</para>
/// </remarks>
public static class SeasonDetector
{
    /// <summary>
    /// The longest season looked for: a leap year of hours (a 15-minute week is 672, a year of days 365). Default of
    /// <see cref="Detect(IReadOnlyList{double}, int)"/>. Found from about five seasons on (its repeat is checked at 2m ≤ n/2).
    /// </summary>
    public const int LongestSeason = 8784;

    /// <summary>The smallest autocorrelation of the changes at a lag that counts as a season.</summary>
    public const double MinimumAutocorrelation = 0.2;

    /// <summary>
    /// The most values of one series that Fit reads for detection (its first ones): 5 seasons of the longest (the
    /// fewest that show its repeat), 43,920. Enough for the test, and it bounds the memory of a long series.
    /// </summary>
    public const int MaxValuesPerSeries = 5 * LongestSeason;

    /// <summary>The most values of all series together that Fit reads for detection (bounded memory for many keys).</summary>
    public const int MaxValues = 1_000_000;

    // A season that Bartlett's bound misses still counts when r_m is at least this and it repeats (Repeats).
    private const double RepeatAutocorrelation = 0.5;

    // The fewest changes (values − 1, all series together) for Repeats: in shorter series a damped cycle (an AR(2) of
    // period 6.3, 50 values) repeats at 2m as cleanly as a season, by chance.
    private const int RepeatMinimumChanges = 90;

    // Past K = n/3, the lags a candidate's multiples are checked at (Repeats) go as far as n/2 and while each r_k has
    // at least this many pairs (its noise about 1/√500): a yearly 365 seen five times repeats once, at 730.
    private const int MinimumPairsPastK = 500;

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
        // Lags past K + 1, up to half the changes, serve a candidate's multiples only (Repeats, Centre).
        int reach = (int)Math.Max(lags + 1, Math.Min(changes.Max(c => c.Length) - 1, n / 2));
        var r = new double[reach + 1];
        var pairs = new long[reach + 1];
        var counts = new long[reach + 1];   // the pairs each lag actually had
        double denominator = 0;
        foreach (var c in changes)
        {
            long finite = 0;
            foreach (double v in c) if (double.IsFinite(v)) { denominator += v * v; finite++; }
            var (products, count) = LagProducts(c, reach);
            for (int k = 1; k < r.Length; k++)
            {
                // Past its own length a series has no pair at lag k.
                double product = k < products.Length ? products[k] : 0;
                long had = k < count.Length ? count[k] : 0;
                r[k] += product;
                pairs[k] += Math.Min(finite, had + k);
                counts[k] += had;
            }
        }
        if (!(denominator > 0) || !double.IsFinite(denominator)) return 1;
        for (int k = 1; k < r.Length; k++) r[k] = r[k] / denominator * ((double)n / pairs[k]);
        // r_k without the shrinkage by the pairs it had ((n − k)/n for one series without gaps), to compare lags: a
        // season correlates as much at 2m as at m, and r_2m is only smaller by that factor.
        var unbiased = new double[r.Length];
        for (int k = 1; k < r.Length; k++) unbiased[k] = counts[k] > 0 ? r[k] * pairs[k] / counts[k] : double.NaN;
        // Past K the lags serve a candidate's multiples only (Repeats), as far as each r_k still has 500 pairs.
        int seen = (int)Math.Max(lags + 1, Math.Min(reach, n - MinimumPairsPastK));
        var smoothR = new TriangleSmoother(r);
        var smoothUnbiased = new TriangleSmoother(unbiased);
        double z = UpperNormalQuantile(0.05 / lags);
        var peaks = new List<int>();
        double squares = 0;   // Σ_{k<m} r_k²
        for (int m = 1; m <= lags; m++)
        {
            double limit = z * Math.Sqrt((1 + 2 * squares) / n);
            // A broad peak's repeats are looked for about its centre: off by d, the j-th repeat is off by j·d.
            if (m >= 2 && r[m] > r[m - 1] && r[m] >= r[m + 1] && r[m] >= MinimumAutocorrelation && FallsAfter(r, m, seen) && RisesTo(r, m)
                && (r[m] > limit || (n >= RepeatMinimumChanges && r[m] > z / Math.Sqrt(n)
                    && Repeats(smoothR, smoothUnbiased, Width(m) > 1 ? Centre(smoothUnbiased, m, reach) : m, seen)))) peaks.Add(m);
            squares += r[m] * r[m];
        }
        if (peaks.Count == 0) return 1;
        // The strongest peak, at its centre, unless a divisor of it is a peak too, with at least 80 % of its r.
        int best = peaks.MaxBy(m => r[m]);
        int season = Centre(smoothUnbiased, best, reach);
        return peaks.Select(m => Centre(smoothUnbiased, m, reach)).FirstOrDefault(m => season % m == 0 && r[m] >= DivisorShare * r[best], season);
    }

    // The centre of a candidate's peak: the lag within Width(m) of m whose multiples, as far as they are seen, have the
    // largest smoothed autocorrelation (corrected for the pairs each had) in sum. Noise on the changes makes their
    // autocorrelation jagged from lag to lag, so that on a broad peak (a smooth season) the local maximum was often a
    // neighbour (the audit: 48 → 49, 96 → 97, 168 → 166, 24 → 23, a daily 48 in a weekly pattern → 97 and so no
    // divisor 48), and r's shrinkage by its fewer pairs tilted it to shorter lags (365 → 362); a neighbour m ± d
    // drifts by j·d from the j-th repeat, where the whole season correlates again. Ties keep the lag nearest m.
    private static int Centre(TriangleSmoother unbiased, int m, int reach)
    {
        int width = Width(m);
        int repeats = (reach - width) / (m + width);
        if (repeats < 1) return m;
        int best = m;
        double bestSum = double.NegativeInfinity;
        for (int d = 0; d <= 2 * width; d++)
        {
            int lag = m + (d % 2 == 1 ? (d + 1) / 2 : -d / 2);   // m, m + 1, m − 1, m + 2, …
            if (lag < 2) continue;
            double sum = 0;
            for (int j = 1; j <= repeats; j++) sum += unbiased.At(j * lag, width);
            if (sum > bestSum) { bestSum = sum; best = lag; }
        }
        return best;
    }

    // The sums Σ_t c_t·c_{t−k} over the pairs where both are finite, and how many such pairs, for k = 0..reach: by FFT
    // (O(n log n), where the direct sums cost O(n·reach): 8,784 lags of a million values), the changes (missing as 0)
    // in the real part and their indicator of being finite in the imaginary part, both correlated at once.
    private static (double[] Products, long[] Counts) LagProducts(double[] c, int reach)
    {
        // A series has pairs up to lag c.Length − 1 only: a keyed table of many short series transformed each at the
        // longest season's size took 4.5 times as long as before (20,000 series of 50 values: 1.18 s against 0.26 s).
        int lags = Math.Min(reach, Math.Max(c.Length - 1, 0));
        var products = new double[lags + 1];
        var counts = new long[lags + 1];
        if (c.Length < 2) return (products, counts);
        int size = 1;
        while (size < c.Length + lags + 1) size *= 2;   // no wrap-around up to lag `lags`
        var re = new double[size];
        var im = new double[size];
        for (int t = 0; t < c.Length; t++)
            if (double.IsFinite(c[t])) { re[t] = c[t]; im[t] = 1; }
        Fft(re, im, inverse: false);
        // The spectra of the two real inputs from the one complex one, and each one's power |X|², |I|²; the power of
        // both goes back in one inverse transform (a real, even spectrum transforms to a real correlation).
        var powerRe = new double[size];
        var powerIm = new double[size];
        for (int f = 0; f < size; f++)
        {
            int g = (size - f) & (size - 1);
            double xr = (re[f] + re[g]) / 2, xi = (im[f] - im[g]) / 2;   // X = (Z_f + conj Z_g) / 2
            double ir = (im[f] + im[g]) / 2, ii = (re[g] - re[f]) / 2;   // I = (Z_f − conj Z_g) / 2i
            powerRe[f] = xr * xr + xi * xi;
            powerIm[f] = ir * ir + ii * ii;
        }
        Fft(powerRe, powerIm, inverse: true);
        for (int k = 1; k <= lags; k++)
        {
            products[k] = powerRe[k] / size;
            counts[k] = (long)Math.Round(powerIm[k] / size);
        }
        return (products, counts);
    }

    // In-place radix-2 FFT of re + i·im (length a power of 2); unscaled both ways.
    private static void Fft(double[] re, double[] im, bool inverse)
    {
        int size = re.Length;
        for (int i = 1, j = 0; i < size; i++)
        {
            int bit = size >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) { (re[i], re[j]) = (re[j], re[i]); (im[i], im[j]) = (im[j], im[i]); }
        }
        for (int length = 2; length <= size; length *= 2)
        {
            double angle = (inverse ? 2 : -2) * Math.PI / length;
            for (int k = 0; k < length / 2; k++)
            {
                double wr = Math.Cos(angle * k), wi = Math.Sin(angle * k);
                for (int start = k; start < size; start += length)
                {
                    int a = start, b = start + length / 2;
                    double tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr; im[b] = im[a] - ti;
                    re[a] += tr; im[a] += ti;
                }
            }
        }
    }

    // A clean season repeats: its autocorrelation peaks again at every multiple jm that is seen (j ≥ 2, at least one),
    // as high as at m (r_jm corrected for the pairs it had at least RepeatShare of r_m), and symmetrically (r_{jm−1} ≈
    // r_{jm+1}: the pattern's shape about each repeat); r smoothed over Width(m) about each lag, and the peak's
    // neighbours Width(m) away, so that a broad peak under noise counts (r_k itself and its next lags below 24). Bartlett's bound misses it in a short series: its formula
    // assumes the correlations end at m − 1, and a season's large r_k at every lag below m widen it (96 monthly values of
    // a clean sine: r_12 = 0.75, the bound 0.83). A cycle that is no whole number of steps (an AR(2), lynx, sunspots)
    // drifts: its peaks decay, move off the multiples or lean to one side.
    private static bool Repeats(TriangleSmoother r, TriangleSmoother unbiased, int m, int seen)
    {
        int h = Width(m);
        if (r.At(m, h) < RepeatAutocorrelation || 2 * m + h > seen) return false;
        for (int k = 2 * m; k + h <= seen; k += m)
        {
            double at = r.At(k, h), before = r.At(k - h, h), after = r.At(k + h, h);
            if (at < before || at < after) return false;
            if (!(unbiased.At(k, h) >= RepeatShare * unbiased.At(m, h))) return false;
            if (Math.Abs(after - before) > MinimumAutocorrelation) return false;
        }
        return true;
    }

    // How far a season's peak may lie from a candidate m (Centre), and the half-width of the smoothing that the peak's
    // centre and repeats are judged by: m/12, 1 (the lag alone, as a sharp peak needs) below 24.
    private static int Width(int m) => Math.Max(1, m / 12);

    /// <summary>
    /// An autocorrelation smoothed about a lag k with a triangle of half-width h (weights h − |i| for |i| &lt; h, as a mean;
    /// r_k itself for h = 1), in O(1) from running sums. The triangle's transform is nonnegative (a Fejér kernel), so
    /// the smoothed autocorrelation of a season still peaks exactly at its multiples whatever its shape (a box would move
    /// a spike's peak, whose neighbours are negative), while the jagged noise that differencing adds from one lag to
    /// the next mostly cancels. Lags outside 1..Length − 1, and missing ones, count as 0.
    /// </summary>
    private sealed class TriangleSmoother
    {
        private readonly double[] _values;
        private readonly double[] _sums;        // S1[x] = Σ_{i ≤ x} v_i
        private readonly double[] _sumsOfSums;  // S2[x] = Σ_{j ≤ x} S1[j]

        public TriangleSmoother(double[] values)
        {
            _values = values;
            _sums = new double[values.Length];
            _sumsOfSums = new double[values.Length];
            double sum = 0, sumOfSums = 0;
            for (int i = 1; i < values.Length; i++)
            {
                if (double.IsFinite(values[i])) sum += values[i];
                sumOfSums += sum;
                _sums[i] = sum;
                _sumsOfSums[i] = sumOfSums;
            }
        }

        public double At(int k, int h)
        {
            if (h == 1) return k >= 1 && k < _values.Length && double.IsFinite(_values[k]) ? _values[k] : 0;
            // Two boxes of width h convolved: (S2[k+h−1] − S2[k−1]) − (S2[k−1] − S2[k−h−1]).
            return (SumOfSums(k + h - 1) - 2 * SumOfSums(k - 1) + SumOfSums(k - h - 1)) / ((double)h * h);
        }

        private double SumOfSums(int x)
        {
            if (x < 0) return 0;
            int last = _values.Length - 1;
            return x <= last ? _sumsOfSums[x] : _sumsOfSums[last] + (double)(x - last) * _sums[last];
        }
    }

    // A season's autocorrelation falls between m and 2m (to about −r_m half a season on); a lag that is a local peak
    // only because noise lowered r_{m−1} does not: lag 2 of a smooth cycle with white noise has r_3 ≈ r_2. Lags up to
    // `seen` (past K where the series is long enough).
    private static bool FallsAfter(double[] r, int m, int seen)
    {
        double lowest = double.PositiveInfinity;
        for (int k = m + 1; k < 2 * m && k <= seen; k++) lowest = Math.Min(lowest, r[k]);
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
