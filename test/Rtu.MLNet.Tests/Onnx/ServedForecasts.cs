using Rtu.MLNet;
using Rtu.Onnx.Runtime;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A forecaster's ONNX export served row by row (the graph with <see cref="RtuForecastObservations"/> around it) against
/// the frozen transformer's own output columns: one place for the serving loop the export tests compare with.
/// </summary>
internal static class ServedForecasts
{
    /// <summary>The forecast and interval columns, in the order <see cref="Compare"/> expects them.</summary>
    public static readonly string[] Columns = ["Forecast", "ForecastLower80", "ForecastUpper80", "ForecastLower95", "ForecastUpper95"];

    /// <summary>The largest relative difference allowed between the C# and the ONNX values: float rounding.</summary>
    public const double RelativeTolerance = 1e-5;

    /// <summary>
    /// Exports <paramref name="transformer"/> to a temporary file and serves <paramref name="rows"/> (one exogenous column,
    /// <c>Temperature</c>); each row's forecasts and bounds must be NaN where <paramref name="expected"/>'s are
    /// ([column][row][h], <see cref="Columns"/>). Returns the largest relative difference and how many values were compared.
    /// </summary>
    public static (double Worst, int Compared) Compare(RtuForecastingTransformer transformer, SeriesPoint[] rows, IReadOnlyList<float[]>[] expected, int horizon, string name)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rtu-mlnet-{name}-{Guid.NewGuid():N}.onnx");
        transformer.ExportToOnnx(path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
            var history = new RtuForecastObservations(transformer, runner);
            var obs = new float[history.ObservationSize];
            var actual = Enumerable.Range(0, Columns.Length).Select(_ => new float[horizon]).ToArray();
            double worst = 0;
            int compared = 0;
            for (int t = 0; t < rows.Length; t++)
            {
                history.Next(rows[t].Value, [rows[t].Temperature], obs);
                runner.Step(obs);
                history.ToForecast(runner.Output("prediction"), actual[0]);
                history.ToInterval(actual[0], runner.Output("interval_half_width_80"), actual[1], actual[2]);
                history.ToInterval(actual[0], runner.Output("interval_half_width_95"), actual[3], actual[4]);
                for (int c = 0; c < Columns.Length; c++)
                    for (int h = 0; h < horizon; h++)
                    {
                        float e = expected[c][t][h], a = actual[c][h];
                        Assert.AreEqual(float.IsNaN(e), float.IsNaN(a), $"row {t}, {Columns[c]}[{h}]: expected {e}, ONNX gave {a}");
                        if (float.IsNaN(e)) continue;
                        worst = Math.Max(worst, Math.Abs(e - a) / Math.Max(1, Math.Abs(e)));
                        compared++;
                    }
            }
            return (worst, compared);
        }
        finally { File.Delete(path); }
    }
}
