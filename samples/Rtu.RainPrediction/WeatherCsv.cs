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
    /// <summary>Reads timestamp,precipitation,temp_max,temp_min,wind.</summary>
    public static WeatherDay[] Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || !lines[0].StartsWith("timestamp,precipitation,temp_max,temp_min,wind", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: expected the header timestamp,precipitation,temp_max,temp_min,wind.");
        return lines.Skip(1).Where(l => l.Length > 0).Select((line, i) =>
        {
            var f = line.Split(',');
            if (f.Length != 5) throw new InvalidDataException($"{path}, line {i + 2}: expected 5 fields.");
            if (!DateTime.TryParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new InvalidDataException($"{path}, line {i + 2}: the timestamp '{f[0]}' is not yyyy-MM-dd.");
            float P(int k) => float.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out float v)
                ? v : throw new InvalidDataException($"{path}, line {i + 2}: '{f[k]}' is not a number.");
            return new WeatherDay { Date = f[0], Year = date.Year, DayOfYear = date.DayOfYear, Precipitation = P(1), Features = [P(1), P(2), P(3), P(4), (float)Math.Sin(2 * Math.PI * date.DayOfYear / 365.25), (float)Math.Cos(2 * Math.PI * date.DayOfYear / 365.25)] };
        }).ToArray();
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
