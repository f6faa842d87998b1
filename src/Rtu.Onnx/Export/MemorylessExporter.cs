namespace Rtu.Onnx.Export;

/// <summary>Memoryless cell: one dense layer "cell/…", no state inputs or outputs.</summary>
internal static class MemorylessExporter
{
    public static string Emit(ExportContext ctx, MemorylessWeights w, string x) =>
        DenseExporter.EmitDense(ctx.Builder, w.Layer, x, "cell");
}
