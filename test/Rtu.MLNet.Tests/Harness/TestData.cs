using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

public sealed class SeriesPoint
{
    public float Value { get; set; }
    public float Temperature { get; set; }
}

public sealed class ForecastOut
{
    [VectorType(3)]
    public float[] Forecast { get; set; } = [];
}

public sealed class FeatureRow
{
    [VectorType(3)]
    public float[] Features { get; set; } = [];
    public float Label { get; set; }
}

internal static class TestData
{
    /// <summary>A seasonal series with trend, noise, and a few missing values; an exogenous column.</summary>
    public static SeriesPoint[] Series(int n, int seed = 7, bool withMissing = true)
    {
        var rng = new Random(seed);
        var rows = new SeriesPoint[n];
        for (int t = 0; t < n; t++)
        {
            float v = (float)(10 + 0.05 * t + 3 * Math.Sin(2 * Math.PI * t / 12) + 0.3 * (rng.NextDouble() - 0.5));
            if (withMissing && t % 37 == 20) v = float.NaN;
            rows[t] = new SeriesPoint { Value = v, Temperature = (float)Math.Cos(2 * Math.PI * t / 12) };
        }
        return rows;
    }

    public static FeatureRow[] Features(int n, int seed = 3)
    {
        var rng = new Random(seed);
        var rows = new FeatureRow[n];
        for (int t = 0; t < n; t++)
        {
            float a = (float)Math.Sin(t * 0.3), b = (float)(rng.NextDouble() - 0.5), c = t % 5 == 0 ? float.NaN : (float)Math.Cos(t * 0.1);
            rows[t] = new FeatureRow { Features = [a, b, c], Label = (float)(Math.Sin((t + 1) * 0.3) + 0.1 * b) };
        }
        return rows;
    }

    public static RtuForecastingOptions SmallForecastOptions() => new()
    {
        InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 3, SeasonLength = 12, Units = 6, Lags = 3,
        ExogenousColumnNames = ["Temperature"],
    };

    /// <summary>Reads a float-vector column of every row.</summary>
    public static List<float[]> Column(IDataView view, string name)
    {
        var col = view.Schema[name];
        var list = new List<float[]>();
        using var cursor = view.GetRowCursor([col]);
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        VBuffer<float> buf = default;
        while (cursor.MoveNext())
        {
            getter(ref buf);
            list.Add(buf.DenseValues().ToArray());
        }
        return list;
    }

    public static void AssertSame(IReadOnlyList<float[]> expected, IReadOnlyList<float[]> actual)
    {
        Assert.HasCount(expected.Count, actual);
        for (int i = 0; i < expected.Count; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");
    }
}
