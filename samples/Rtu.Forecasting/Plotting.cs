using ScottPlot;

namespace Rtu.Forecasting;

internal static class Plotting
{
    /// <summary>Actual values and the H-step forecasts (each placed at the row it forecasts), as a PNG.</summary>
    public static void SaveActualVsForecast(string path, CsvSeries series, float[][] made, int horizon, string title)
    {
        int n = series.Values.Length;
        var (ax, ay) = Points(Enumerable.Range(0, n).Select(t => (double)series.Values[t]));
        var (fx, fy) = Points(Enumerable.Range(0, n).Select(t => t >= horizon ? (double)made[t - horizon][horizon - 1] : double.NaN));
        var plt = new Plot();
        var actual = plt.Add.ScatterLine(ax, ay);
        actual.LegendText = "actual";
        actual.LineWidth = 1.5f;
        var forecast = plt.Add.ScatterLine(fx, fy);
        forecast.LegendText = $"forecast (made {horizon} step{(horizon > 1 ? "s" : "")} earlier, online)";
        forecast.LineWidth = 1.2f;
        plt.Title(title);
        plt.XLabel($"row ({series.Timestamps[0]} … {series.Timestamps[^1]})");
        plt.YLabel(series.Name);
        plt.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plt.SavePng(path, 1400, 600);
    }

    private static (double[] X, double[] Y) Points(IEnumerable<double> values)
    {
        var x = new List<double>(); var y = new List<double>();
        int t = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v)) { x.Add(t); y.Add(v); }
            t++;
        }
        return (x.ToArray(), y.ToArray());
    }
}
