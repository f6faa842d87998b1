using System.Globalization;
using Microsoft.ML.Data;

namespace Rtu.RainPrediction;

/// <summary>One day: today's weather and the season (sin, cos of the day of year) as features, and the precipitation (the signal whose future sum is predicted).</summary>
public sealed class WeatherDay
{
    [VectorType(6)] public float[] Features { get; set; } = [];
    public float Precipitation { get; set; }
    [NoColumn] public string Date { get; set; } = "";
    [NoColumn] public int Year { get; set; }
    [NoColumn] public int DayOfYear { get; set; }
}

internal static class WeatherCsv
{
    private const string Header = "timestamp,precipitation,temp_max,temp_min,wind";
    private static readonly string[] Fields = Header.Split(',');

    /// <summary>
    /// Reads timestamp,precipitation,temp_max,temp_min,wind: one row per day, in date order, with no day missing (the model
    /// steps once a day, so a gap or a row out of order would silently join days that are not consecutive), and finite numbers.
    /// </summary>
    public static WeatherDay[] Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].StartsWith(Header, StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: expected the header {Header}.");
        var days = new List<WeatherDay>();
        DateTime previous = default;
        int previousLine = 0;
        for (int n = 1; n < lines.Length; n++)
        {
            string line = lines[n];
            if (line.Length == 0) continue;
            int lineNumber = n + 1;   // 1-based, counting the header and any blank lines
            var f = line.Split(',');
            if (f.Length != 5) throw new InvalidDataException($"{path}, line {lineNumber}: expected 5 fields.");
            if (!DateTime.TryParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new InvalidDataException($"{path}, line {lineNumber}: the timestamp '{f[0]}' is not yyyy-MM-dd.");
            if (days.Count > 0 && date <= previous)
                throw new InvalidDataException($"{path}, line {lineNumber}: {f[0]} does not come after {previous:yyyy-MM-dd} (line {previousLine}); rows must be in date order, one row per day.");
            if (days.Count > 0 && date != previous.AddDays(1))
            {
                int missing = (date - previous).Days - 1;
                string which = missing == 1 ? $"{previous.AddDays(1):yyyy-MM-dd} is" : $"{missing} days ({previous.AddDays(1):yyyy-MM-dd} … {date.AddDays(-1):yyyy-MM-dd}) are";
                throw new InvalidDataException($"{path}, line {lineNumber}: {f[0]} follows {previous:yyyy-MM-dd} (line {previousLine}): {which} missing; " +
                    "the sample models daily data, one row per day with none missing.");
            }
            float P(int k)
            {
                if (!float.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    throw new InvalidDataException($"{path}, line {lineNumber}: '{f[k]}' is not a number.");
                if (!float.IsFinite(v))
                    throw new InvalidDataException($"{path}, line {lineNumber}: {Fields[k]} is '{f[k]}'; expected a finite number.");
                return v;
            }
            days.Add(new WeatherDay { Date = f[0], Year = date.Year, DayOfYear = date.DayOfYear, Precipitation = P(1), Features = [P(1), P(2), P(3), P(4), (float)Math.Sin(2 * Math.PI * date.DayOfYear / 365.25), (float)Math.Cos(2 * Math.PI * date.DayOfYear / 365.25)] });
            previous = date;
            previousLine = lineNumber;
        }
        if (days.Count == 0) throw new InvalidDataException($"{path}: the file has the header but no rows.");
        return days.ToArray();
    }
}

/// <summary>Ridge regression with an intercept, by the normal equations (Cholesky): for the oracle baselines.</summary>
internal static class Ridge
{
    public static double[] Fit(double[][] x, double[] y, double lambda)
    {
        int d = x[0].Length + 1;
        var a = new double[d, d];
        var b = new double[d];
        // Standardise nothing: the intercept column is 1; λ is relative to the mean diagonal.
        foreach (var (row, target) in x.Zip(y))
        {
            var r = row.Prepend(1.0).ToArray();
            for (int i = 0; i < d; i++) { b[i] += r[i] * target; for (int j = 0; j < d; j++) a[i, j] += r[i] * r[j]; }
        }
        double scale = Enumerable.Range(0, d).Average(i => a[i, i]);
        for (int i = 1; i < d; i++) a[i, i] += lambda * scale;
        // Cholesky solve.
        var l = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(Math.Max(s, 1e-12)) : s / l[j, j];
            }
        var z = new double[d];
        for (int i = 0; i < d; i++) { double s = b[i]; for (int k = 0; k < i; k++) s -= l[i, k] * z[k]; z[i] = s / l[i, i]; }
        var w = new double[d];
        for (int i = d - 1; i >= 0; i--) { double s = z[i]; for (int k = i + 1; k < d; k++) s -= l[k, i] * w[k]; w[i] = s / l[i, i]; }
        return w;
    }

    public static double Predict(double[] w, double[] x)
    {
        double s = w[0];
        for (int i = 0; i < x.Length; i++) s += w[i + 1] * x[i];
        return s;
    }
}
