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

    /// <summary>A forecaster (horizon 1, season 1) fitted on 400 values of a noisy sine.</summary>
    public static RtuForecastingTransformer Forecaster()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 400).Select(t => new ValueRow { Value = (float)(Math.Sin(t * 0.3) + 0.1 * Math.Cos(t * 1.7)) }));
        return ml.Forecasting.ForecastByRtu("Forecast", "Value").Fit(data);
    }

    /// <summary>A state-feature model (4 features, label) fitted on 400 rows.</summary>
    public static RtuStateFeaturesTransformer StateFeatures()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 400).Select(t => new FeatureRow
        {
            Features = [(float)Math.Sin(t * 0.3), (float)Math.Cos(t * 0.2), t % 7, 1],
            Label = (float)Math.Sin((t + 1) * 0.3),
        }));
        return ml.Transforms.RtuStateFeatures(new RtuStateFeaturesOptions { LabelColumnName = "Label", PredictionColumnName = "Prediction" }).Fit(data);
    }

    /// <summary>Stream ids "sensor-0" … (allocated once, as a service holds its ids).</summary>
    public static string[] Keys(int count) => Enumerable.Range(0, count).Select(i => $"sensor-{i}").ToArray();
}
