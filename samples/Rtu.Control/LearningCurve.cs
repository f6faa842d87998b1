using System.Globalization;
using Rtu.Trainers.Learning.Ppo;
using ScottPlot;

namespace Rtu.Control;

/// <summary>The learning-curve CSV (one row per update) and its PNG plot.</summary>
internal static class LearningCurve
{
    public const string Header = "update,env_steps,mean_return,episodes,loss,policy_loss,value_loss,entropy,approx_kl,clip_fraction,grad_norm,steps_per_second";

    public static string Row(PpoUpdateStats s) => string.Join(',',
        s.Update.ToString(CultureInfo.InvariantCulture), s.GlobalStep.ToString(CultureInfo.InvariantCulture),
        F(s.MeanEpisodeReturn), s.EpisodesFinished.ToString(CultureInfo.InvariantCulture), F(s.Loss.Total), F(s.Loss.Policy),
        F(s.Loss.Value), F(s.Loss.Entropy), F(s.Loss.ApproxKl), F(s.Loss.ClipFraction), F(s.GradientNorm), F(s.StepsPerSecond));

    private static string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Reads (env steps, mean return) from a learning-curve CSV.</summary>
    public static (double[] Steps, double[] Returns) Read(string path)
    {
        var steps = new List<double>(); var returns = new List<double>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            double r = double.Parse(parts[2], CultureInfo.InvariantCulture);
            if (double.IsNaN(r)) continue;
            steps.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
            returns.Add(r);
        }
        return (steps.ToArray(), returns.ToArray());
    }

    /// <summary>Moving average over the last <paramref name="window"/> points.</summary>
    public static double[] Smooth(double[] y, int window)
    {
        var s = new double[y.Length];
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += y[i];
            if (i >= window) sum -= y[i - window];
            s[i] = sum / Math.Min(i + 1, window);
        }
        return s;
    }

    /// <summary>Plots one or more curves (label, csv) into a PNG: thin raw lines and a thick moving average.</summary>
    public static void Plot(string title, IReadOnlyList<(string Label, string Csv)> curves, string pngPath, int window = 10)
    {
        var plot = new Plot();
        for (int i = 0; i < curves.Count; i++)
        {
            var (steps, returns) = Read(curves[i].Csv);
            if (steps.Length == 0) continue;
            var color = BaseColor(curves[i].Label, curves.Take(i).Count(c => ArchitectureIndex(c.Label) < 0));
            // The same architecture at another size (--trunk-units: "...-rtu-gated-n32-s1") keeps its hue, lighter; with
            // another open-unit share (--open-unit-share: "...-rtu-gated-open50-s1") darker, the more open units the darker.
            string variant = Variant(curves[i].Label);
            if (IsResized(curves[i].Label)) color = color.Lighten(0.45);
            if (OpenPercent(curves[i].Label) is double open) color = color.Darken(0.2 + 0.5 * open / 100);
            var raw = plot.Add.ScatterLine(steps, returns);
            raw.Color = color.WithAlpha(0.25); raw.LineWidth = 1;
            var smooth = plot.Add.ScatterLine(steps, Smooth(returns, window));
            smooth.Color = color; smooth.LineWidth = 2.5f; smooth.LegendText = curves[i].Label;
            // Several runs of one variant of an architecture (seeds) share its colour and differ by line pattern.
            int sameBefore = ArchitectureIndex(curves[i].Label) is int k and >= 0
                ? curves.Take(i).Count(c => ArchitectureIndex(c.Label) == k && Variant(c.Label) == variant) : 0;
            smooth.LinePattern = Patterns[sameBefore % Patterns.Length];
        }
        plot.Title(title);
        plot.XLabel("environment steps");
        plot.YLabel($"mean episode return (moving average of {window} updates)");
        plot.ShowLegend(Edge.Bottom);   // outside the data area: the curves reach every corner
        plot.SavePng(pngPath, 900, 600);
    }

    // Colours follow the architecture named in the label (a run's file name, e.g. "StatelessCartPoleEasy-gru-s1"), so
    // an architecture has the same colour in every plot whichever others it is drawn with, and in every sample
    // (CellColors); other labels take the colours no architecture takes, in order.
    private static readonly string[] ColorOrder = ["gru", "mlp", "online-lru", "rtu-linear", "rtu-nonlinear", "rtu-gated"];

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    private static int ArchitectureIndex(string label) =>
        Array.FindIndex(ColorOrder, n => label == n || label.StartsWith(n + "-", StringComparison.Ordinal)
            || label.Contains("-" + n + "-", StringComparison.Ordinal) || label.EndsWith("-" + n, StringComparison.Ordinal));

    private static bool IsResized(string label) =>
        System.Text.RegularExpressions.Regex.IsMatch(label, @"-n\d+(-s\d+)?$");

    // The open-unit share in percent of a "...-openP[-aMIN-MAX][-nN][-sS]" label (Architectures.RunLabel), or null.
    private static double? OpenPercent(string label) =>
        System.Text.RegularExpressions.Regex.Match(label, @"-open(\d+(\.\d+)?)(-a[\d.]+-[\d.]+)?(-n\d+)?(-s\d+)?$") is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    // What tells variants of one architecture apart: the open-unit share, the a₀ range and the size, not the seed.
    private static string Variant(string label)
    {
        var m = System.Text.RegularExpressions.Regex.Match(label, @"(-open[\d.]+)?(-a[\d.]+-[\d.]+)?(-n\d+)?(-s\d+)?$");
        return m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value;
    }

    private static Color BaseColor(string label, int unknownBefore) =>
        ArchitectureIndex(label) is int k and >= 0 ? Rtu.Samples.CellColors.Of(Architectures.Parse(ColorOrder[k]))
            : Rtu.Samples.CellColors.Others[unknownBefore % Rtu.Samples.CellColors.Others.Length];
}
