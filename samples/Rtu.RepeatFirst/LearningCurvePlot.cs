using ScottPlot;

namespace Rtu.RepeatFirstSample;

/// <summary>The learning curves of every cell in one PNG: accuracy per bin of steps against the step.</summary>
public static class LearningCurvePlot
{
    public static string Write(string path, IReadOnlyList<RunResult> results, int steps)
    {
        var plot = new Plot();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var line = plot.Add.Scatter(r.CurveSteps, r.CurveAccuracy);
            line.LegendText = $"{r.Cell.Label} ({r.FinalAccuracy:F2})";
            line.LineWidth = 2;
            line.MarkerSize = 0;
            // A cell's colour is its kind's, in every run and every sample; a variant of a kind (ring init, x-only gates) lighter.
            line.Color = r.Cell.Variant ? Rtu.Samples.CellColors.VariantOf(r.Cell.Kind) : Rtu.Samples.CellColors.Of(r.Cell.Kind);
        }
        var chance = plot.Add.HorizontalLine(0.25);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = Colors.Black;
        chance.LegendText = "chance";
        plot.Axes.SetLimitsY(0, 1.05);
        plot.XLabel("online step");
        plot.YLabel("accuracy (per bin)");
        plot.Title($"Supervised repeat-first, {steps:N0} steps per cell (legend: accuracy over the last 20 %)");
        plot.ShowLegend(Edge.Right); // outside the data area: the curves fill both the top and the bottom
        plot.SavePng(path, 1300, 650);
        return Path.GetFileName(path);
    }
}
