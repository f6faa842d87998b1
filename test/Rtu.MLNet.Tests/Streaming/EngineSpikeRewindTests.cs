using Rtu.MLNet.Tests.Reliability;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The forecaster's spike rewind (Rtu.Trainers' SpikeRewind) through the streaming engine: a stream that holds a
/// possible spike checkpoints to the same length as any other and continues bit for bit after a restore.
/// </summary>
[TestClass]
public sealed class EngineSpikeRewindTests
{
    private const int Spike = 60;

    // Stream "a" gets a spike of +1,000 at row Spike (the series is about 10 ± 3) or, with missing, NaN there; "b" none.
    private static (RtuForecastEngine Engine, SeriesPoint[] Rows) Run(int upTo, bool missing = false)
    {
        var engine = ReliabilityFixture.Forecaster.CreateStreamingEngine(learn: true);
        var rows = TestData.Series(120);
        for (int t = 0; t <= upTo; t++) Step(engine, rows, t, missing);
        return (engine, rows);
    }

    private static void Step(RtuForecastEngine engine, SeriesPoint[] rows, int t, bool missing = false)
    {
        float a = t == Spike ? (missing ? float.NaN : rows[t].Value + 1000) : rows[t].Value;
        engine.Observe("a", a, [rows[t].Temperature]);
        engine.Observe("b", rows[t].Value + 1, [rows[t].Temperature]);
    }

    [TestMethod]
    public void ACheckpointTakenWhileAStreamHoldsASpikeRestoresAndContinuesBitForBit()
    {
        var (engine, rows) = Run(Spike);
        byte[] holding = ReliabilityFixture.Checkpoint(engine);
        byte[] quiet = ReliabilityFixture.Checkpoint(Run(Spike - 1).Engine);
        Assert.AreEqual(quiet.Length, holding.Length, "a stream holding a spike saves to the model's fixed length");
        var restored = ReliabilityFixture.Forecaster.CreateStreamingEngine(learn: true);
        restored.Restore(new MemoryStream(holding));
        for (int t = Spike + 1; t < rows.Length; t++)
        {
            Step(engine, rows, t);
            Step(restored, rows, t);
            foreach (string key in new[] { "a", "b" })
                CollectionAssert.AreEqual(engine.Forecast(key), restored.Forecast(key), $"stream {key}, row {t}");
        }
    }

    [TestMethod]
    public void AfterTheSpikeReturnsTheStreamForecastsAsIfTheValueWereMissing()
    {
        // One row after the spike the stream is the one that saw a missing value there, but for the RTU's parameters
        // (one step learned from the cleaned value); cleaned but kept, the spike had moved it by the whole bound.
        var (spiked, _) = Run(Spike + 1);
        var (missing, _) = Run(Spike + 1, missing: true);
        float[] a = spiked.Forecast("a"), m = missing.Forecast("a");
        for (int h = 0; h < a.Length; h++) Assert.AreEqual(m[h], a[h], 0.05, $"h = {h + 1}: {a[h]} vs {m[h]} (the series' changes are about 1)");
    }
}
