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

    /// <summary>
    /// The colour of a curve in the Category20 palette (pairs of a dark and a light shade of one hue): the trunk named in
    /// its label (ENV-ARCH-sSEED) always gets the dark shade of its own hue, so a trunk looks the same in every plot; the
    /// same trunk at another size (ENV-ARCH-nUNITS-sSEED, <c>--trunk-units</c>) gets the light shade; labels naming no
    /// trunk take the slots after the trunks' in order.
    /// </summary>
    private static int ColourSlot(string label, ref int next)
    {
        for (int k = 0; k < Architectures.Names.Length; k++)
        {
            string name = Architectures.Names[k];
            if (label.Contains($"-{name}-n", StringComparison.Ordinal)) return 2 * k + 1;
            if (label.Contains($"-{name}-", StringComparison.Ordinal) || label.EndsWith($"-{name}", StringComparison.Ordinal)) return 2 * k;
        }
        return 2 * Architectures.Names.Length + next++;
    }

    /// <summary>Plots one or more curves (label, csv) into a PNG: thin raw lines and a thick moving average.</summary>
    public static void Plot(string title, IReadOnlyList<(string Label, string Csv)> curves, string pngPath, int window = 10)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        int next = 0;
        for (int i = 0; i < curves.Count; i++)
        {
            var (steps, returns) = Read(curves[i].Csv);
            if (steps.Length == 0) continue;
            var color = palette.GetColor(ColourSlot(curves[i].Label, ref next));
            var raw = plot.Add.ScatterLine(steps, returns);
            raw.Color = color.WithAlpha(0.25); raw.LineWidth = 1;
            var smooth = plot.Add.ScatterLine(steps, Smooth(returns, window));
            smooth.Color = color; smooth.LineWidth = 2.5f; smooth.LegendText = curves[i].Label;
        }
        plot.Title(title);
        plot.XLabel("environment steps");
        plot.YLabel($"mean episode return (moving average of {window} updates)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(pngPath, 900, 540);
    }
}
