using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary><c>mlContext.Forecasting.EvaluateForecasts</c>: scores prequential forecasts against the series.</summary>
public static class RtuForecastEvaluation
{
    /// <summary>
    /// Scores the <paramref name="horizon"/>-step forecasts: forecasts[t][horizon − 1], made at row t, is compared with
    /// actual[t + horizon], and the seasonal-naive forecast of that row, actual[t + horizon − m⌈horizon/m⌉], on the same
    /// rows gives the MASE and MSIS scale. Rows where any of them is missing (NaN, or a null/short forecast row; an actual
    /// of ±∞ counts as missing) are skipped. A forecast or bound of ±∞ (a diverged model) is scored: the metrics it enters
    /// are infinite, and an infinite interval covers its target.
    /// With <paramref name="lower"/> and <paramref name="upper"/> (aligned like the forecasts) also the coverage and the
    /// MSIS of the intervals at <paramref name="level"/>; rows whose interval is missing are then skipped as well, so
    /// every metric is computed on the same <see cref="RtuForecastMetrics.Count"/> rows.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched lengths, horizon or season below 1, a level outside (0, 1), a scored
    /// row whose lower bound is above its upper bound, or no row to score.</exception>
    public static RtuForecastMetrics EvaluateForecasts(this ForecastingCatalog catalog, IReadOnlyList<float> actual, IReadOnlyList<float[]?> forecasts,
        int horizon = 1, int seasonLength = 1, IReadOnlyList<float[]?>? lower = null, IReadOnlyList<float[]?>? upper = null, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecasts);
        CheckSettings(horizon, seasonLength, level);
        if (forecasts.Count != actual.Count) throw new ArgumentException($"forecasts has {forecasts.Count} rows, actual {actual.Count}: one forecast row per series row.", nameof(forecasts));
        if ((lower is null) != (upper is null)) throw new ArgumentException("Give both lower and upper, or neither.", nameof(lower));
        if (lower is not null && (lower.Count != actual.Count || upper!.Count != actual.Count)) throw new ArgumentException("lower and upper need one row per series row.", nameof(lower));
        var sums = new Sums();
        sums.Add(actual, forecasts, horizon, seasonLength, lower, upper, level);
        return sums.Metrics(horizon, lower is not null, nameof(actual));
    }

    /// <summary>
    /// Scores the <paramref name="horizon"/>-step forecasts in a scored <see cref="IDataView"/> (e.g. a
    /// <see cref="RtuForecastingTransformer"/>'s output): the float column <paramref name="actualColumnName"/> holds the
    /// series, the float vector column <paramref name="forecastColumnName"/> the forecasts made at each row (element h − 1:
    /// h steps ahead), and, optionally, <paramref name="lowerColumnName"/> and <paramref name="upperColumnName"/> the
    /// interval bounds at <paramref name="level"/> (the transformer's <c>ForecastLower95</c> and <c>ForecastUpper95</c> for
    /// 0.95). With <paramref name="seriesKeyColumnName"/> the rows of each series are aligned within that series, in the
    /// view's order, and the metrics pool every series' scored rows (MASE and MSIS: the sums of errors over the sums of
    /// the seasonal-naive errors). The rows are read once and kept in memory (one float per row and one vector per
    /// forecast column).
    /// <para>
    /// Rows are steps unless <paramref name="timestampColumnName"/> is given. With it (the forecaster's
    /// <see cref="RtuForecastingOptions.TimestampColumnName"/>, which fills a gap of k steps with k − 1 missing values,
    /// so that its forecasts at a row are for the next steps in time, not the next rows), the forecast made at time T
    /// for h steps ahead is scored against the row of its series at T + h steps, and the seasonal naive of that row is
    /// the row m⌈h/m⌉ steps before it; a forecast whose target time has no row (a gap) is not scored, as a missing value
    /// is not, nor is a target whose seasonal-naive time has none. The step is <paramref name="timeStep"/> (the
    /// transformer's <see cref="RtuForecastingTransformer.TimeStep"/>: exactly the forecaster's grid) or, when null,
    /// inferred from the view's timestamps as Fit infers it (<see cref="SeriesTimeStep"/>: calendar months, business
    /// days, …). Without gaps both alignments give the same figures.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type (the message names it).</exception>
    /// <exception cref="ArgumentException">Horizon or season below 1, a level outside (0, 1), only one of the interval
    /// columns, a forecast vector shorter than the horizon, a scored row whose lower bound is above its upper bound, or
    /// no row to score; with a timestamp column, timestamps
    /// out of order or repeated within a series, or two consecutive ones that fit no regular step (less than a step
    /// apart, or more than a quarter of a step from a whole number of steps).</exception>
    /// <exception cref="InvalidOperationException">A row without a series key (empty text, key value 0).</exception>
    public static RtuForecastMetrics EvaluateForecasts(this ForecastingCatalog catalog, IDataView data, string actualColumnName,
        string forecastColumnName = "Forecast", int horizon = 1, int seasonLength = 1, string? seriesKeyColumnName = null,
        string? lowerColumnName = null, string? upperColumnName = null, double level = 0.95, string? timestampColumnName = null,
        SeriesTimeStep? timeStep = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(actualColumnName);
        ArgumentException.ThrowIfNullOrEmpty(forecastColumnName);
        CheckSettings(horizon, seasonLength, level);
        if ((lowerColumnName is null) != (upperColumnName is null)) throw new ArgumentException("Give both lowerColumnName and upperColumnName, or neither.", nameof(lowerColumnName));
        if (timeStep is not null && timestampColumnName is null) throw new ArgumentException("A timeStep aligns by time: give the timestampColumnName too.", nameof(timeStep));
        const string component = "EvaluateForecasts";
        var schema = data.Schema;
        var actualColumn = Column(schema, actualColumnName, vector: false, component);
        var forecastColumn = Column(schema, forecastColumnName, vector: true, component);
        var bandColumns = lowerColumnName is null ? [] : new[] { Column(schema, lowerColumnName, vector: true, component), Column(schema, upperColumnName!, vector: true, component) };
        var keyColumn = seriesKeyColumnName is null ? (DataViewSchema.Column?)null : SeriesKeyColumn.Check(schema, seriesKeyColumnName, component);
        var timeColumn = timestampColumnName is null ? (DataViewSchema.Column?)null : TimestampColumn.Check(schema, timestampColumnName, component);

        var series = new Dictionary<string, (List<float> Actual, List<float[]?> Forecast, List<float[]?> Lower, List<float[]?> Upper, List<long> Time)>(StringComparer.Ordinal);
        var read = new List<DataViewSchema.Column> { actualColumn, forecastColumn };
        read.AddRange(bandColumns);
        if (keyColumn is { } kc) read.Add(kc);
        if (timeColumn is { } tc) read.Add(tc);
        using (var cursor = data.GetRowCursor(read))
        {
            var getActual = cursor.GetGetter<float>(actualColumn);
            var getForecast = cursor.GetGetter<VBuffer<float>>(forecastColumn);
            var getBands = bandColumns.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
            Func<string> getKey = keyColumn is { } k ? SeriesKeyColumn.MakeReader(cursor, k) : () => "";
            var getTime = timeColumn is { } t ? TimestampColumn.MakeReader(cursor, t) : null;
            float value = 0;
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                string key = getKey();
                if (!series.TryGetValue(key, out var s))
                    series[key] = s = ([], [], [], [], []);
                if (getTime is not null) s.Time.Add(getTime());
                getActual(ref value);
                s.Actual.Add(value);
                getForecast(ref buffer);
                s.Forecast.Add(Dense(buffer, horizon, forecastColumnName));
                if (getBands.Length == 2)
                {
                    getBands[0](ref buffer); s.Lower.Add(Dense(buffer, horizon, lowerColumnName!));
                    getBands[1](ref buffer); s.Upper.Add(Dense(buffer, horizon, upperColumnName!));
                }
            }
        }
        // Aligned by time: every series' order is checked before the step is inferred from their differences (as Fit
        // does), then each row's position on that step's grid is what its forecasts and its seasonal naive count from.
        bool areDates = timeColumn is { } time && TimestampColumn.AreDates(time);
        if (timeColumn is not null)
            foreach (var (key, s) in series) ForecastTimeGrid.CheckOrder(s.Time, describe(key), areDates, timestampColumnName!);
        var step = timeColumn is null ? null : timeStep ?? ForecastTimeGrid.Infer(series.Values.Select(s => s.Time), areDates);
        var sums = new Sums();
        foreach (var (key, s) in series)
            sums.Add(s.Actual, s.Forecast, horizon, seasonLength, getBandsOrNull(s.Lower), getBandsOrNull(s.Upper), level,
                step is null ? null : ForecastTimeGrid.Positions(s.Time, step, areDates, describe(key), timestampColumnName!));
        return sums.Metrics(horizon, lowerColumnName is not null, nameof(data));

        List<float[]?>? getBandsOrNull(List<float[]?> band) => lowerColumnName is null ? null : band;
        string describe(string key) => keyColumn is null ? "the series" : $"series '{key}'";
    }

    private static void CheckSettings(int horizon, int seasonLength, double level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "level must be in (0, 1).");
    }

    private static DataViewSchema.Column Column(DataViewSchema schema, string name, bool vector, string component)
    {
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{component}: column '{name}' was not found. Columns present: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        bool ok = vector ? col.Type is VectorDataViewType v && v.ItemType == NumberDataViewType.Single : col.Type == NumberDataViewType.Single;
        if (!ok) throw new ArgumentOutOfRangeException(nameof(schema), $"{component}: column '{name}' must be {(vector ? "a vector of Single" : "Single")}, but it is {col.Type}.");
        return col;
    }

    // The first `horizon` values of a forecast row (a row shorter than the horizon is an error: the wrong column?).
    private static float[] Dense(in VBuffer<float> buffer, int horizon, string name)
    {
        if (buffer.Length < horizon) throw new ArgumentException($"Column '{name}' holds {buffer.Length} value(s) per row, fewer than the horizon {horizon}.", name);
        var row = new float[horizon];
        var values = buffer.DenseValues().GetEnumerator();
        for (int i = 0; i < horizon && values.MoveNext(); i++) row[i] = values.Current;
        return row;
    }

    // Running sums over the scored rows of one or more series; Metrics turns them into the figures.
    private sealed class Sums
    {
        private double _abs, _sq, _smape, _seasonal, _inside, _score;
        private int _count;
        // The longest series seen (its rows, or its steps in time) and the steps from a seasonal-naive value to the
        // forecast it scores against: for the message when no row can be scored.
        private long _longest, _back;

        // With positions (each row's steps on its series' time grid, increasing) a row's target and seasonal-naive rows
        // are the rows at those steps in time rather than those rows on; a step without a row has neither.
        public void Add(IReadOnlyList<float> actual, IReadOnlyList<float[]?> forecasts, int horizon, int seasonLength,
            IReadOnlyList<float[]?>? lower, IReadOnlyList<float[]?>? upper, double level, long[]? positions = null)
        {
            int back = seasonLength * ((horizon + seasonLength - 1) / seasonLength);
            _back = back;
            if (actual.Count > 0) _longest = Math.Max(_longest, positions is null ? actual.Count : positions[^1] - positions[0] + 1);
            for (int t = 0; t < actual.Count; t++)
            {
                int target = RowAt(t, horizon);
                if (target < 0) continue;
                int naive = RowAt(target, -back);
                double a = actual[target];
                double f = At(forecasts[t], horizon);
                double s = naive >= 0 ? actual[naive] : double.NaN;
                // A forecast of ±∞ is no missing value: skipped, a diverged forecast scored better than a poor finite one.
                if (!double.IsFinite(a) || double.IsNaN(f) || !double.IsFinite(s)) continue;
                // With intervals, a row whose interval is not known yet (the transformer's columns are NaN until a horizon
                // has enough scored forecasts) is skipped too: every metric is computed on the same rows.
                double lo = lower is null ? 0 : At(lower[t], horizon), up = upper is null ? 0 : At(upper[t], horizon);
                if (double.IsNaN(lo) || double.IsNaN(up)) continue;
                // Swapped bounds scored a coverage of 0 and an MSIS from a negative width without a word.
                if (lo > up) throw new ArgumentException($"The interval of the forecast made at row {t} ({horizon} step(s) ahead) has its lower bound {lo:G6} above its upper bound {up:G6}: lower and upper swapped?", "lower");
                double e = f - a;
                _abs += Math.Abs(e); _sq += e * e; _seasonal += Math.Abs(s - a);
                double denominator = Math.Abs(a) + Math.Abs(f);
                _smape += denominator == 0 ? 0 : double.IsInfinity(f) ? 200 : 200 * Math.Abs(e) / denominator;
                if (lower is not null)
                {
                    _inside += a >= lo && a <= up ? 1 : 0;
                    double alpha = 1 - level;
                    double width = up == lo ? 0 : up - lo;   // [∞, ∞]: no width (∞ − ∞), its miss is infinite
                    _score += width + 2 / alpha * Math.Max(0, lo - a) + 2 / alpha * Math.Max(0, a - up);
                }
                _count++;
            }

            int RowAt(int row, int steps)
            {
                if (positions is null) return row + steps >= 0 && row + steps < actual.Count ? row + steps : -1;
                int found = Array.BinarySearch(positions, positions[row] + steps);
                return found >= 0 ? found : -1;
            }
        }

        public RtuForecastMetrics Metrics(int horizon, bool intervals, string parameter)
        {
            // A view of a few new rows per series (Transform of the readings since Fit) has no seasonal-naive value in it:
            // the message said only that every row lacked something.
            string tooShort = _longest > 0 && _longest <= _back
                ? $" No series in the view spans more than {_longest} step(s), and a target's seasonal-naive value is the value {_back} step(s) before it in the same view: score a longer view (e.g. the history and the new rows transformed together)."
                : "";
            if (_count == 0) throw new ArgumentException($"No row to score: every row lacks the target, the {horizon}-step forecast{(intervals ? ", its interval" : "")} or the seasonal-naive value.{tooShort}", parameter);
            double scale = _seasonal / _count;
            return new RtuForecastMetrics(_count, _abs / _count, Math.Sqrt(_sq / _count), _smape / _count, _abs / _seasonal,
                intervals ? _inside / _count : double.NaN, intervals ? _score / _count / scale : double.NaN) { SeasonalNaiveMae = scale };
        }
    }

    private static double At(float[]? row, int horizon) => row is not null && row.Length >= horizon ? row[horizon - 1] : double.NaN;
}
