using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The exogenous effect against extreme values and damaged files (an outside review of the sixty-third pass).</summary>
[TestClass]
public sealed class ExogenousEffectHostileTests
{
    private static RtuForecaster New(int season, int exogenous, int horizon) =>
        new(new RtuForecasterSettings { SeasonLength = season, ExogenousCount = exogenous, Learner = new RtuLearnerSettings { Horizon = horizon } });

    private static RtuForecaster Loaded(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return RtuForecaster.Load(r);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void ValuesNearTheFloatLimitKeepEverySaveReadable(int horizon)
    {
        // ±3e38 with an exogenous column: the effect's target and weights are held within the float range, so every saved
        // state reads back (the forecaster restores its own snapshots from its bytes; a weight of 5.1e38 made one unreadable).
        var rng = new Random(3);
        var f = New(1, 1, horizon);
        var forecast = new float[horizon];
        for (int t = 0; t < 200; t++)
        {
            double v = (rng.NextDouble() < 0.5 ? -1 : 1) * 3e38;
            float x = (float)(0.01 * PromoData.Gaussian(rng) + t % 2);
            f.Observe(v, [x], learn: true, forecast, default);
            foreach (double b in f.ExogenousEffect!.Weights) Assert.IsLessThanOrEqualTo(float.MaxValue, Math.Abs(b), $"row {t}");
            Loaded(SavedBytes.Saved(f));
        }
    }

    [TestMethod]
    [DataRow(1e300)]
    [DataRow(-1e300)]
    public void AStoredForecastBeyondTheFloatRangeIsRefused(double damage)
    {
        var (y, promo, _) = PromoData.Series(400, seed: 3);
        var f = New(7, 1, 1);
        for (int t = 0; t < 300; t++) f.Observe(y[t], [promo[t]], learn: true, default, default);
        Assert.IsFalse(f.HoldsRowsToJudge);
        byte[] bytes = SavedBytes.Saved(f), block = SavedBytes.Bytes(f.ExogenousEffect!.Save);
        int at = Enumerable.Range(0, bytes.Length - block.Length + 1).First(i => bytes.AsSpan(i, block.Length).SequenceEqual(block));
        int made = at + block.Length - 9;   // the one-step forecast, then the support flag
        BitConverter.GetBytes(damage).CopyTo(bytes, made);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Loaded(bytes));
        StringAssert.Contains(e.Message, "exogenous effect forecast");
    }

    [TestMethod]
    public void AStoredRegressorBeyondTheNormalisersClipIsRefused()
    {
        var (y, promo, _) = PromoData.Series(400, seed: 3);
        var f = New(7, 1, 1);
        for (int t = 0; t < 300; t++) f.Observe(y[t], [promo[t]], learn: true, default, default);
        byte[] bytes = SavedBytes.Saved(f), block = SavedBytes.Bytes(f.ExogenousEffect!.Save);
        int at = Enumerable.Range(0, bytes.Length - block.Length + 1).First(i => bytes.AsSpan(i, block.Length).SequenceEqual(block));
        BitConverter.GetBytes(1e30).CopyTo(bytes, at + 4);   // the first regressor, after the lags
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Loaded(bytes));
        StringAssert.Contains(e.Message, "clip");
    }

    [TestMethod]
    [DataRow(0.1)]
    [DataRow(0.3)]
    public void AClipThatIsNoFloatStillReadsBackAndASpikeIsRewound(double clip)
    {
        // The regressors are stored as floats clamped to ±clip, which rounds above a clip such as 0.1: the bound a load
        // checks is the clip as a float (an outside review: with InputClip 0.3 a spike's rewind threw mid-stream).
        var rng = new Random(5);
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1, ExogenousCount = 1, InputClip = clip });
        for (int t = 0; t < 300; t++)
        {
            double v = 100 + PromoData.Gaussian(rng) + (t == 200 ? 50 : 0);
            f.Observe(v, [(float)PromoData.Gaussian(rng)], learn: true, default, default);
            if (t % 50 == 0) Loaded(SavedBytes.Saved(f));
        }
        Loaded(SavedBytes.Saved(f));
    }
}
