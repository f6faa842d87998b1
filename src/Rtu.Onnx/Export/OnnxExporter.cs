using Google.Protobuf;
using Rtu.Onnx.Graph;
using Rtu.Onnx.Protos;

namespace Rtu.Onnx.Export;

/// <summary>
/// Writes one-step recurrent graphs with explicit state:
/// inputs <c>obs [N,d_obs]</c> then the cell's <c>state_*</c> [N,k]; outputs the head results
/// (<c>prediction</c>, or <c>logits</c> / <c>mean</c>+<c>log_std</c>, then <c>value</c>) then
/// <c>features</c> (optional), the frozen interval half-widths <c>interval_half_width_*</c> (optional), then
/// <c>next_state_*</c> in the same order as the state inputs. All tensors are float32.
/// The cell's part of the graph and its states are written by the cell kind's <see cref="Rtu.Trainers.Cells.CellDefinition"/>:
/// linear/non-linear RTU <c>state_h1, state_h2</c> [N,n]; Online LRU <c>state_h_re, state_h_im</c> [N,n];
/// GRU <c>state_h</c> [N,n]; memoryless: none.
/// IR version 8, opset 17, producer "Rtu.MLNet".
/// </summary>
public static class OnnxExporter
{
    /// <summary>Builds the model and writes it atomically (temporary file in the same folder, then rename).</summary>
    public static void Export(RecurrentModelWeights model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = ToBytes(model); // built and validated before the old file is touched
        Rtu.Trainers.IO.AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The serialized ONNX model.</summary>
    public static byte[] ToBytes(RecurrentModelWeights model) => BuildModel(model).ToByteArray();

    /// <summary>Validates the weights and builds the ONNX model in memory.</summary>
    internal static ModelProto BuildModel(RecurrentModelWeights model)
    {
        Validate(model);
        var cell = model.Cell;
        var b = new OnnxGraphBuilder(cell.Architecture + "_step");
        var ctx = new ExportContext(b);

        b.AddMetadata("architecture", cell.Architecture);
        b.AddMetadata("head", model.Heads?.Kind ?? "none");
        b.AddMetadata("head_input", model.HeadSkipConnection ? "concat(cell output, cell input)" : "cell output");
        b.AddMetadata("library", "Rtu.MLNet");
        b.AddMetadata("library_version", OnnxGraphBuilder.LibraryVersion);
        b.AddMetadata("obs_size", model.ObservationSize.ToString());
        b.AddMetadata("input_mlp_layers", DenseExporter.Describe(model.InputMlp));
        b.AddMetadata("cell_input_size", cell.InputSize.ToString());
        b.AddMetadata("cell_output_size", cell.OutputSize.ToString());
        var cellExport = cell.ToCellExport();
        var definition = cellExport.Definition;
        foreach (var (key, value) in definition.Metadata(cellExport)) b.AddMetadata(key, value);

        b.AddInput(OnnxNames.Observation, new long?[] { null, model.ObservationSize }, "observations, one row per stream");
        b.AddMetadata("input." + OnnxNames.Observation, $"[N,{model.ObservationSize}] float32: observations, one row per stream");

        string x = OnnxNames.Observation;
        if (model.InputNormalization is { } norm)
        {
            if (norm.ImputeNonFinite)
            {
                // Missing values (NaN, ±inf) are replaced by the mean, so they normalise to 0.
                b.AddInitializer("input_norm/impute_mean", norm.Mean, model.ObservationSize);
                string nan = b.Op("IsNaN", "input_norm/is_nan", x);
                string inf = b.Op("IsInf", "input_norm/is_inf", x);
                string missing = b.Op("Or", "input_norm/is_missing", nan, inf);
                x = b.Op("Where", "input_norm/impute", missing, "input_norm/impute_mean", x);
                b.AddMetadata("input_imputation", "non-finite obs values (NaN, +-inf) are replaced by the mean before standardisation");
            }
            // Running statistics frozen at export: obs_n = (obs - mean) / std, clamped when the learner clamped.
            b.AddInitializer("input_norm/mean", norm.Mean, model.ObservationSize);
            b.AddInitializer("input_norm/std", norm.Std, model.ObservationSize);
            string centred = b.Op("Sub", "input_norm/sub", x, "input_norm/mean");
            x = b.Op("Div", "input_norm/div", centred, "input_norm/std");
            if (norm.Clip is float clip)
            {
                b.AddInitializer("input_norm/min", [-clip]);
                b.AddInitializer("input_norm/max", [clip]);
                x = b.Op("Clip", "input_norm/clip", x, "input_norm/min", "input_norm/max");
            }
            b.AddMetadata("input_normalization", norm.Clip is float c ? $"(obs - mean) / std, clipped to +-{c.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "(obs - mean) / std");
        }
        if (model.InputMlp is not null)
            x = DenseExporter.EmitMlp(b, model.InputMlp, x, "input_mlp");

        string features = definition.Emit(new OnnxCellGraph(ctx), cellExport, x);

        string headInput = features;
        if (model.HeadSkipConnection)
            headInput = b.Op("Concat", "head_input", new[] { features, x }, OnnxGraphBuilder.IntAttr("axis", 1));
        if (model.Heads is not null) HeadsExporter.Emit(ctx, model.Heads, headInput);
        if (model.OutputFeatures)
        {
            b.Op("Identity", OnnxNames.Features, features);
            ctx.DeclareOutput(OnnxNames.Features, new long?[] { null, cell.OutputSize }, $"{cell.Architecture} cell output (state features)");
        }
        if (model.PredictionIntervals is { Count: > 0 } intervals)
            IntervalExporter.Emit(ctx, intervals, ((PredictionHeadWeights)model.Heads!).Layers.OutputSize);
        b.AddMetadata("state_names", string.Join(",", ctx.States.Select(s => OnnxNames.State(s.Suffix))));
        b.AddMetadata("state_sizes", string.Join(",", ctx.States.Select(s => s.Size)));
        if (model.Metadata is not null)
            foreach (var (key, value) in model.Metadata)
            {
                if (b.Metadata.Any(kv => kv.Key == key))
                    throw new ArgumentException($"Metadata key '{key}' is written by the exporter itself; choose another key.", nameof(model));
                b.AddMetadata(key, value);
            }
        ctx.Finish();
        b.WithDocString($"Rtu.MLNet one-step {cell.Architecture} graph with {model.Heads?.Kind ?? "no"} heads: " +
                        "feed next_state_* back as state_* (zeros at episode start).");
        var proto = b.Build();
        Runtime.OnnxIntegrity.Seal(proto);   // the runner refuses a file whose graph (weights) no longer matches
        return proto;
    }

    private static void Validate(RecurrentModelWeights model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Cell is null) throw new ArgumentException("Model has no cell.", nameof(model));
        if (model.Heads is null && !model.OutputFeatures)
            throw new ArgumentException("Model has no heads and does not output its features (set OutputFeatures): the graph would compute nothing.", nameof(model));
        if (model.ObservationSize <= 0)
            throw new ArgumentException($"ObservationSize must be positive, got {model.ObservationSize}.", nameof(model));
        int x = model.ObservationSize;
        model.InputNormalization?.Validate(x);
        if (model.InputMlp is not null)
        {
            model.InputMlp.Validate("InputMlp");
            if (model.InputMlp.InputSize != x)
                throw new ArgumentException($"InputMlp: input size {model.InputMlp.InputSize} does not match ObservationSize {x}.");
            x = model.InputMlp.OutputSize;
        }
        model.Cell.Validate();
        if (model.Cell.InputSize != x)
            throw new ArgumentException(
                $"{model.Cell.Architecture}: input size {model.Cell.InputSize} does not match the {(model.InputMlp is null ? "observation" : "input MLP output")} size {x}.");
        if (model.Heads is not null) HeadsExporter.Validate(model.Heads, model.HeadInputSize);
        IntervalExporter.Validate(model);
    }
}
