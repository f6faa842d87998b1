using System.Globalization;
using Microsoft.ML;
using Rtu.MLNet;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The forecaster's online conformal intervals in the ONNX export: the frozen half-widths per horizon as graph outputs
/// give, around the final forecast, the transformer's own interval columns (inference mode), keyed series included.
/// </summary>
[TestClass]
public sealed class ForecastIntervalExportTests
{
    private const double Tolerance = 1e-5;   // as the forecast parity tests: float rounding of the half-widths
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly string[] Columns = ["ForecastLower80", "ForecastUpper80", "ForecastLower95", "ForecastUpper95"];

    public TestContext TestContext { get; set; } = null!;

    private static string TempPath(string name) => Path.Combine(Path.GetTempPath(), $"rtu-mlnet-{name}-{Guid.NewGuid():N}.onnx");

    private static RtuForecastingOptions FrozenOptions(int seasonLength)
    {
        var options = TestData.SmallForecastOptions(); // Horizon 3, Lags 3, one exogenous column
        options.SeasonLength = seasonLength; options.IncludeIntervals = true;
        options.LearnDuringTransform = false; options.ResetStateOnTransform = true;
        return options;
    }

    /// <summary>
    /// Runs the exported file over the rows and returns the largest |C# − ONNX| of the four interval bounds against the
    /// expected columns (and of the forecast against <paramref name="expectedForecast"/> when given), and how many finite
    /// bounds were compared.
    /// </summary>
    private static (double Worst, int Finite) Compare(RtuForecastingTransformer transformer, string path, IReadOnlyList<SeriesPoint> rows, IReadOnlyList<float[]>[] expected,
        IReadOnlyList<float[]>? expectedForecast = null)
    {
        using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
        var history = new RtuForecastObservations(transformer);
        var obs = new float[history.ObservationSize];
        var forecast = new float[3];
        var bounds = Enumerable.Range(0, 4).Select(_ => new float[3]).ToArray();
        double worst = 0;
        int finite = 0;
        for (int t = 0; t < rows.Count; t++)
        {
            history.Next(rows[t].Value, [rows[t].Temperature], obs);
            runner.Step(obs);
            history.ToForecast(runner.Output("prediction"), forecast);
            history.ToInterval(forecast, runner.Output("interval_half_width_80"), bounds[0], bounds[1]);
            history.ToInterval(forecast, runner.Output("interval_half_width_95"), bounds[2], bounds[3]);
            if (expectedForecast is not null)
                for (int h = 0; h < 3; h++)
                {
                    float e = expectedForecast[t][h], a = forecast[h];
                    Assert.AreEqual(float.IsNaN(e), float.IsNaN(a), $"row {t}, forecast[{h}]: expected {e}, ONNX gave {a}");
                    if (!float.IsNaN(e)) worst = Math.Max(worst, Math.Abs(e - a));
                }
            for (int i = 0; i < 4; i++)
                for (int h = 0; h < 3; h++)
                {
                    float e = expected[i][t][h], a = bounds[i][h];
                    Assert.AreEqual(float.IsNaN(e), float.IsNaN(a), $"row {t}, {Columns[i]}[{h}]: expected {e}, ONNX gave {a}");
                    if (float.IsNaN(e)) continue;
                    finite++;
                    worst = Math.Max(worst, Math.Abs(e - a));
                }
        }
        return (worst, finite);
    }

