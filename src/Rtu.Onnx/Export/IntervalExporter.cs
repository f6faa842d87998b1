using System.Globalization;
using Rtu.Onnx.Graph;

namespace Rtu.Onnx.Export;

/// <summary>
/// Frozen prediction intervals (<see cref="PredictionIntervalWeights"/>): each level's half-widths [k] are an
/// initializer broadcast to [N,k] with Expand over the shape [N, k] taken from <c>obs</c> (the batch size N) — no
/// arithmetic touches them, so a NaN (unknown) half-width comes out as NaN.
/// </summary>
internal static class IntervalExporter
{
    public static void Emit(ExportContext ctx, IReadOnlyList<PredictionIntervalWeights> intervals, int width)
    {
        if (intervals.Count == 0) return;
        var b = ctx.Builder;
        // Shape-15 with start/end: the batch dimension [N] of obs, then [N, k].
        string batch = b.Op("Shape", "intervals/batch", [OnnxNames.Observation], OnnxGraphBuilder.IntAttr("start", 0), OnnxGraphBuilder.IntAttr("end", 1));
        b.AddInt64Initializer("intervals/width", [width], 1);
        string shape = b.Op("Concat", "intervals/shape", [batch, "intervals/width"], OnnxGraphBuilder.IntAttr("axis", 0));
        foreach (var interval in intervals)
        {
            string name = interval.OutputName;
            string level = (interval.Level * 100).ToString("0.######", CultureInfo.InvariantCulture);
            b.AddInitializer("intervals/" + name, interval.HalfWidth, width);
            b.AddNode("Expand", "intervals/expand_" + name, ["intervals/" + name, shape], [name]);
            ctx.DeclareOutput(name, new long?[] { null, width },
                $"half-widths of the {level} % prediction interval per prediction output (frozen constants, the same for every row): lower = point - half_width, upper = point + half_width; NaN = unknown");
        }
        b.AddMetadata("interval_levels", string.Join(",", intervals.Select(i => i.Level.ToString("R", CultureInfo.InvariantCulture))));
    }

    public static void Validate(RecurrentModelWeights model)
    {
        if (model.PredictionIntervals is not { Count: > 0 } intervals) return;
        if (model.Heads is not PredictionHeadWeights p)
            throw new ArgumentException("PredictionIntervals need a prediction head: the intervals are around its outputs.", nameof(model));
        foreach (var interval in intervals)
        {
            if (interval is null) throw new ArgumentException("PredictionIntervals holds a null entry.", nameof(model));
            interval.Validate(p.Layers.OutputSize);
        }
        var duplicate = intervals.GroupBy(i => i.OutputName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"PredictionIntervals: two intervals share the output {duplicate.Key} (the same level).", nameof(model));
    }
}
