using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Pool layout 28 (ForecastPool.Resolution.cs): the clean's scale is at least a quarter of the series' resolution, the
/// smallest change between two values given, so a reading that moves by one step of it is never an outlier; a pool read
/// from a layout 1–27 file continues without the floor.
/// </summary>
[TestClass]
public sealed class ForecastPoolResolutionTests
{
    public TestContext TestContext { get; set; } = null!;

    // A slow temperature reported in steps of 0.5 (a sensor's resolution): most readings repeat, and a change is one step.
    private static double[] HalfDegrees(int n, int seed)
    {
        var random = new Random(seed);
        double level = 21;
        return Enumerable.Range(0, n).Select(t =>
        {
            level += 0.02 * Gaussian(random) + 0.3 * Math.Sin(2 * Math.PI * t / 4000) / 400;
            return Math.Round(2 * level) / 2;
        }).ToArray();
    }

    [TestMethod]
    public void AReadingThatMovesByOneStepIsNotCleaned()
    {
        // The one-step error is 0 on most rows, so the clean's scale fell far below a step and every change of one step was
        // cleaned as a possible spike: the members followed it a row late (an outside audit: 38 % worse than the naive forecast).
        var y = HalfDegrees(3000, seed: 2);
        var (cleaned, withFloor, pool) = PoolAlone.Run(y, season: 1);
        Assert.AreEqual(0.5, pool.Resolution);
        Assert.IsTrue(pool.OnAGrid, "most readings repeat");
        var older = OlderPoolLayouts.ReadAs(PoolOver(y[..2]), 27, 1, 1);
        var (without, _) = PoolAlone.Run(older, y[2..], learnUntil: int.MaxValue);
        double Mae(double[] f, int offset) => Enumerable.Range(100, y.Length - 100).Average(t => Math.Abs(f[t - offset] - y[t]));
        double naive = Enumerable.Range(100, y.Length - 100).Average(t => Math.Abs(y[t - 1] - y[t]));
        double maeWith = Mae(withFloor, 0), maeWithout = Mae(without, 2);
        TestContext.WriteLine($"one-step MAE: naive {naive:F4}, with the floor {maeWith:F4}, a layout-27 pool {maeWithout:F4}; rows cleaned {cleaned.Count}");
        Assert.AreEqual(0, cleaned.Count(t => t >= 100 && Math.Abs(y[t] - y[t - 1]) <= 0.5), "no change of one step is cleaned");
        Assert.IsLessThan(0.9 * maeWithout, maeWith);
    }

    [TestMethod]
    public void ASeriesThatMovesEveryRowHasNoFloor()
    {
        // A meter rising about 100 a row: its smallest change is a move, not a grid step, and a floor of a quarter of it let
        // spikes of 40 through that the clean had caught (a review: the error on the row after a spike 5.2 → 19.4). No
        // change is 0, so it is not on a grid: its forecasts are those of a pool without the floor, bit for bit (both
        // read as layout 29 files, so that only the floor tells them apart: layout 30 added a member).
        var random = new Random(5);
        var y = Enumerable.Range(0, 1200).Select(t => 100.0 * t + random.Next(-3, 4) + (t >= 300 && t % 37 == 0 ? (t % 2 == 0 ? 40 : -40) : 0)).ToArray();
        var pool = OlderPoolLayouts.ReadAs(PoolOver(y[..2]), 29, 1, 1);
        var (with, _) = PoolAlone.Run(pool, y[2..], learnUntil: int.MaxValue);
        Assert.IsFalse(pool.OnAGrid);
        var older = OlderPoolLayouts.ReadAs(PoolOver(y[..2]), 27, 1, 1);
        var (without, _) = PoolAlone.Run(older, y[2..], learnUntil: int.MaxValue);
        for (int t = 1; t < y.Length - 2; t++) Assert.AreEqual(without[t], with[t], $"t={t + 2}");
    }

    [TestMethod]
    public void AChangeOfUnitsForgetsTheResolutionAndAFrozenPoolConvertsIt()
    {
        // A sensor switching from millimetres to metres: its old resolution, 1 mm, would be a floor of a quarter of a
        // metre in the new units. Learning, it starts again; frozen, it is converted with everything else.
        var random = new Random(3);
        var mm = Enumerable.Range(0, 300).Select(t => Math.Round(5000 + 400 * Math.Sin(t / 10.0) + 20 * Gaussian(random))).ToArray();
        var pool = PoolOver(mm);
        Assert.AreEqual(1.0, pool.Resolution);
        var metres = mm.Select(v => v / 1000).ToArray();
        var frozen = pool.Clone();
        Assert.IsTrue(PoolAlone.Run(pool, metres[..10], learnUntil: int.MaxValue).ScaleChanged);
        Assert.IsLessThan(0.01, pool.Resolution, "started again in metres");
        Assert.IsTrue(PoolAlone.Run(frozen, metres[..10], learnUntil: 0).ScaleChanged);
        Assert.AreEqual(0.001, frozen.Resolution, 2e-4, "converted to metres (by the factor the pool estimates, about 1/1000)");
        // Converted, it saves and loads as any pool.
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) frozen.Save(w);
        Assert.AreEqual(frozen.Resolution, Loaded(ms.ToArray()).Resolution);
    }

    [TestMethod]
    public void SaveAndLoadKeepTheResolutionAndADamagedOneIsRefused()
    {
        var y = HalfDegrees(2000, seed: 4);
        var pool = PoolOver(y[..1500]);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray();
        var copy = Loaded(bytes);
        Assert.AreEqual(pool.Resolution, copy.Resolution);
        var (a, _) = PoolAlone.Run(pool, y[1500..], learnUntil: int.MaxValue);
        var (b, _) = PoolAlone.Run(copy, y[1500..], learnUntil: int.MaxValue);
        CollectionAssert.AreEqual(a, b);
        // The section: the flag, the resolution, the last value given, the two counts of changes; then the seasonal zeros'
        // (without a season: a flag, two sums and a count), layout 29's flag and size, layout 30's rolling median, layout
        // 31's flag and layout 32's section.
        int at = bytes.Length - pool.Layout42Length - ForecastPool.Layout41Length - ForecastPool.Layout40Length - ForecastPool.Layout39Length - ForecastPool.Layout38Length - ForecastPool.Layout37Length - ForecastPool.Layout36Length - ForecastPool.Layout35Length - pool.Layout34Length - ForecastPool.Layout33Length - ForecastPool.Layout32Length - 1 - (1 + RollingMedian.SavedLength) - 9 - (1 + 24) - 32;
        Assert.AreEqual(0.5, BitConverter.ToDouble(bytes, at));
        foreach (double bad in new[] { 0.0, -1.0, double.NaN, 1e308 })
        {
            var damaged = (byte[])bytes.Clone();
            BitConverter.GetBytes(bad).CopyTo(damaged, at);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Loaded(damaged), $"{bad}");
            StringAssert.Contains(e.Message, "resolution");
        }
    }

    private static ForecastPool PoolOver(double[] y) => PoolAlone.Run(y, season: 1).Pool;

    private static ForecastPool Loaded(byte[] bytes)
    {
        var pool = new ForecastPool(1, 1);
        using var r = new BinaryReader(new MemoryStream(bytes));
        pool.Load(r);
        Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position, "the whole file is read");
        return pool;
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
