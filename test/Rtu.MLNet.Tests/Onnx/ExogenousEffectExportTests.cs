using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A forecaster whose exogenous column has a learned effect (<see cref="Rtu.Trainers.Online.ExogenousEffect"/>), exported:
/// the observation builder subtracts the frozen effect before the pool's clean and adds it back to the pool's forecasts,
/// so the ONNX graph serves the frozen transformer's forecasts and interval bounds.
/// </summary>
[TestClass]
public sealed class ExogenousEffectExportTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public TestContext TestContext { get; set; } = null!;

    // Daily sales, promotions on 30 % of the days (×1.7), the column holding whether the next day has one.
    private static SeriesPoint[] Promotions(int n, int seed)
    {
        var rng = new Random(seed);
        double[] week = [1.0, 0.9, 0.95, 1.0, 1.1, 1.3, 1.25];
        var promo = Enumerable.Range(0, n + 1).Select(_ => rng.NextDouble() < 0.3).ToArray();
        double level = 100;
        return Enumerable.Range(0, n).Select(t =>
        {
            level = Math.Max(20, level + 0.8 * (rng.NextDouble() - 0.5) * 3);
            double v = level * week[t % 7] * (promo[t] ? 1.7 : 1) * (1 + 0.15 * (rng.NextDouble() - 0.5));
            return new SeriesPoint { Value = (float)Math.Round(v), Temperature = promo[t + 1] ? 1 : 0 };
        }).ToArray();
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void TheExportAppliesTheLearnedEffectAsTheFrozenTransformerDoes(int horizon)
    {
        var options = TestData.SmallForecastOptions();   // one exogenous column, "Temperature"
        options.Horizon = horizon; options.SeasonLength = 7;
        options.IncludeIntervals = true; options.LearnDuringTransform = false; options.ResetStateOnTransform = true;
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(Promotions(500, seed: 3)));
        var effect = transformer.GetModel().ExogenousEffect;
        Assert.IsNotNull(effect);
        TestContext.WriteLine($"gate {effect.Gate:F3}, β {string.Join(", ", effect.Weights.ToArray().Select(b => b.ToString("F2")))}");
        Assert.IsGreaterThan(0.5, effect.Gate, "the effect is learned and applied");
        Assert.IsGreaterThan(1.0, effect.Weights[0]);

        var rows = Promotions(200, seed: 11);
        rows[90].Value = float.NaN;   // a missing value: the effect's row still moves on
        var output = transformer.Transform(Ml.Data.LoadFromEnumerable(rows));
        var expected = ServedForecasts.Columns.Select(c => TestData.Column(output, c)).ToArray();

        var (worst, compared) = ServedForecasts.Compare(transformer, rows, expected, horizon, "exogenous");
        // The frozen model forecasts promotion days: its one-step error there is far below the promotion's lift.
        double mae = Enumerable.Range(20, 179).Where(t => !float.IsNaN(rows[t + 1].Value)).Average(t => Math.Abs(expected[0][t][0] - rows[t + 1].Value));
        TestContext.WriteLine($"max relative |C# - ONNX| = {worst:E2} over {compared} values; one-step MAE rows 21-199 {mae:G4}");
        Assert.IsGreaterThan(150 * horizon * ServedForecasts.Columns.Length, compared, "the intervals were given (compared) on most rows");
        Assert.IsLessThan(15.0, mae, "promotion days are forecast (their lift is about 70)");
        Assert.IsLessThanOrEqualTo(ServedForecasts.RelativeTolerance, worst, $"largest relative |C# − ONNX|: {worst:E2}");
    }
}
