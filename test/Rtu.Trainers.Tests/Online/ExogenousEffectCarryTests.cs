using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.ExogenousEffectEachHorizonTests;
using static Rtu.Trainers.Tests.Online.ExogenousEffectTests;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Each horizon h ≥ 2 carries the exogenous effect on the next row on by a learned share (settings layout 20,
/// <see cref="ExogenousEffect.CarriesNextEffect"/>): the effect of a column that holds comes back h steps ahead, that of
/// tomorrow's promotion does not, the one-step forecasts are as before, and a file of layout 19 forecasts as it did.
/// </summary>
[TestClass]
public sealed class ExogenousEffectCarryTests
{
    public TestContext TestContext { get; set; } = null!;

    private static RtuForecaster New(int season, int exogenous, int horizon) =>
        new(new RtuForecasterSettings { SeasonLength = season, ExogenousCount = exogenous, Learner = new RtuLearnerSettings { Horizon = horizon } });

    // Daily sales with a weekly pattern whose price, known a day ahead, holds for about ten days at a time (elasticity −2).
    private static (double[] Sales, float[][] PriceNext) HeldPrice(int n, int seed)
    {
        var rng = new Random(seed);
        double[] week = [1.0, 0.9, 0.95, 1.0, 1.1, 1.3, 1.25];
        var price = new double[n + 1];
        price[0] = 10;
        for (int t = 1; t <= n; t++) price[t] = rng.NextDouble() < 0.1 ? 10 + 1.5 * PromoData.Gaussian(rng) : price[t - 1];
        var y = new double[n];
        double level = 100;
        for (int t = 0; t < n; t++)
        {
            level = Math.Max(20, level + 0.8 * PromoData.Gaussian(rng));
            y[t] = Math.Round(level * week[t % 7] * Math.Pow(price[t] / 10, -2) * Math.Exp(0.05 * PromoData.Gaussian(rng)));
        }
        return (y, Enumerable.Range(0, n).Select(t => new[] { (float)price[t + 1] }).ToArray());
    }

    [TestMethod]
    public void APriceThatHoldsComesBackSixStepsAhead()
    {
        var (y, x) = HeldPrice(700, seed: 3);
        double without = Mae(New(7, 0, 6), y, x, 6, 100);
        var before = New(7, 1, 6);
        before.UseEffectOfLayout19();
        double old = Mae(before, y, x, 6, 100);
        var f = New(7, 1, 6);
        double now = Mae(f, y, x, 6, 100);
        TestContext.WriteLine($"six-step MAE without the column {without:F3}, layout 19 {old:F3}, carried on {now:F3}; ρ_6 {f.ExogenousEffect!.CarryOf(6):F3}, g_6 {f.ExogenousEffect.GateOf(6):F3}");
        Assert.IsTrue(f.ExogenousEffect.CarriesNextEffect);
        Assert.IsGreaterThan(0.5, f.ExogenousEffect.CarryOf(6));
        Assert.IsLessThan(0.97 * old, now);
    }

    [TestMethod]
    public void TomorrowsPromotionIsNotCarriedOnAndTheOneStepForecastsAreAsBefore()
    {
        var (y, promo, _) = PromoData.Series(500, seed: 2);
        var x = promo.Select(p => new[] { p }).ToArray();
        var before = New(7, 1, 3);
        before.UseEffectOfLayout19();
        var f = New(7, 1, 3);
        float[] a = new float[3], b = new float[3];
        double sumOld = 0, sumNow = 0;
        var madeOld = new double[y.Length + 3];
        var madeNow = new double[y.Length + 3];
        for (int t = 0; t < y.Length; t++)
        {
            if (t >= 100) { sumOld += Math.Abs(y[t] - madeOld[t]); sumNow += Math.Abs(y[t] - madeNow[t]); }
            before.Observe(y[t], x[t], learn: true, a, default);
            f.Observe(y[t], x[t], learn: true, b, default);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(a[0]), BitConverter.SingleToInt32Bits(b[0]), $"row {t}: the one-step forecast");
            madeOld[t + 3] = a[2]; madeNow[t + 3] = b[2];
        }
        TestContext.WriteLine($"three-step MAE layout 19 {sumOld / (y.Length - 100):F3}, carried on {sumNow / (y.Length - 100):F3}; ρ_2 {f.ExogenousEffect!.CarryOf(2):F3}, ρ_3 {f.ExogenousEffect.CarryOf(3):F3}");
        Assert.IsLessThan(0.2, f.ExogenousEffect.CarryOf(3));
        Assert.IsLessThan(1.01 * sumOld, sumNow);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void AFileOfLayout19ForecastsAsItDidAndKeepsItsKind(int horizon)
    {
        var (y, x) = Spiked(260, 1);
        var f = New(7, 1, horizon);
        f.UseEffectOfLayout19();
        f.UseEffectFittingOfLayout21();   // as every file before settings layout 22: fitted from the first row
        for (int t = 0; t < 150; t++) f.Observe(y[t], x[t], learn: true, default, default);
        Assert.IsFalse(f.HoldsRowsToJudge);
        byte[] old = SavedBytes.AsLayout19(SavedBytes.Saved(f), f);
        Assert.AreEqual(-19, BitConverter.ToInt32(old, 0));
        AnOlderFileContinuesAndKeepsItsKind(f, old, g => g.ExogenousEffect!.CarriesNextEffect, y, x, 150, "layout 19");
    }

    [TestMethod]
    public void ADamagedCarryIsRefused()
    {
        var (y, x) = HeldPrice(300, seed: 4);
        var f = New(7, 1, 3);
        for (int t = 0; t < 250; t++) f.Observe(y[t], x[t], learn: true, default, default);
        Assert.IsFalse(f.HoldsRowsToJudge);
        var effect = f.ExogenousEffect!;
        byte[] bytes = SavedBytes.Saved(f), block = SavedBytes.Bytes(effect.Save);
        int at = IndexOf(bytes, block), h = f.Horizon;
        Assert.IsGreaterThanOrEqualTo(0, at);
        // The block ends with layout 20's state: a share's statistics per horizon h ≥ 2 (E[c·v], E[v²], the factor, the
        // count), then the next row's effect as made at each of the last H origins.
        int shares = at + block.Length - 32 * (h - 1) - 8 * h, effects = at + block.Length - 8 * h;
        (int Offset, double Value, string Says)[] damages =
        [
            (shares + 16, 1.5, "carried shrinkage"), (shares + 16, double.NaN, "carried shrinkage"), (shares + 8, -1, "carried shrinkage"),
            (effects, 1e39, "carried"), (effects, double.PositiveInfinity, "carried"),
        ];
        foreach (var (offset, value, says) in damages)
        {
            var bad = (byte[])bytes.Clone();
            BitConverter.GetBytes(value).CopyTo(bad, offset);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Loaded(bad), $"{says} {value}");
            StringAssert.Contains(e.Message, says, e.Message);
        }
        ContinuesBitForBit(f, Loaded(bytes), y, x, 250, y.Length, "intact");
    }
}
