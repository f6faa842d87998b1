using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>The forecast engine's timestamped Observe: gaps as missing values, order checked, clocks checkpointed.</summary>
[TestClass]
public sealed class TimedEngineTests
{
    private static readonly MLContext Ml = new(seed: 1);

    // Two sensors, monthly; rows 45..47 and 52 of sensor b and row 50 of sensor a are absent (gaps).
    private static TimedPoint[] Table(int n) =>
        Enumerable.Range(0, n).SelectMany(t => new[] { "a", "b" }.Select((k, s) =>
        {
            var p = TestData.Series(n, seed: 7 + s, withMissing: false)[t];
            return new TimedPoint { Sensor = k, Time = new DateTime(2000, 1, 31).AddMonths(t), Value = p.Value * (1 + s), Temperature = p.Temperature };
        })).Where(p => !(p.Sensor == "b" && p.Time >= new DateTime(2000, 1, 31).AddMonths(45) && p.Time <= new DateTime(2000, 1, 31).AddMonths(47))
                    && !(p.Sensor == "b" && p.Time == new DateTime(2000, 1, 31).AddMonths(52))
                    && !(p.Sensor == "a" && p.Time == new DateTime(2000, 1, 31).AddMonths(50))).ToArray();

    private static RtuForecastingOptions Options()
    {
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Time";
        o.SeriesKeyColumnName = "Sensor";
        o.SeasonLength = 0;   // inferred at Fit: monthly, 12
        return o;
    }