    [TestMethod]
    [DataRow(12)]
    [DataRow(1)]
    public void TheExportedIntervalsAreTheTransformersIntervalColumns(int seasonLength)
    {
        var transformer = Ml.Forecasting.ForecastByRtu(FrozenOptions(seasonLength)).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(400)));
        var rows = TestData.Series(250, seed: 11); // with missing values
        var output = transformer.Transform(Ml.Data.LoadFromEnumerable(rows));
        var expected = Columns.Select(c => (IReadOnlyList<float[]>)TestData.Column(output, c)).ToArray();

        string path = TempPath("intervals");
        transformer.ExportToOnnx(path);   // IncludeIntervals is on: the export carries them
        try
        {
            var (worst, finite) = Compare(transformer, path, rows, expected);
            TestContext.WriteLine($"intervals (season {seasonLength}): max |C# - ONNX| = {worst:E2} over {finite} finite bounds");
            Assert.IsGreaterThan(4 * 3 * 200, finite, "the intervals are calibrated: most bounds are finite");
            Assert.IsLessThanOrEqualTo(Tolerance, worst, $"largest |C# − ONNX| interval bound: {worst:E2}");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void ACountSeriesGetsTheSameForecastsAndBoundsClippedAtZeroFromTheExport()
    {
        // Intermittent counts (60 % zeros, bursts up to ~400) with a yearly cycle in the burst rate: the C# forecaster
        // clips its forecast and bounds at 0 while every value is ≥ 0 (ForecastPool.NonNegative); the serving path must
        // give the same numbers.
        static SeriesPoint[] Counts(int n, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, n).Select(t => new SeriesPoint
            {
                Value = rng.NextDouble() < 0.6 - 0.2 * Math.Sin(2 * Math.PI * t / 12) ? 0f : MathF.Floor(MathF.Exp(6 * (float)rng.NextDouble())),
                Temperature = (float)Math.Cos(2 * Math.PI * t / 12),
            }).ToArray();
        }
        var transformer = Ml.Forecasting.ForecastByRtu(FrozenOptions(12)).Fit(Ml.Data.LoadFromEnumerable(Counts(300, seed: 1)));
        var rows = Counts(200, seed: 2);
        var output = transformer.Transform(Ml.Data.LoadFromEnumerable(rows));
        var expected = Columns.Select(c => (IReadOnlyList<float[]>)TestData.Column(output, c)).ToArray();
        var expectedForecast = TestData.Column(output, "Forecast");
        Assert.IsFalse(expected.Append(expectedForecast).Any(col => col.Any(r => r.Any(v => v < 0))), "no forecast or bound below 0");
        int zeroLower = expected[2].Sum(r => r.Count(v => v == 0));
        Assert.IsGreaterThan(0, zeroLower, "some 95 % lower bounds were clipped to 0");

        string path = TempPath("intervals-counts");
        transformer.ExportToOnnx(path);
        try
        {
            var (worst, finite) = Compare(transformer, path, rows, expected, expectedForecast);
            TestContext.WriteLine($"counts: {zeroLower} lower 95 % bounds at 0; max |C# - ONNX| = {worst:E2} over {finite} finite bounds");
            Assert.IsGreaterThan(4 * 3 * 150, finite);
            Assert.IsLessThanOrEqualTo(Tolerance * 100, worst, $"largest |C# − ONNX| forecast or bound: {worst:E2} (counts up to ~400)");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void ASeriesWhoseErrorsGrowWithItsLevelExportsRelativeIntervals()
    {
        // Monthly values growing 1 % a month with a yearly cycle and ±4 % noise, all in proportion: the forecaster's
        // intervals become relative (a fraction of the forecast, ConformalIntervals.IsRelative), the export says so in
        // its metadata, and serving gives the transformer's bounds as the level keeps rising.
        static SeriesPoint[] Growing(int from, int n, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(from, n).Select(t => new SeriesPoint
            {
                Value = (float)(50 * Math.Pow(1.01, t) * (1 + 0.3 * Math.Sin(2 * Math.PI * t / 12)) * (1 + 0.04 * (2 * rng.NextDouble() - 1))),
                Temperature = (float)Math.Cos(2 * Math.PI * t / 12),
            }).ToArray();
        }
        var transformer = Ml.Forecasting.ForecastByRtu(FrozenOptions(12)).Fit(Ml.Data.LoadFromEnumerable(Growing(0, 300, seed: 1)));
        var relative = Enumerable.Range(1, 3).Select(transformer.Model.Intervals.IsRelative).ToArray();
        Assert.IsTrue(relative.Any(r => r), "some horizon's intervals are relative");
        var rows = Growing(300, 150, seed: 2);
        var output = transformer.Transform(Ml.Data.LoadFromEnumerable(rows));
        var expected = Columns.Select(c => (IReadOnlyList<float[]>)TestData.Column(output, c)).ToArray();
        var expectedForecast = TestData.Column(output, "Forecast");
        string path = TempPath("intervals-relative");
        transformer.ExportToOnnx(path);
        try
        {
            using (var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false }))
                Assert.AreEqual(string.Join(",", relative.Select(r => r ? "1" : "0")), runner.Metadata["rtu_mlnet.interval_relative"]);
            var (worst, finite) = Compare(transformer, path, rows, expected, expectedForecast);
            double largest = rows.Max(r => r.Value);
            TestContext.WriteLine($"relative horizons {string.Join(",", relative)}; max |C# - ONNX| = {worst:E2} over {finite} finite bounds (values up to {largest:F0})");
            Assert.IsGreaterThan(4 * 3 * 140, finite);
            Assert.IsLessThanOrEqualTo(Tolerance * largest, worst, $"largest |C# − ONNX| forecast or bound: {worst:E2}");
            // Around a forecast of 0 (one clipped at 0) a relative fraction is taken of the exported reference level:
            // the served bounds are the transformer's, [0, c·s_h], not NaN.
            var frozen = transformer.Model.Intervals.Freeze()[0];
            using (var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false }))
                CollectionAssert.AreEqual(frozen.ReferenceLevel, runner.Metadata["rtu_mlnet.interval_reference_level"].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray());
            float[] zero = new float[3], servedLower = new float[3], servedUpper = new float[3], lower = new float[3], upper = new float[3];
            new RtuForecastObservations(transformer).ToInterval(zero, frozen.HalfWidth, servedLower, servedUpper);
            transformer.Model.Intervals.Write(zero, 0, lower, upper);
            for (int h = 0; h < 3; h++)
            {
                Assert.AreEqual(0f, servedLower[h]);
                Assert.IsGreaterThan(0f, servedUpper[h], $"horizon {h + 1}");
                Assert.AreEqual(upper[h], servedUpper[h], 1e-5f * upper[h]);
            }
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void ASeriesWhoseErrorsGrowWithTheRootOfItsLevelExportsRootIntervalsThroughAChangeOfUnits()
    {
        // Monthly values growing 1 % a month with a yearly cycle and noise of the level's square root (a count's spread):
        // some horizon's intervals take the root scale (ConformalIntervals.ScalePower ½), the export says so in its
        // metadata, and serving gives the transformer's bounds, also after the series changes units (rows 80 on 10⁴
        // times larger: the frozen model follows, and a root half-width grows by √10⁴ times √(its forecast's growth)).
        static SeriesPoint[] Growing(int from, int n, int seed, int changeAt = int.MaxValue)
        {
            var rng = new Random(seed);
            return Enumerable.Range(from, n).Select(t =>
            {
                double level = 50 * Math.Pow(1.01, t) * (1 + 0.3 * Math.Sin(2 * Math.PI * t / 12));
                double value = level + 1.5 * Math.Sqrt(level) * (2 * rng.NextDouble() - 1);
                return new SeriesPoint { Value = (float)(t - from >= changeAt ? value * 1e4 : value), Temperature = (float)Math.Cos(2 * Math.PI * t / 12) };
            }).ToArray();
        }
        var transformer = Ml.Forecasting.ForecastByRtu(FrozenOptions(12)).Fit(Ml.Data.LoadFromEnumerable(Growing(0, 300, seed: 1)));
        var powers = Enumerable.Range(1, 3).Select(transformer.Model.Intervals.ScalePower).ToArray();
        TestContext.WriteLine($"scale powers per horizon: {string.Join(", ", powers)}");
        Assert.IsTrue(powers.Contains(0.5), "some horizon's intervals grow with the forecast's square root");
        var rows = Growing(300, 150, seed: 2, changeAt: 80);
        var output = transformer.Transform(Ml.Data.LoadFromEnumerable(rows));
        var expected = Columns.Select(c => (IReadOnlyList<float[]>)TestData.Column(output, c)).ToArray();
        var expectedForecast = TestData.Column(output, "Forecast");
        string path = TempPath("intervals-root");
        transformer.ExportToOnnx(path);
        try
        {
            using (var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false }))
            {
                Assert.AreEqual(string.Join(",", powers.Select(p => p.ToString(CultureInfo.InvariantCulture))), runner.Metadata["rtu_mlnet.interval_scale_power"]);
                Assert.AreEqual(string.Join(",", powers.Select(p => p == 1 ? "1" : "0")), runner.Metadata["rtu_mlnet.interval_relative"]);
            }
            var (worst, finite) = Compare(transformer, path, rows, expected, expectedForecast);
            double largest = rows.Max(r => r.Value);
            TestContext.WriteLine($"max |C# - ONNX| = {worst:E2} over {finite} finite bounds (values up to {largest:G3})");
            Assert.IsGreaterThan(4 * 3 * 140, finite);
            Assert.IsLessThanOrEqualTo(Tolerance * largest, worst, $"largest |C# − ONNX| forecast or bound: {worst:E2}");
            // After the change of units the bounds are in the new units: the one-step 80 % half-width as a fraction of the
            // forecast is what it was before (a root width grows by √10⁴ with the units and by √ of the forecast's growth;
            // one taken as absolute would be 10⁴ times too small, one in the old units' root 100 times too large).
            double Fraction(int t) => (expected[1][t][0] - expected[0][t][0]) / 2 / expectedForecast[t][0];
            double before = Enumerable.Range(40, 39).Average(Fraction), after = Enumerable.Range(85, 39).Average(Fraction);
            TestContext.WriteLine($"80 % half-width / forecast: rows 40-78 {before:G3}, rows 85-123 {after:G3}");
            Assert.IsTrue(after > 0.5 * before && after < 1.5 * before, $"{after:G3} against {before:G3}");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void AKeyedForecasterExportsEachSeriesIntervalsThroughForKey()
    {
        var a = TestData.Series(200, seed: 3);
        var b = TestData.Series(200, seed: 4);
        var train = new List<KeyedPoint>();
        for (int t = 0; t < 150; t++)
        {
            train.Add(new KeyedPoint { Sensor = "a", Value = a[t].Value, Temperature = a[t].Temperature });
            train.Add(new KeyedPoint { Sensor = "b", Value = b[t].Value * 10, Temperature = b[t].Temperature });
        }
        var options = FrozenOptions(12);
        options.SeriesKeyColumnName = "Sensor";
        var keyed = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(train));
        // New rows of both series, interleaved; the keyed transformer's columns for "b" are what its export must give.
        var test = new List<KeyedPoint>();
        for (int t = 150; t < 200; t++)
        {
            test.Add(new KeyedPoint { Sensor = "a", Value = a[t].Value, Temperature = a[t].Temperature });
            test.Add(new KeyedPoint { Sensor = "b", Value = b[t].Value * 10, Temperature = b[t].Temperature });
        }
        var output = keyed.Transform(Ml.Data.LoadFromEnumerable(test));
        var onlyB = Enumerable.Range(0, test.Count).Where(i => test[i].Sensor == "b").ToArray();
        var expected = Columns.Select(c => (IReadOnlyList<float[]>)onlyB.Select(i => TestData.Column(output, c)[i]).ToArray()).ToArray();
        var rowsB = onlyB.Select(i => new SeriesPoint { Value = test[i].Value, Temperature = test[i].Temperature }).ToArray();

        var seriesB = keyed.ForKey("b");
        string path = TempPath("intervals-key");
        seriesB.ExportToOnnx(path);
        try
        {
            var (worst, finite) = Compare(seriesB, path, rowsB, expected);
            TestContext.WriteLine($"keyed intervals (series b): max |C# - ONNX| = {worst:E2} over {finite} finite bounds");
            Assert.IsGreaterThan(4 * 3 * 40, finite);
            Assert.IsLessThanOrEqualTo(Tolerance * 10, worst, $"largest |C# − ONNX| interval bound: {worst:E2} (series b is ×10)");
            // Series "b" is ten times series "a": its half-widths are its own, not the other key's.
            var halfA = keyed.ForKey("a").ToOnnxWeights().PredictionIntervals![1].HalfWidth;
            var halfB = seriesB.ToOnnxWeights().PredictionIntervals![1].HalfWidth;
            Assert.IsGreaterThan(3 * halfA[0], halfB[0], $"series b's 95 % half-width {halfB[0]} vs series a's {halfA[0]}");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void TheIntervalsFollowIncludeIntervalsUnlessAskedAndAreDescribedInTheMetadata()
    {
        var options = FrozenOptions(12);
        options.IncludeIntervals = false;
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(200)));
        string without = TempPath("no-intervals"), with = TempPath("asked-intervals");
        transformer.ExportToOnnx(without);
        transformer.ExportToOnnx(with, includeIntervals: true);
        try
        {
            using (var runner = new OnnxRecurrentRunner(without, 1, new OnnxRunnerOptions { PreferCuda = false }))
            {
                CollectionAssert.AreEqual(new[] { "prediction", "features" }, runner.Outputs.Select(o => o.Name).ToArray());
                Assert.IsFalse(runner.Metadata.ContainsKey("rtu_mlnet.intervals"));
                // Without intervals the export still serves the forecast.
                var history = new RtuForecastObservations(transformer, runner);
                var obs = new float[history.ObservationSize];
                var forecast = new float[3];
                foreach (var r in TestData.Series(30, seed: 2)) { history.Next(r.Value, [r.Temperature], obs); runner.Step(obs); history.ToForecast(runner.Output("prediction"), forecast); }
                Assert.IsTrue(forecast.All(float.IsFinite));
            }
            using (var runner = new OnnxRecurrentRunner(with, 1, new OnnxRunnerOptions { PreferCuda = false }))
            {
                CollectionAssert.AreEqual(new[] { "prediction", "features", "interval_half_width_80", "interval_half_width_95" }, runner.Outputs.Select(o => o.Name).ToArray());
                StringAssert.Contains(runner.Metadata["rtu_mlnet.intervals"], "interval_half_width_80, interval_half_width_95 [N,3]");
                Assert.AreEqual("0.8,0.95", runner.Metadata["rtu_mlnet.interval_levels"]);
                Assert.AreEqual("sqrt((h+g)/h)", runner.Metadata["rtu_mlnet.interval_gap_widening"]);
                StringAssert.Contains(runner.Metadata["rtu_mlnet.intervals"], "sqrt((h + g) / h)");
                var intervals = transformer.GetModel().Intervals;
                Assert.AreEqual(string.Join(",", Enumerable.Range(1, 3).Select(h => intervals.Scored(h))), runner.Metadata["rtu_mlnet.interval_scored"]);
                runner.Step(new float[runner.ObservationSize]);
                for (int h = 1; h <= 3; h++)
                {
                    Assert.AreEqual((float)intervals.HalfWidth(h, 0), runner.Output("interval_half_width_80")[h - 1], $"80 %, h = {h}");
                    Assert.AreEqual((float)intervals.HalfWidth(h, 1), runner.Output("interval_half_width_95")[h - 1], $"95 %, h = {h}");
                    Assert.IsGreaterThan(runner.Output("interval_half_width_80")[h - 1], runner.Output("interval_half_width_95")[h - 1]);
                }
            }
            // An IncludeIntervals transformer exports without them when told so.
            options.IncludeIntervals = true;
            var withColumns = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(200)));
            Assert.IsNotNull(withColumns.ToOnnxWeights().PredictionIntervals);
            Assert.IsNull(withColumns.ToOnnxWeights(includeIntervals: false).PredictionIntervals);
        }
        finally { File.Delete(without); File.Delete(with); }
    }

    [TestMethod]
    public void AStreamLearnedInTheEngineExportsTheEnginesIntervals()
    {
        var rows = TestData.Series(260);
        var fitted = Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(Ml.Data.LoadFromEnumerable(rows.Take(150)));
        var engine = fitted.CreateStreamingEngine();
        foreach (var r in rows.Skip(150)) engine.Observe("s1", r.Value, [r.Temperature]);
        var forecast = engine.Forecast("s1");
        string path = TempPath("engine-intervals");
        engine.ToModel("s1").ExportToOnnx(path, includeIntervals: true);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
            runner.Step(new float[runner.ObservationSize]);
            var history = new RtuForecastObservations(engine.ToModel("s1"), runner);
            foreach (var (level, output) in new[] { (0.8, "interval_half_width_80"), (0.95, "interval_half_width_95") })
            {
                var (lower, upper) = engine.ForecastInterval("s1", level);
                float[] lo = new float[3], hi = new float[3];
                // The engine's interval around its forecast = the exported half-widths around the same forecast.
                history.ToInterval(forecast, runner.Output(output), lo, hi);
                for (int h = 0; h < 3; h++)
                {
                    Assert.IsTrue(float.IsFinite(lower[h]), $"{level}, h = {h + 1}: calibrated");
                    Assert.AreEqual(lower[h], lo[h], 1e-5 * Math.Max(1, Math.Abs(lower[h])), $"lower {level}, h = {h + 1}");
                    Assert.AreEqual(upper[h], hi[h], 1e-5 * Math.Max(1, Math.Abs(upper[h])), $"upper {level}, h = {h + 1}");
                }
            }
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void ToIntervalKeepsUnknownsAndRefusesWrongWidths()
    {
        var transformer = Ml.Forecasting.ForecastByRtu(FrozenOptions(12)).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(60)));
        var history = new RtuForecastObservations(transformer);
        float[] lower = new float[3], upper = new float[3];
        history.ToInterval([10f, float.NaN, 12f], [1f, 1f, float.NaN], lower, upper);
        CollectionAssert.AreEqual(new[] { 9f, float.NaN, float.NaN }, lower);
        CollectionAssert.AreEqual(new[] { 11f, float.NaN, float.NaN }, upper);
        var e = Assert.ThrowsExactly<ArgumentException>(() => history.ToInterval([1f, 2f, 3f], [1f, 1f], lower, upper));
        StringAssert.Contains(e.Message, "must hold 3 values");
    }
}
