using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.Engine.Benchmarks;

/// <summary>The models the engine benchmarks serve: default options (16 units), fitted on a short synthetic series.</summary>
public static class EngineModels
{
    public sealed class ValueRow { public float Value { get; set; } }

    public sealed class FeatureRow
    {
        [Microsoft.ML.Data.VectorType(4)] public float[] Features { get; set; } = new float[4];
        public float Label { get; set; }
    }

    /// <summary>A forecaster (horizon 1, season 1, <paramref name="units"/> units) fitted on 400 values of a noisy sine.</summary>
    public static RtuForecastingTransformer Forecaster(int units = 16)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 400).Select(t => new ValueRow { Value = (float)(Math.Sin(t * 0.3) + 0.1 * Math.Cos(t * 1.7)) }));
        return ml.Forecasting.ForecastByRtu(new RtuForecastingOptions { OutputColumnName = "Forecast", InputColumnName = "Value", Units = units }).Fit(data);
    }

    /// <summary>A state-feature model (4 features, label, <paramref name="units"/> units) fitted on 400 rows.</summary>
    public static RtuStateFeaturesTransformer StateFeatures(int units = 16)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 400).Select(t => new FeatureRow
        {
            Features = [(float)Math.Sin(t * 0.3), (float)Math.Cos(t * 0.2), t % 7, 1],
            Label = (float)Math.Sin((t + 1) * 0.3),
        }));
        return ml.Transforms.RtuStateFeatures(new RtuStateFeaturesOptions { LabelColumnName = "Label", PredictionColumnName = "Prediction", Units = units }).Fit(data);
    }

    /// <summary>Stream ids "sensor-0" … (allocated once, as a service holds its ids).</summary>
    public static string[] Keys(int count) => Enumerable.Range(0, count).Select(i => $"sensor-{i}").ToArray();

    /// <summary>
    /// The bytes one new stream of an engine holds: the memory a full collection leaves (a new stream's transient
    /// startup snapshots left out), averaged over a few streams that <paramref name="createStream"/> creates (its first
    /// Observe of a new key) after a first one (what the engine sets up once left out). For the streams' memory bound
    /// (<see cref="ArgumentLimits.StreamBytes"/>), measured before anything else.
    /// </summary>
    public static long StreamBytes(Action<string> createStream)
    {
        const int Streams = 8;
        var keys = Keys(Streams + 1);
        createStream(keys[0]);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 1; i <= Streams; i++) createStream(keys[i]);
        return Math.Max(0, GC.GetTotalMemory(forceFullCollection: true) - before) / Streams;
    }
}
