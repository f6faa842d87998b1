using Rtu.MLNet.Tests.Reliability;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A new stream's first rows (Rtu.Trainers' StartupSpikes) through the streaming engine: a stream whose first rows are
/// kept (one of them a spike) checkpoints to the same length as any other, restores and continues bit for bit. (Streams
/// of this fitted model start with the pool's error scale, which judges the spike too; the replay itself is tested on an
/// untrained forecaster and a global model, StartupSpikesTests and GlobalModelTests.)
/// </summary>
[TestClass]
public sealed class EngineStartupSpikeTests
{
    // Stream "a" reads +1,000 at row 1 (the series is about 10 ± 3); "b" none.
    private static void Step(RtuForecastEngine engine, SeriesPoint[] rows, int t)
    {
        float a = t == 1 ? rows[t].Value + 1000 : rows[t].Value;
        engine.Observe("a", a, [rows[t].Temperature]);
        engine.Observe("b", rows[t].Value + 1, [rows[t].Temperature]);
    }

    private static RtuForecastEngine Run(SeriesPoint[] rows, int upTo)
    {
        var engine = ReliabilityFixture.Forecaster.CreateStreamingEngine(learn: true);
        for (int t = 0; t <= upTo; t++) Step(engine, rows, t);
        return engine;
    }

    [TestMethod]
    public void ACheckpointTakenDuringTheFirstRowsRestoresAndContinuesBitForBit()
    {
        var rows = TestData.Series(80);
        int length = ReliabilityFixture.Checkpoint(Run(rows, 20)).Length;
        for (int upTo = 0; upTo <= 4; upTo++)
        {
            var engine = Run(rows, upTo);
            byte[] checkpoint = ReliabilityFixture.Checkpoint(engine);
            Assert.AreEqual(length, checkpoint.Length, $"after row {upTo}: the streams save to the model's fixed length");
            var restored = ReliabilityFixture.Forecaster.CreateStreamingEngine(learn: true);
            restored.Restore(new MemoryStream(checkpoint));
            for (int t = upTo + 1; t < rows.Length; t++)
            {
                Step(engine, rows, t);
                Step(restored, rows, t);
                foreach (string key in new[] { "a", "b" })
                    CollectionAssert.AreEqual(engine.Forecast(key), restored.Forecast(key), $"checkpoint after row {upTo}: stream {key}, row {t}");
            }
        }
    }
}
