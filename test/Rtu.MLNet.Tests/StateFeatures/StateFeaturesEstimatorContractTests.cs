using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet.Tests;

/// <summary><see cref="EstimatorHarness{TRow, TOut, TTransformer}"/> for <see cref="RtuStateFeaturesEstimator"/> (state and a 2-output prediction trained from a label).</summary>
[TestClass]
public sealed class StateFeaturesEstimatorContractTests : EstimatorHarness<FeatureRow, StateFeaturesEstimatorContractTests.Out, RtuStateFeaturesTransformer>
{
    public sealed class Out
    {
        [VectorType(8)] public float[] State { get; set; } = [];
        [VectorType(2)] public float[] Next { get; set; } = [];
    }

    public sealed class DoubleFeatures { public double Features { get; set; } public float Label { get; set; } }

    public sealed class WideRow { [VectorType(4)] public float[] Features { get; set; } = [0, 0, 0, 0]; public float Label { get; set; } }

    protected override IEstimator<RtuStateFeaturesTransformer> Create(object options) => Ml.Transforms.RtuStateFeatures((RtuStateFeaturesOptions)options);

    protected override object Options() => new RtuStateFeaturesOptions
    {
        OutputColumnName = "State", InputColumnName = "Features", Units = 4, LabelColumnName = "Label", PredictionColumnName = "Next",
        Horizon = 2, Gamma = 0.5,
    };

    protected override (object Options, string Column) OptionsWithMissingColumn()
    {
        var o = (RtuStateFeaturesOptions)Options();
        o.LabelColumnName = "Target";
        return (o, "Target");
    }

    protected override void Mutate(object options)
    {
        var o = (RtuStateFeaturesOptions)options;
        o.OutputColumnName = "Changed"; o.InputColumnName = "Label"; o.PredictionColumnName = null; o.LabelColumnName = null;
        o.Units = 2; o.Horizon = 4; o.Gamma = 0.9; o.LearnDuringTransform = !o.LearnDuringTransform;
        o.ResetStateOnTransform = !o.ResetStateOnTransform; o.LearningRate = 0.5; o.Seed = 99;
    }

    protected override object OptionsOf(IEstimator<RtuStateFeaturesTransformer> estimator) => ((RtuStateFeaturesEstimator)estimator).Options;

    protected override object OptionsOf(RtuStateFeaturesTransformer transformer) => transformer.Options;

    protected override FeatureRow[] Rows(int count) => TestData.Features(count);

    protected override (IDataView Data, string Expected) WrongType() =>
        (Ml.Data.LoadFromEnumerable(new[] { new DoubleFeatures { Features = 1 }, new DoubleFeatures { Features = 2 } }), "Double");

    protected override IDataView WrongSize() => Ml.Data.LoadFromEnumerable(new[] { new WideRow() });

    protected override string[] OutputColumns => ["State", "Next"];

    protected override float[][] Values(Out output) => [output.State, output.Next];

    protected override Func<FeatureRow, float[]?[]> StreamingEngine(RtuStateFeaturesTransformer transformer)
    {
        var engine = transformer.CreateStreamingEngine();
        return r =>
        {
            var step = engine.Observe("stream-1", r.Features, r.Label);
            return [step.State, step.Predictions];
        };
    }
}
