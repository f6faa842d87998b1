using Microsoft.ML;
using Rtu.MLNet;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

/// <summary>
/// <see cref="RtuForecastingOptions.MinimumValue"/> and <see cref="RtuForecastingOptions.MaximumValue"/>: a range the
/// user knows clips the forecasts and the interval bounds (where the pool's own bounds, sat at, never form: a cap reached
/// on single rows); the values are taken as they come; the range reaches the model's settings, survives a save → load,
/// is served alike by the ONNX host's observations, and a range that is no range is refused by name.
/// </summary>
[TestClass]
public sealed class ValueRangeTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private const float Cap = 14.5f;

    private static readonly string[] Columns = ["Forecast", "ForecastLower80", "ForecastUpper80", "ForecastLower95", "ForecastUpper95"];

    // The test series capped at 14.5: its seasonal peaks reach the cap on single rows, more of them as it trends up.
    private static SeriesPoint[] Capped(int n, int seed = 7) =>
        TestData.Series(n, seed).Select(p => new SeriesPoint { Value = float.IsNaN(p.Value) ? p.Value : Math.Min(p.Value, Cap), Temperature = p.Temperature }).ToArray();

    private static RtuForecastingOptions Options(double? min, double? max)
    {
        var o = TestData.SmallForecastOptions();
        o.IncludeIntervals = true; o.ResetStateOnTransform = true;
        o.MinimumValue = min; o.MaximumValue = max;
        return o;
    }

    private static List<float[]>[] Outputs(RtuForecastingTransformer t, IDataView data) =>
        Columns.Select(c => TestData.Column(t.Transform(data), c)).ToArray();

    [TestMethod]
    public void ARangeClipsTheForecastsAndIntervalsAndIsKeptWithTheModel()
    {
        var data = Ml.Data.LoadFromEnumerable(Capped(240));
        var free = Ml.Forecasting.ForecastByRtu(Options(null, null)).Fit(data);
        var bounded = Ml.Forecasting.ForecastByRtu(Options(9, Cap)).Fit(data);
        Assert.AreEqual(double.PositiveInfinity, free.GetModel().Settings.MaximumValue);
        Assert.AreEqual(Cap, bounded.GetModel().Settings.MaximumValue);
        Assert.AreEqual(9, bounded.GetModel().Settings.MinimumValue);
        Assert.AreEqual((double)Cap, bounded.Options.MaximumValue);

        var before = Outputs(free, data).SelectMany(c => c).SelectMany(v => v).Count(v => v > Cap);
        var after = Outputs(bounded, data);
        Assert.IsGreaterThan(0, before, "without the range the forecasts or bounds pass the cap: the test exercises it");
        foreach (var column in after)
            foreach (var row in column)
                foreach (float v in row) Assert.IsFalse(v > Cap || v < 9, $"{v} outside [9, {Cap}]");
        TestContext.WriteLine($"{before} forecasts and bounds above {Cap} without the range, none with it");

        // Saved and loaded: the options and the forecasts as they were (the range is kept in the model's settings).
        using var ms = new MemoryStream();
        RtuModel.Save(Ml, bounded, data.Schema, ms);
        ms.Position = 0;
        var loaded = (RtuForecastingTransformer)RtuModel.Load(Ml, ms, out _);
        Assert.AreEqual((double)Cap, loaded.Options.MaximumValue);
        Assert.AreEqual(9.0, loaded.Options.MinimumValue);
        var again = Outputs(loaded, data);
        for (int c = 0; c < Columns.Length; c++) TestData.AssertSame(after[c], again[c]);

        // A model without a range loads without one (its settings are written as layout 16, as before the option:
        // RtuForecasterSettingsTests).
        using var plain = new MemoryStream();
        RtuModel.Save(Ml, free, data.Schema, plain);
        plain.Position = 0;
        var reloaded = (RtuForecastingTransformer)RtuModel.Load(Ml, plain, out _);
        Assert.IsNull(reloaded.Options.MaximumValue);
        Assert.IsNull(reloaded.Options.MinimumValue);
    }

    [TestMethod]
    public void ValuesBeyondTheRangeAreTakenAsTheyCome()
    {
        // A cap stated too low: the values above it are observed (no error, no cleaning by it), the forecasts stay at it.
        var data = Ml.Data.LoadFromEnumerable(TestData.Series(150));
        var t = Ml.Forecasting.ForecastByRtu(Options(null, 12)).Fit(data);
        var forecasts = TestData.Column(t.Transform(data), "Forecast");
        Assert.IsTrue(forecasts.Skip(100).All(r => r.All(v => float.IsNaN(v) || v <= 12)));
        Assert.IsTrue(forecasts.Skip(100).Any(r => r.Any(v => v == 12)), "the series is above 12 by then: its forecasts sit at the cap");
    }

    [TestMethod]
    public void TheExportedModelServesTheRangeAsTheTransformer()
    {
        // The graph with RtuForecastObservations around it against the frozen transformer's own columns, with a range
        // that binds (a review: the host's clip compared with the transformer's, not only checked within the range).
        var options = Options(9, Cap);
        options.LearnDuringTransform = false;
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(Capped(240)));
        var rows = Capped(200, seed: 11);
        var expected = Outputs(transformer, Ml.Data.LoadFromEnumerable(rows));
        int atCap = expected.Sum(c => c.Sum(r => r.Count(v => v == Cap)));
        Assert.IsGreaterThan(0, atCap, "the range binds");
        var (worst, compared) = ServedForecasts.Compare(transformer, rows, expected, 3, "range");
        TestContext.WriteLine($"{atCap} values at the cap; max relative |C# - ONNX| = {worst:E2} over {compared}");
        Assert.IsLessThanOrEqualTo(ServedForecasts.RelativeTolerance, worst);
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(8)]
    [DataRow(16)]
    [DataRow(18)]
    public void ASeriesAtItsCapIsServedAsTheTransformerWhicheverSeedItWasFittedOn(int seed)
    {
        // Fitted on these seeds (of 30), the served series' pool, fitting its members afresh, once moved the airline
        // member's Θ by +0.30 in the transformer and −0.30 in the ONNX host: a seasonal derivative of 1e-19 (its terms
        // cancelling after the series sat at its cap) normalised by RMSProp, its sign the last bit's (0.17, 0.018, 0.21,
        // 0.23 relative apart). The members' RMSProp step now reads a derivative of rounding size as 0 (RmsPropStep.RoundingShare).
        var options = Options(9, Cap);
        options.LearnDuringTransform = false;
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(Capped(240, seed)));
        var rows = Capped(200, seed: 11);
        var (worst, compared) = ServedForecasts.Compare(transformer, rows, Outputs(transformer, Ml.Data.LoadFromEnumerable(rows)), 3, "capped-seed");
        TestContext.WriteLine($"fit seed {seed}: max relative |C# - ONNX| = {worst:E2} over {compared}");
        Assert.IsLessThanOrEqualTo(ServedForecasts.RelativeTolerance, worst);
    }

    [TestMethod]
    public void ARangeThatIsNoRangeIsRefusedByName()
    {
        foreach (var (min, max, name) in new (double?, double?, string)[]
        {
            (5, 5, nameof(RtuForecasterSettings.MaximumValue)), (6, 5, nameof(RtuForecasterSettings.MaximumValue)),
            (double.NaN, null, nameof(RtuForecasterSettings.MinimumValue)), (null, double.NaN, nameof(RtuForecasterSettings.MaximumValue)),
            (double.PositiveInfinity, null, nameof(RtuForecasterSettings.MinimumValue)), (null, double.NegativeInfinity, nameof(RtuForecasterSettings.MaximumValue)),
            (double.NegativeInfinity, null, nameof(RtuForecasterSettings.MinimumValue)), (null, double.PositiveInfinity, nameof(RtuForecasterSettings.MaximumValue)),   // null is none
            (1e39, null, nameof(RtuForecasterSettings.MinimumValue)), (null, -1e39, nameof(RtuForecasterSettings.MaximumValue)),   // beyond a float: forecasts of ±∞
        })
        {
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(Options(min, max)), $"[{min}, {max}]");
            Assert.AreEqual(name, e.ParamName, $"[{min}, {max}]");
        }
    }

    public TestContext TestContext { get; set; } = null!;
}
