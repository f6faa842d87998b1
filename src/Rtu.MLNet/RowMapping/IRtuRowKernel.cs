namespace Rtu.MLNet;

/// <summary>One stream's computation: reads the input columns of one row (NaN: missing), writes the output columns.</summary>
internal interface IRtuRowKernel
{
    void Compute(float[][] inputs, float[][] outputs);

    /// <summary>The row with its timestamp (ticks), for transformers with a timestamp column.</summary>
    void Compute(long time, long position, float[][] inputs, float[][] outputs) => Compute(inputs, outputs);
}
