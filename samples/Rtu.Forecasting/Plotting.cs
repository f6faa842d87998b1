using ScottPlot;

namespace Rtu.Forecasting;

internal static class Plotting
{
    /// <summary>
    /// Actual values and the H-step forecasts (each placed at the row it forecasts) with their 80 % interval as a light
    /// band of the forecast's colour (drawn first, translucent, so it hides no line), as a PNG.
    /// </summary>
    public static void SaveActualVsForecast(string path, CsvSeries series, float[][] made, float[][] lower80, float[][] upper80, int horizon, string title)
    {
        int n = series.Values.Length;
        var (ax, ay) = Points(Enumerable.Range(0, n).Select(t => (double)series.Values[t]));
        var (fx, fy) = Points(Enumerable.Range(0, n).Select(t => t >= horizon ? (double)made[t - horizon][horizon - 1] : double.NaN));
        var bandRows = Enumerable.Range(horizon, Math.Max(0, n - horizon))
            .Where(t => float.IsFinite(lower80[t - horizon][horizon - 1]) && float.IsFinite(upper80[t - horizon][horizon - 1])).ToArray();
        var plt = new Plot();
        var forecastColor = plt.Add.Palette.GetColor(1);   // the colour the forecast line gets (second series)
        if (bandRows.Length > 0)
        {
            var band = plt.Add.FillY(bandRows.Select(t => (double)t).ToArray(),
                bandRows.Select(t => (double)lower80[t - horizon][horizon - 1]).ToArray(),
                bandRows.Select(t => (double)upper80[t - horizon][horizon - 1]).ToArray());
            band.FillColor = forecastColor.WithAlpha(0.2);
            band.LineWidth = 0;
            band.LegendText = "80 % interval (online conformal)";
        }
        var actual = plt.Add.ScatterLine(ax, ay);
        actual.Color = plt.Add.Palette.GetColor(0);   // as without the band (the band took the palette's next colour)
        actual.LegendText = "actual";
        actual.LineWidth = 1.5f;
        var forecast = plt.Add.ScatterLine(fx, fy);
        forecast.Color = forecastColor;
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
