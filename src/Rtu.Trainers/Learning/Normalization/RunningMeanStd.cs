namespace Rtu.Trainers.Learning.Normalization;

/// <summary>
/// Running mean and variance of a vector (per feature), merged batch by batch with Chan et al.'s parallel
/// Welford update, as Gymnasium's <c>RunningMeanStd</c>: the count starts at ε = 1e-4, the mean at 0, the variance at 1.
/// All arithmetic is float64, so the statistics do not depend on the model's float type.
/// </summary>
public sealed class RunningMeanStd
{
    private readonly double[] _mean, _var;

    /// <summary>Creates statistics for vectors of <paramref name="size"/> features.</summary>
    public RunningMeanStd(int size)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The size must be positive.");
        _mean = new double[size];
        _var = new double[size];
        Array.Fill(_var, 1.0);
        Count = 1e-4;
    }

    /// <summary>Number of features.</summary>
    public int Size => _mean.Length;
    /// <summary>Effective number of samples merged so far (starts at 1e-4).</summary>
    public double Count { get; private set; }
    /// <summary>Running mean per feature.</summary>
    public ReadOnlySpan<double> Mean => _mean;
    /// <summary>Running (population) variance per feature.</summary>
    public ReadOnlySpan<double> Variance => _var;

    /// <summary>Merges a batch of <c>rows = values.Length / Size</c> vectors (row-major).</summary>
    public void Update(ReadOnlySpan<double> values)
    {
        if (values.Length == 0 || values.Length % Size != 0)
            throw new ArgumentException($"values length {values.Length} is not a positive multiple of {Size}.", nameof(values));
        int rows = values.Length / Size;
        for (int j = 0; j < Size; j++)
        {
            double mean = 0;
            for (int r = 0; r < rows; r++) mean += values[r * Size + j];
            mean /= rows;
            double m2 = 0;
            for (int r = 0; r < rows; r++) { double d = values[r * Size + j] - mean; m2 += d * d; }
            Merge(j, mean, m2 / rows, rows);
        }
        Count += rows;
    }

    private void Merge(int j, double batchMean, double batchVar, int batchCount)
    {
        double delta = batchMean - _mean[j], total = Count + batchCount;
        _mean[j] += delta * batchCount / total;
        double m2 = _var[j] * Count + batchVar * batchCount + delta * delta * Count * batchCount / total;
        _var[j] = m2 / total;
    }

    /// <summary>Writes the statistics.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Size); writer.Write(Count);
        foreach (double m in _mean) writer.Write(m);
        foreach (double v in _var) writer.Write(v);
    }

    /// <summary>Restores statistics written by <see cref="Write"/> (the size must match).</summary>
    public void Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int size = reader.ReadInt32();
        if (size != Size) throw new InvalidDataException($"Stored running statistics have {size} features, expected {Size}.");
        Count = reader.ReadDouble();
        for (int j = 0; j < size; j++) _mean[j] = reader.ReadDouble();
        for (int j = 0; j < size; j++) _var[j] = reader.ReadDouble();
    }
}
