using System.Globalization;
using Rtu.Tests.Shared;

namespace Rtu.MLNet.Tests;

/// <summary>A row of the keyed series the files of an earlier library were fitted on (Data/README.md).</summary>
public sealed class KeyedSeriesRow
{
    public string Key { get; set; } = "";
    public float Value { get; set; }
    public float Temperature { get; set; }
}

/// <summary>
/// Files an earlier library wrote (test/Rtu.MLNet.Tests/Data) and what it predicted from them: `*-expected.csv` holds one
/// row of floats (round-trip format) per line, its first field naming what the row is.
/// </summary>
internal static class OlderLibraryFiles
{
    public static string DataFile(string name) => Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.MLNet.Tests", "Data", name);

    public static float[] Floats(string csv) => csv.Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Rows of the expected file whose first field is <paramref name="kind"/>, in order.</summary>
    public static List<float[]> Expected(string file, string kind) =>
        File.ReadAllLines(DataFile(file)).Where(l => l.StartsWith(kind + ",", StringComparison.Ordinal)).Select(l => Floats(l[(kind.Length + 1)..])).ToList();

    /// <summary>The rows the files were fitted and tested on (as their generators made them): keys a and b alternate.</summary>
    public static KeyedSeriesRow[] KeyedRows() =>
        TestData.Series(150).Select((p, t) => new KeyedSeriesRow { Key = t % 2 == 0 ? "a" : "b", Value = p.Value, Temperature = p.Temperature }).ToArray();
}
