namespace Rtu.MLNet;

/// <summary>One stream's computation: reads the input columns of one row (NaN: missing), writes the output columns.</summary>
internal interface IRtuRowKernel
{
    void Compute(float[][] inputs, float[][] outputs);
}
