using System.Globalization;
using ScottPlot;

namespace Rtu.Thermostat;

internal static class Adaptation
{
    /// <summary>adaptation.csv (seed, kind, day, return) and adaptation.png (mean ± s.e. per day over the rooms).</summary>
    public static void Write(string folder, List<DayReturn> results, Arguments arguments)
    {
        using (var csv = new StreamWriter(Path.Combine(folder, "adaptation.csv")))
        {
            csv.WriteLine("seed,kind,day,return");
            foreach (var r in results) csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Seed},{r.Kind},{r.Day},{r.Return:F3}"));
        }
        var plot = new Plot();
        foreach (var (kind, color) in new[] { ("frozen", plot.Add.Palette.GetColor(0)), ("learning", plot.Add.Palette.GetColor(2)) })
        {
            var days = results.Where(r => r.Kind == kind).GroupBy(r => r.Day).OrderBy(g => g.Key).ToArray();
            double[] x = days.Select(g => (double)g.Key + 1).ToArray();
            double[] mean = days.Select(g => Stats.Mean(g.Select(r => r.Return).ToArray())).ToArray();
            double[] se = days.Select(g => Stats.StandardError(g.Select(r => r.Return).ToArray())).ToArray();
            // The band first, so the mean line is drawn over it; both in the kind's fixed colour.
            var band = plot.Add.FillY(x, mean.Zip(se).Select(p => p.First - (double.IsNaN(p.Second) ? 0 : p.Second)).ToArray(),
                mean.Zip(se).Select(p => p.First + (double.IsNaN(p.Second) ? 0 : p.Second)).ToArray());
            band.FillColor = color.WithAlpha(0.25);
            band.LineWidth = 0;
            var line = plot.Add.ScatterLine(x, mean);
            line.Color = color;
            line.LegendText = kind == "frozen" ? "frozen policy" : "keeps learning (online PPO per room)";
            line.LineWidth = 2;
        }
        plot.Title($"Thermostat after the insulation change (leak 0.05 → {arguments.LeakAfter.ToString(CultureInfo.InvariantCulture)}): return per day, {(arguments.Seeds == 1 ? "1 room" : $"mean ± s.e. over {arguments.Seeds} rooms")}");
        plot.XLabel("day after the change");
        plot.YLabel("return per day (96 steps)");
        plot.ShowLegend(Edge.Bottom);   // outside the data area: the learning curve crosses every corner
        plot.SavePng(Path.Combine(folder, "adaptation.png"), 1100, 600);
    }
}
