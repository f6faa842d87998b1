using Microsoft.ML;
using Rtu.MLNet;
using Rtu.Tests.Shared;

namespace Rtu.MLNet.Tests;

/// <summary>The streaming engines' span overloads allocate nothing per Observe once a stream exists (issue 15).</summary>
[TestClass]
public sealed class EngineAllocationTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly string[] Keys = ["a", "b", "c", "d", "e"];

    // Bytes allocated on this thread by `observe` over 300 calls round-robin over the keys, after a warm-up. The call
    // count t runs on across the rounds: a series that jumped back to its start every round would hold a possible spike
    // there, a row that writes a snapshot of the forecaster (SpikeRewind: an exceptional row may allocate).
    private static long BytesPerRun(Action<string, int> observe)
    {
        int t = 0;
        for (; t < 40; t++) observe(Keys[t % Keys.Length], t);
        return SteadyAllocation.FewestBytes(() => { for (int end = t + 300; t < end; t++) observe(Keys[t % Keys.Length], t); });
    }

    [TestMethod]
    public void ForecastEngineObserveAllocatesNothing()
    {
        var engine = Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(60))).CreateStreamingEngine();
        var forecast = new float[engine.Horizon];
        var exogenous = new float[1];
        Assert.AreEqual(0, BytesPerRun((key, t) => { exogenous[0] = t % 3; engine.Observe(key, t * 0.1f, exogenous, forecast, learn: true); }));
    }

    [TestMethod]
    public void GlobalForecastEngineObserveAllocatesNothing()
    {
        var o = TestData.SmallForecastOptions();
        o.SeriesKeyColumnName = "Sensor"; o.SharedWeights = true;
        var table = TestData.Series(60).Select((p, i) => new KeyedPoint { Sensor = $"s{i % 2}", Value = p.Value, Temperature = p.Temperature });
        var engine = Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(table)).CreateStreamingEngine();
        var forecast = new float[engine.Horizon];
        var exogenous = new float[1];
        Assert.AreEqual(0, BytesPerRun((key, t) => { exogenous[0] = t % 3; engine.Observe(key, t * 0.1f, exogenous, forecast, learn: true); }));
    }

    [TestMethod]
    public void StateEngineObserveAllocatesNothing()
    {
        var options = new RtuStateFeaturesOptions { Units = 4, LabelColumnName = "Label", PredictionColumnName = "Next" };
        var engine = Ml.Transforms.RtuStateFeatures("State", "Features", options).Fit(Ml.Data.LoadFromEnumerable(TestData.Features(60))).CreateStreamingEngine(learn: true);
        var state = new float[engine.StateSize];
        var predictions = new float[engine.Horizon];
        var features = new float[engine.InputSize];
        Assert.AreEqual(0, BytesPerRun((key, t) => { features[0] = t * 0.01f; engine.Observe(key, features, 0.5f, state, predictions); }));
    }
}
