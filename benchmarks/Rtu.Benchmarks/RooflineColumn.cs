using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Rtu.Benchmarks;

/// <summary>Achieved GFLOP/s or GB/s of a case: the analytic work of <see cref="Roofline"/> over the measured mean.</summary>
public sealed class RooflineColumn : IColumn
{
    /// <summary>Analytic FLOPs per operation / mean time.</summary>
    public static readonly IColumn GflopsPerSecond = new RooflineColumn("GFLOP/s", Roofline.Flops, "Achieved GFLOP/s: analytic FlopsPerStep × B / median time");

    /// <summary>Modelled bytes per operation / mean time.</summary>
    public static readonly IColumn GigabytesPerSecond = new RooflineColumn("GB/s", Roofline.Bytes, "Achieved GB/s: modelled bytes moved (traces read + written, W, dW) / median time");

    private readonly Func<BenchmarkCase, long?> _work;

    private RooflineColumn(string name, Func<BenchmarkCase, long?> work, string legend)
    {
        ColumnName = name; _work = work; Legend = legend;
    }

    /// <inheritdoc />
    public string Id => nameof(RooflineColumn) + "." + ColumnName;

    /// <inheritdoc />
    public string ColumnName { get; }

    /// <inheritdoc />
    public bool AlwaysShow => false;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend { get; }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => _work(c) is not null);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Median;
        long? work = _work(benchmarkCase);
        return mean is > 0 && work is not null ? (work.Value / mean.Value).ToString("F2") : "-";
    }
}
