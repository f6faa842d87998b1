using ScottPlot;
using ScottPlot.TickGenerators;

namespace Rtu.TraceConditioningSample;

/// <summary>
/// The PNG figures: MSRE against parameters and FLOPs, MSRE and time per step against the truncation length T. A learner
/// family has the same colour in every figure (<see cref="FamilyPalette"/>), and the legends sit right of the data area,
/// so they hide no point.
/// </summary>
public static class ResultPlots
{
    private const int Width = 1000, Height = 650;

    /// <summary>Writes every figure into <paramref name="folder"/> and returns the file names.</summary>
    public static IReadOnlyList<string> WriteAll(string folder, IReadOnlyList<ConfigurationSummary> summaries, IReadOnlyList<TimingResult> timings)
    {
        var palette = new FamilyPalette(summaries.Select(s => s.Family).Concat(timings.Select(Family)));
        var files = new List<string>
        {
            MsreAgainstBudget(Path.Combine(folder, "msre_vs_parameters.png"), summaries, BudgetKind.Parameters, palette),
            MsreAgainstBudget(Path.Combine(folder, "msre_vs_flops.png"), summaries, BudgetKind.Flops, palette),
            MsreAgainstTruncation(Path.Combine(folder, "msre_vs_truncation.png"), summaries, palette),
            TimeAgainstTruncation(Path.Combine(folder, "time_per_step_vs_truncation.png"), timings, palette),
        };
        return files;
    }

