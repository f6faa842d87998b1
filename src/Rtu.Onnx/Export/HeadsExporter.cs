namespace Rtu.Onnx.Export;

/// <summary>
/// Heads: prediction (→ <c>prediction [N,k]</c>) or actor-critic (→ <c>logits [N,A]</c>, or
/// <c>mean [N,A]</c> and <c>log_std [N,A]</c>; and <c>value [N,1]</c>). The state-independent
/// log_std vector is stored as initializer "actor/log_std" [A] and broadcast to [N,A] with
/// Shape(mean) → Expand.
/// </summary>
internal static class HeadsExporter
{
    public static void Emit(ExportContext ctx, HeadWeights heads, string features)
    {
        var b = ctx.Builder;
        switch (heads)
        {
            case PredictionHeadWeights p when p.OutputScale is not null:
                string raw = DenseExporter.EmitMlp(b, p.Layers, features, "prediction_head");
                b.AddInitializer("prediction_head/output_scale", p.OutputScale, p.Layers.OutputSize);
                b.AddInitializer("prediction_head/output_offset", p.OutputOffset!, p.Layers.OutputSize);
                string scaled = b.Op("Mul", "prediction_head/scale", raw, "prediction_head/output_scale");
                b.AddNode("Add", "prediction_head/offset", [scaled, "prediction_head/output_offset"], [OnnxNames.Prediction]);
                ctx.DeclareOutput(OnnxNames.Prediction, new long?[] { null, p.Layers.OutputSize }, "prediction head output in label units (head * scale + offset)");
                b.AddMetadata("prediction_size", p.Layers.OutputSize.ToString());
                b.AddMetadata("prediction_head_layers", DenseExporter.Describe(p.Layers) + " then * scale + offset");
                break;
            case PredictionHeadWeights p:
                DenseExporter.EmitMlp(b, p.Layers, features, "prediction_head", OnnxNames.Prediction);
                ctx.DeclareOutput(OnnxNames.Prediction, new long?[] { null, p.Layers.OutputSize }, "prediction head output");
                b.AddMetadata("prediction_size", p.Layers.OutputSize.ToString());
                b.AddMetadata("prediction_head_layers", DenseExporter.Describe(p.Layers));
                break;
            case ActorCriticHeadWeights ac:
                int a = ac.Actor.OutputSize;
                b.AddMetadata("action_size", a.ToString());
                b.AddMetadata("actor_layers", DenseExporter.Describe(ac.Actor));
                b.AddMetadata("critic_layers", DenseExporter.Describe(ac.Critic));
                if (ac.Continuous)
                {
                    string mean = DenseExporter.EmitMlp(b, ac.Actor, features, "actor", OnnxNames.Mean);
                    b.AddInitializer("actor/log_std", ac.LogStd!, a);
                    string shape = b.Op("Shape", "actor/mean_shape", mean);
                    b.Op("Expand", OnnxNames.LogStd, "actor/log_std", shape);
                    ctx.DeclareOutput(OnnxNames.Mean, new long?[] { null, a }, "Gaussian policy mean");
                    ctx.DeclareOutput(OnnxNames.LogStd, new long?[] { null, a },
                        "Gaussian policy log standard deviation (state-independent vector broadcast over the batch)");
                }
                else
                {
                    DenseExporter.EmitMlp(b, ac.Actor, features, "actor", OnnxNames.Logits);
                    ctx.DeclareOutput(OnnxNames.Logits, new long?[] { null, a }, "unnormalized log-probabilities of the discrete actions");
                }
                DenseExporter.EmitMlp(b, ac.Critic, features, "critic", OnnxNames.Value);
                ctx.DeclareOutput(OnnxNames.Value, new long?[] { null, 1 }, "state-value estimate");
                break;
            default:
                throw new ArgumentException($"Unknown head type {heads?.GetType().Name ?? "null"}.", nameof(heads));
        }
    }

    public static void Validate(HeadWeights heads, int featureSize)
    {
        switch (heads)
        {
            case PredictionHeadWeights p:
                p.Layers.Validate("PredictionHead");
                if ((p.OutputScale is null) != (p.OutputOffset is null))
                    throw new ArgumentException("PredictionHead: give both OutputScale and OutputOffset, or neither.");
                if (p.OutputScale is not null)
                {
                    Check.Length(p.OutputScale, p.Layers.OutputSize, $"PredictionHead.OutputScale [{p.Layers.OutputSize}]");
                    Check.Length(p.OutputOffset, p.Layers.OutputSize, $"PredictionHead.OutputOffset [{p.Layers.OutputSize}]");
                }
                Chain("PredictionHead", p.Layers.InputSize, featureSize);
                break;
            case ActorCriticHeadWeights ac:
                ac.Actor.Validate("Actor");
                ac.Critic.Validate("Critic");
                Chain("Actor", ac.Actor.InputSize, featureSize);
                Chain("Critic", ac.Critic.InputSize, featureSize);
                if (ac.Critic.OutputSize != 1)
                    throw new ArgumentException($"Critic: output size must be 1, got {ac.Critic.OutputSize}.");
                if (ac.Continuous)
                    Check.Length(ac.LogStd, ac.Actor.OutputSize, $"Actor.LogStd [{ac.Actor.OutputSize}]");
                else if (ac.LogStd is not null)
                    throw new ArgumentException("Actor.LogStd is only used by continuous actors; pass null for a discrete actor.");
                break;
            default:
                throw new ArgumentException($"Unknown head type {heads?.GetType().Name ?? "null"}.", nameof(heads));
        }
    }

    private static void Chain(string what, int input, int features)
    {
        if (input != features)
            throw new ArgumentException($"{what}: input size {input} does not match the heads' input size {features} (the cell output, plus the cell input with HeadSkipConnection).");
    }
}