    [TestMethod]
    public void TimestampedObservationsEqualTransformWithGaps()
    {
        var rows = Table(70);
        var fitRows = rows.Where(r => r.Time < new DateTime(2000, 1, 31).AddMonths(40)).ToArray();
        var later = rows.Except(fitRows).ToArray();
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(fitRows));
        var expected = TestData.Column(fitted.Transform(Ml.Data.LoadFromEnumerable(later)), "Forecast");
        var engine = fitted.CreateStreamingEngine(learn: fitted.Options.LearnDuringTransform);
        Assert.AreEqual("monthly", engine.TimeStep!.Name, "the step inferred at Fit is kept");
        var forecast = new float[engine.Horizon];
        for (int i = 0; i < later.Length; i++)
        {
            engine.Observe(later[i].Sensor, later[i].Time, later[i].Value, [later[i].Temperature], forecast, engine.Learn);
            CollectionAssert.AreEqual(expected[i], forecast, $"row {i}");
        }
    }

    [TestMethod]
    public void AnObservationOutOfOrderIsRefusedWithBothTimestampsAndChangesNothing()
    {
        var rows = Table(50);
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(rows.Take(60)));
        var engine = fitted.CreateStreamingEngine();
        var twin = fitted.CreateStreamingEngine();
        var next = new DateTime(2000, 1, 31).AddMonths(31);
        engine.Observe("a", next, 11f, [0.5f], new float[3], true);
        twin.Observe("a", next, 11f, [0.5f], new float[3], true);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("a", next.AddMonths(-1), 12f, [0.5f], new float[3], true));
        StringAssert.Contains(e.Message, "out of order");
        StringAssert.Contains(e.Message, "stream 'a'");
        StringAssert.Contains(e.Message, next.AddMonths(-1).ToString("yyyy-MM-dd"));
        StringAssert.Contains(e.Message, next.ToString("yyyy-MM-dd"));
        // A fitted series continues after Fit's last timestamp: its end is "previous" for the first observation.
        var beforeFitEnd = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("b", new DateTime(2000, 1, 31), 1f, [0.5f], new float[3], true));
        StringAssert.Contains(beforeFitEnd.Message, "Fit's last timestamp of its series");   // not "its previous observation": it has none yet
        StringAssert.Contains(beforeFitEnd.Message, "ResetStateOnTransform = true");
        // The refused calls changed nothing, and started no stream (b's refused first observation made its stream before
        // the clock refused it).
        CollectionAssert.AreEquivalent(twin.StreamIds.ToArray(), engine.StreamIds.ToArray());
        var a = new float[3]; var b = new float[3];
        engine.Observe("a", next.AddMonths(3), 12f, [0.5f], a, true);
        twin.Observe("a", next.AddMonths(3), 12f, [0.5f], b, true);
        CollectionAssert.AreEqual(b, a);
        Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("a", 5L, 1f, [0.5f], new float[3], true), "Int64 timestamps on a date model");
    }

    [TestMethod]
    public void ACheckpointKeepsEachStreamsClock()
    {
        var rows = Table(50);
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(rows));
        var engine = fitted.CreateStreamingEngine();
        var t0 = new DateTime(2000, 1, 31).AddMonths(55);
        engine.Observe("a", t0, 10f, [0.1f], new float[3], true);
        engine.Observe("new", t0, 3f, [0.1f], new float[3], true);
        using var checkpoint = new MemoryStream();
        engine.Checkpoint(checkpoint);
        checkpoint.Position = 0;
        var restored = fitted.CreateStreamingEngine();
        restored.Restore(checkpoint);
        // The restored clocks refuse what the original refuses and fill the same gaps.
        Assert.ThrowsExactly<InvalidOperationException>(() => restored.Observe("new", t0, 3f, [0.1f], new float[3], true));
        foreach (var key in new[] { "a", "new" })
        {
            var x = new float[3]; var y = new float[3];
            engine.Observe(key, t0.AddMonths(4), 9f, [0.2f], x, true);
            restored.Observe(key, t0.AddMonths(4), 9f, [0.2f], y, true);
            CollectionAssert.AreEqual(x, y, key);
        }
        // A corrupt clock section is refused and changes nothing.
        var bytes = checkpoint.ToArray();
        bytes[^40] ^= 1;
        Assert.ThrowsExactly<InvalidDataException>(() => restored.Restore(new MemoryStream(bytes)));
        // So is a checkpoint cut where its streams' part ends (header: the magic's length-prefixed 20 bytes, the version,
        // the part's length at byte 25; the part and its SHA-256 follow): it was taken for one without clocks, and every
        // stream lost its last timestamp (an outside audit: "a" then took a date four years before its last).
        int streamsEnd = (int)(33 + BitConverter.ToInt64(bytes, 25) + 32);
        Assert.IsLessThan(bytes.Length, streamsEnd, "the clock section follows the streams' part");
        var cut = checkpoint.ToArray()[..streamsEnd];
        foreach (var source in new Stream[] { new MemoryStream(cut, writable: false), new UnseekableStream(cut) })
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => restored.Restore(source)).Message, "truncated");
        Assert.ThrowsExactly<InvalidOperationException>(() => restored.Observe("new", t0, 3f, [0.1f], new float[3], true), "the clocks as they were");
    }

    /// <summary>
    /// A timed engine read the whole source before checking it (an audit: a checkpoint followed by 200 MB took 737 MB
    /// before it was refused). It reads the streams' part as declared and at most about as much again for the clocks.
    /// </summary>
    [TestMethod]
    public void ARestoreReadsNoMoreThanACheckpointCanHold()
    {
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(Table(50)));
        var engine = fitted.CreateStreamingEngine();
        engine.Observe("a", new DateTime(2000, 1, 31).AddMonths(55), 10f, [0.1f], new float[3], true);
        using var checkpoint = new MemoryStream();
        engine.Checkpoint(checkpoint);
        byte[] good = checkpoint.ToArray();
        byte[] padded = new byte[good.Length + (64 << 20)];
        good.CopyTo(padded, 0);
        var restored = fitted.CreateStreamingEngine();
        foreach (var source in new Stream[] { new MemoryStream(padded, writable: false), new UnseekableStream(padded) })
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.ThrowsExactly<InvalidDataException>(() => restored.Restore(source));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.IsLessThan(8L * good.Length + (4 << 20), allocated, $"allocated {allocated:N0} bytes for a checkpoint of {good.Length:N0}");
            StringAssert.Contains(e.Message, "unknown data after its stream clocks");
        }
        // Checkpoints themselves, and non-checkpoints, are read as before.
        restored.Restore(new UnseekableStream(good));
        CollectionAssert.AreEqual(engine.Forecast("a"), restored.Forecast("a"));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => restored.Restore(new MemoryStream(new byte[1000]))).Message, "not an Rtu.MLNet engine checkpoint");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => restored.Restore(new MemoryStream(good[..(good.Length / 2)]))).Message, "truncated");
    }

    // A network-like source: no length, no seeking.
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }

    [TestMethod]
    public void AnObservationWithoutATimestampIsTheStreamsNextRegularStep()
    {
        // Found by the outside-in audit: the README's many-series example observes a value without a timestamp, then one
        // dated two months after Fit's end. The untimed value did not move the stream's clock, so the dated one still
        // counted a gap of three months from Fit's end (two missing values) on top of it: the series ran one step
        // ahead of its calendar. Now an untimed value takes the next regular timestamp.
        var rows = Table(50);
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(rows));
        var end = rows.Where(r => r.Sensor == "a").Max(r => r.Time);
        var untimed = fitted.CreateStreamingEngine();
        var dated = fitted.CreateStreamingEngine();
        var (a, b) = (new float[3], new float[3]);
        untimed.Observe("a", 11f, [0.5f], a, true);
        dated.Observe("a", end.AddMonths(1), 11f, [0.5f], b, true);
        CollectionAssert.AreEqual(b, a);
        untimed.Observe("a", end.AddMonths(3), 12f, [0.5f], a, true);   // one missing month, as for the dated twin
        dated.Observe("a", end.AddMonths(3), 12f, [0.5f], b, true);
        CollectionAssert.AreEqual(b, a);
        // The untimed step counts for the order check too: the month it took is now in the past.
        Assert.ThrowsExactly<InvalidOperationException>(() => untimed.Observe("a", end.AddMonths(3), 13f, [0.5f], a, true));
        // A new key without any timestamp yet: its first dated value starts its clock (no gap to fill), as before.
        untimed.Observe("fresh", 1f, [0.5f], a, true);
        untimed.Observe("fresh", end, 2f, [0.5f], a, true);
        Assert.IsTrue(a.All(float.IsFinite));
    }

    [TestMethod]
    public void DateTimeOffsetAndInt64ObservationsAlsoReturnTheForecast()
    {
        // Found by the outside-in audit: the README lists Observe(key, DateTime | DateTimeOffset | long, value, …), but
        // only DateTime had the overload that returns the forecast; the others needed a caller buffer.
        var rows = Table(50);
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(rows));
        var next = rows.Where(r => r.Sensor == "a").Max(r => r.Time).AddMonths(1);
        var (byDate, byOffset) = (fitted.CreateStreamingEngine(), fitted.CreateStreamingEngine());
        CollectionAssert.AreEqual(byDate.Observe("a", next, 11f, [0.5f]), byOffset.Observe("a", new DateTimeOffset(next, TimeSpan.Zero), 11f, [0.5f]));

        var numbered = Enumerable.Range(0, 40).Select(t => new NumberedPoint { Time = 100 + 10L * t, Value = TestData.Series(40)[t].Value }).ToArray();
        var o = TestData.SmallForecastOptions();
        o.ExogenousColumnNames = []; o.TimestampColumnName = "Time";
        var engine = Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(numbered)).CreateStreamingEngine();
        var twin = Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(numbered)).CreateStreamingEngine();
        var buffer = new float[3];
        twin.Observe("s", 100 + 10L * 42, 12f, [], buffer, twin.Learn);
        CollectionAssert.AreEqual(buffer, engine.Observe("s", 100 + 10L * 42, 12f));
    }

    private sealed class NumberedPoint
    {
        public long Time { get; set; }
        public float Value { get; set; }
    }

    [TestMethod]
    public void AnUntimedModelRefusesTimestamps()
    {
        var engine = Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(40))).CreateStreamingEngine();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("a", DateTime.Now, 1f, [0f]));
        StringAssert.Contains(e.Message, "TimestampColumnName");
    }
}