    // One line per architecture family (T-BPTT families at their best T per budget): x = the configuration's actual
    // parameters or FLOPs, y = MSRE at the best step size, both on log scales.
    private static string MsreAgainstBudget(string path, IReadOnlyList<ConfigurationSummary> summaries, BudgetKind kind, FamilyPalette palette)
    {
        var plot = new Plot();
        var best = ConfigurationSummary.BestPerFamily(summaries.Where(s => s.BudgetKind == kind && double.IsFinite(s.Msre)));
        foreach (var group in best.GroupBy(s => s.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var points = group.OrderBy(s => s.Budget).ToArray();
            double[] xs = points.Select(s => Math.Log10(kind == BudgetKind.Parameters ? s.RecurrentParameters : s.FlopsPerStep)).ToArray();
            var scatter = plot.Add.Scatter(xs, points.Select(s => Math.Log10(s.Msre)).ToArray());
            Style(scatter, group.Key + (group.Any(s => s.Truncation > 0) ? " (best T)" : ""), palette.Of(group.Key));
            if (group.Any(s => s.Truncation > 0)) scatter.LinePattern = LinePattern.Dashed;
        }
        LogAxis(plot.Axes.Bottom, best.Select(s => Math.Log10(kind == BudgetKind.Parameters ? s.RecurrentParameters : s.FlopsPerStep)));
        LogAxis(plot.Axes.Left, best.Select(s => Math.Log10(s.Msre)));
        plot.XLabel(kind == BudgetKind.Parameters ? "recurrent parameters" : "FLOPs per step (whole learner)");
        plot.YLabel("MSRE (last 50% of the run)");
        plot.Title(kind == BudgetKind.Parameters ? "Trace conditioning: MSRE at matched parameters" : "Trace conditioning: MSRE at matched FLOPs per step");
        return Save(plot, path);
    }

    // At the largest parameter budget: T-BPTT baselines against T, RTRL learners as horizontal lines (their cost does not depend on T).
    private static string MsreAgainstTruncation(string path, IReadOnlyList<ConfigurationSummary> summaries, FamilyPalette palette)
    {
        var plot = new Plot();
        var byParams = summaries.Where(s => s.BudgetKind == BudgetKind.Parameters && double.IsFinite(s.Msre)).ToList();
        if (byParams.Count > 0)
        {
            long budget = byParams.Max(s => s.Budget);
            var atBudget = byParams.Where(s => s.Budget == budget).ToList();
            foreach (var group in atBudget.Where(s => s.Truncation > 0).GroupBy(s => s.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var points = group.OrderBy(s => s.Truncation).ToArray();
                Style(plot.Add.Scatter(points.Select(s => Math.Log2(s.Truncation)).ToArray(), points.Select(s => Math.Log10(s.Msre)).ToArray()), group.Key, palette.Of(group.Key));
            }
            foreach (var s in atBudget.Where(s => s.Truncation == 0))
            {
                var line = plot.Add.HorizontalLine(Math.Log10(s.Msre));
                line.LegendText = s.Label;
                line.LinePattern = LinePattern.Dashed;
                line.Color = palette.Of(s.Family);
            }
            plot.Title($"MSRE against truncation length T at {budget:N0} recurrent parameters");
            LogAxis(plot.Axes.Left, atBudget.Select(s => Math.Log10(s.Msre)));
        }
        Log2Axis(plot.Axes.Bottom);
        plot.XLabel("T-BPTT truncation length T");
        plot.YLabel("MSRE (last 50% of the run)");
        return Save(plot, path);
    }

    /// <summary>
    /// Wall time per step against T from the dedicated single-thread timing pass; RTRL learners as horizontal lines
    /// (colours from <paramref name="palette"/>, or from the timed families alone).
    /// </summary>
    public static string TimeAgainstTruncation(string path, IReadOnlyList<TimingResult> timings, FamilyPalette? palette = null)
    {
        palette ??= new FamilyPalette(timings.Select(Family));
        var plot = new Plot();
        foreach (var group in timings.Where(t => t.Truncation > 0).GroupBy(Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var points = group.OrderBy(t => t.Truncation).ToArray();
            Style(plot.Add.Scatter(points.Select(t => Math.Log2(t.Truncation)).ToArray(), points.Select(t => t.MicrosecondsPerStep).ToArray()), group.Key, palette.Of(group.Key));
        }
        foreach (var t in timings.Where(t => t.Truncation == 0))
        {
            var line = plot.Add.HorizontalLine(t.MicrosecondsPerStep);
            line.LegendText = t.Label;
            line.LinePattern = LinePattern.Dashed;
            line.Color = palette.Of(Family(t));
        }
        // The timing pass runs every learner sized to the largest parameter budget; the sizes differ per cell (the gated
        // RTU is sized by its trained parameters), so the title gives their range rather than one cell's count.
        if (timings.Count > 0)
        {
            long least = timings.Min(t => t.RecurrentParameters), most = timings.Max(t => t.RecurrentParameters);
            string sizes = least == most ? $"{most:N0}" : $"{least:N0}–{most:N0}";
            plot.Title($"Time per online step against T at {sizes} recurrent parameters (one thread)");
        }
        Log2Axis(plot.Axes.Bottom);
        plot.XLabel("T-BPTT truncation length T");
        plot.YLabel("µs per step (wall clock, whole learner)");
        return Save(plot, path);
    }

    private static void Style(ScottPlot.Plottables.Scatter scatter, string label, Color color)
    {
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 7;
        scatter.Color = color;
    }

    // A timed learner's family, named as ConfigurationSummary.Family names it ("Gru-TBPTT(16)" → "Gru-TBPTT").
    private static string Family(TimingResult t) => FamilyPalette.FamilyOf(t.Label, t.Truncation);

    // Values are plotted as log10(x); put ticks at 1, 2, 3, 4, 5, 6 and 8 × 10^k (1, 2, 3, 5 over more than a decade) and label them with x itself.
    private static void LogAxis(IAxis axis, IEnumerable<double> log10Values)
    {
        double[] values = log10Values.Where(double.IsFinite).ToArray();
        if (values.Length == 0) return;
        var ticks = new NumericManual();
        var positions = new List<double>();
        // Over more than a decade the 4, 6 and 8 labels run into their neighbours (40,00050,00060,000).
        double[] mantissas = values.Max() - values.Min() > 1 ? [1, 2, 3, 5] : [1, 2, 3, 4, 5, 6, 8];
        for (int k = (int)Math.Floor(values.Min()) - 1; k <= (int)Math.Ceiling(values.Max()); k++)
            foreach (double m in mantissas)
            {
                double x = m * Math.Pow(10, k);
                ticks.AddMajor(Math.Log10(x), x.ToString(x >= 1 ? "N0" : "G2", System.Globalization.CultureInfo.InvariantCulture));
                positions.Add(Math.Log10(x));
            }
        axis.TickGenerator = ticks;
        // Reach the labelled ticks either side of the data, so that every point sits between two labels (the memoryless
        // MSRE ~0.14 above the last label 0.1, or the 15,000-FLOP points left of the first label 20,000, otherwise did not).
        double low = positions.Where(p => p <= values.Min() + 1e-12).DefaultIfEmpty(values.Min()).Max();
        double high = positions.Where(p => p >= values.Max() - 1e-12).DefaultIfEmpty(values.Max()).Min();
        double pad = 0.02 * (high - low);
        axis.Range.Set(low - pad, high + pad);
    }

    // Truncation lengths are plotted as log2(T); label the ticks with T at powers of two.
    private static void Log2Axis(IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(2, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static string Save(Plot plot, string path)
    {
        plot.ShowLegend(Edge.Right);   // outside the data area: the curves reach every corner
        plot.SavePng(path, Width, Height);
        return Path.GetFileName(path);
    }
}
