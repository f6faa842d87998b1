using ScottPlot;

namespace Rtu.Forecasting;

internal static class Plotting
{
    /// <summary>
    /// Actual values and the H-step forecasts (each placed at the row it forecasts) with their 80 % interval as a light
    /// band of the forecast's colour (drawn first, translucent, so it hides no line), as a PNG. The time axis shows the
    /// series' dates when its timestamps are dates (<see cref="TimeAxis"/>); the legend sits below the data area, so it
    /// hides none of it. Colours: actual is the palette's first colour, the forecast and its band the second. A series of
    /// more than <see cref="PlotPoints.MaxPoints"/> rows is drawn from the envelope of its points (<see cref="PlotPoints"/>).
    /// From row <paramref name="from"/> on only (the app's plot of the last seasons, where years of daily rows are a band).
    /// </summary>
    public static void SaveActualVsForecast(string path, CsvSeries series, float[][] made, float[][] lower80, float[][] upper80, int horizon, string title, int from = 0)
    {
        int n = series.Values.Length;
        var time = TimeAxis.For(series);
        var actualValues = Enumerable.Range(0, n).Select(t => t >= from ? series.Values[t] : double.NaN).ToArray();
        var actualLines = PlotPoints.ThinSegments(PlotPoints.Segments(time.X, actualValues));
        var forecastLines = PlotPoints.ThinSegments(PlotPoints.Segments(time.X, Enumerable.Range(0, n).Select(t => t >= horizon && t >= from ? (double)made[t - horizon][horizon - 1] : double.NaN).ToArray()));
        var bandRows = Enumerable.Range(Math.Max(horizon, from), Math.Max(0, n - Math.Max(horizon, from)))
            .Where(t => float.IsFinite(lower80[t - horizon][horizon - 1]) && float.IsFinite(upper80[t - horizon][horizon - 1])).ToArray();
        var plt = new Plot();
        var actualColor = plt.Add.Palette.GetColor(0);
        var forecastColor = plt.Add.Palette.GetColor(1);
        if (bandRows.Length > 0)
        {
            var (bx, blower, bupper) = PlotPoints.ThinBand(bandRows.Select(t => time.X[t]).ToArray(),
                bandRows.Select(t => (double)lower80[t - horizon][horizon - 1]).ToArray(),
                bandRows.Select(t => (double)upper80[t - horizon][horizon - 1]).ToArray());
            var band = plt.Add.FillY(bx, blower, bupper);
            band.FillColor = forecastColor.WithAlpha(0.2);
            band.LineWidth = 0;
            band.LegendText = "80 % interval (online conformal)";
        }
        AddLines(plt, actualLines, actualColor, 1.5f, "actual");
        AddLines(plt, forecastLines, forecastColor, 1.2f, $"forecast (made {horizon} step{(horizon > 1 ? "s" : "")} earlier, online)");
        if (time.IsDate && plt.Axes.DateTimeTicksBottom().TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic dates)
            dates.LabelFormatter = DateLabel;
        else if (!time.IsDate)   // years and time indices: no thousands separator (1821, not 1,821)
            plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            { LabelFormatter = v => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) };
        // After the axes are set up (a new bottom axis for dates sets the limits afresh).
        int beyond = FitValues(plt, actualValues);
        if (beyond > 0) title += $" ({beyond} value{(beyond > 1 ? "s" : "")} far beyond the rest off the axis)";
        plt.Title(title);
        plt.XLabel(time.Label);
        plt.YLabel(series.Name);
        plt.ShowLegend(Edge.Bottom);   // outside the data area: a series fills any corner sooner or later
        // Room right of the data area for half a date label centred on the last tick ("2020-07-2" was cut off; an audit).
        plt.Axes.Right.MinimumSize = 45;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Save(plt, path, 1400, 650);
    }

    /// <summary>
    /// The spread of many series' MASE against seasonal naive (the app's --key run): a histogram in bins of 0.05, the
    /// last bin holding everything from 2 up, in the forecast's colour (as in the series' plots), with a line at 1 where
    /// a series ties seasonal naive and one at the geometric mean; the legend sits below the data area.
    /// </summary>
    public static void SaveMaseHistogram(string path, IReadOnlyList<double> mase, string title)
    {
        const double width = 0.05, last = 2.0;
        int bins = (int)(last / width) + 1;
        var counts = new double[bins];
        var finite = mase.Where(v => double.IsFinite(v) && v >= 0).ToArray();
        foreach (double v in finite) counts[Math.Min(bins - 1, (int)(v / width))]++;
        var plt = new Plot();
        var bars = plt.Add.Bars(Enumerable.Range(0, bins).Select(i => (i + 0.5) * width).ToArray(), counts);
        foreach (var bar in bars.Bars) { bar.FillColor = plt.Add.Palette.GetColor(1); bar.Size = width * 0.9; bar.LineWidth = 0; }
        bars.LegendText = $"series (last bar: MASE ≥ {last:0})";
        var tie = plt.Add.VerticalLine(1);
        tie.Color = Colors.Black;
        tie.LinePattern = LinePattern.Dashed;
        tie.LegendText = "1: as good as seasonal naive";
        var positive = finite.Where(v => v > 0).ToArray();
        if (positive.Length > 0)
        {
            double geometric = Math.Exp(positive.Average(Math.Log));
            var mean = plt.Add.VerticalLine(geometric);
            mean.Color = plt.Add.Palette.GetColor(1).Darken(0.4);
            mean.LegendText = $"geometric mean {geometric:F3}";
        }
        plt.Axes.SetLimitsX(0, last + width);
        plt.Axes.SetLimitsY(0, Math.Max(1, counts.Max()) * 1.08);
        plt.Title(title);
        plt.XLabel("MASE vs seasonal naive (< 1: better than seasonal naive)");
        plt.YLabel("series");
        plt.ShowLegend(Edge.Bottom);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Save(plt, path, 1000, 550);
    }

    /// <summary>
    /// The plot in the format its file name asks for: PNG, SVG, JPEG, BMP or WebP by the extension (`--plot forecast.svg`
    /// wrote PNG bytes into forecast.svg, which no SVG viewer opens; <see cref="CheckFormat"/> refuses any other).
    /// </summary>
    internal static void Save(Plot plt, string path, int width, int height)
    {
        CheckFormat(path);
        if (Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase)) plt.SavePng(path, width, height);
        else plt.Save(path, width, height);
    }

    private static readonly string[] Formats = [".png", ".svg", ".jpg", ".jpeg", ".bmp", ".webp"];

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="path"/>'s extension names no format the plot is drawn
    /// in, before a run (`--plot x.gif` wrote PNG bytes into x.gif).
    /// </summary>
    internal static void CheckFormat(string path)
    {
        if (!Formats.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"--plot {path}: the plot is drawn as PNG, SVG, JPEG, BMP or WebP; name the file .png, .svg, .jpg, .jpeg, .bmp or .webp.");
    }

    // ISO labels, as short as the tick allows: 1960 on a year boundary, 1960-07 on a month's, 1960-07-15 on a day's, else with the time.
    private static string DateLabel(DateTime d) =>
        d.TimeOfDay != TimeSpan.Zero ? d.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)
        : d.Day != 1 ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
        : d.Month != 1 ? d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)
        : d.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture);

    // One line in one colour, drawn as its segments, the legend naming the first; a lone value between two missing ones
    // is a dot (a line through one point draws nothing: a one-row series' plot was empty).
    private static void AddLines(Plot plt, List<(double[] X, double[] Y)> segments, ScottPlot.Color color, float width, string legend)
    {
        bool first = true;
        foreach (var (x, y) in segments)
        {
            var line = plt.Add.ScatterLine(x, y);
            line.Color = color;
            line.LineWidth = width;
            if (x.Length == 1) { line.MarkerShape = MarkerShape.FilledCircle; line.MarkerSize = 5; }
            line.LegendText = first ? legend : "";
            first = false;
        }
    }

    // The vertical axis fits the bulk of the values when a few lie far beyond it (one reading of 10^6 on a series of about
    // 100 drew the series, its forecast and band as one flat line at 0; an audit): the range of the values without the
    // lowest and highest 0.5 % (at least two at each end), widened by a tenth, where values lie more than twice that range
    // beyond it. Returns how many are off the axis.
    private static int FitValues(Plot plt, double[] values)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length < 20) return 0;
        int k = Math.Max(2, (int)Math.Ceiling(0.005 * finite.Length));   // at least two values left out at each end: a lone spike is not the range
        double lo = finite[k], hi = finite[finite.Length - 1 - k];
        double range = Math.Max(hi - lo, 1e-12 * Math.Max(Math.Abs(lo), Math.Abs(hi)));
        if (!(range > 0)) return 0;
        int beyond = finite.Count(v => v < lo - 2 * range || v > hi + 2 * range);
        if (beyond == 0) return 0;
        plt.Axes.AutoScale();
        plt.Axes.SetLimitsY(lo - 0.1 * range, hi + 0.1 * range);
        return beyond;
    }
}
