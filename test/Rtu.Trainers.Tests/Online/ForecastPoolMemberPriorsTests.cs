using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class ForecastPoolMemberPriorsTests
{
    // One step ahead each combined member's share is e^b·MAE^−4·MSE^−2 over the members combined, b its prior for the
    // pool's kind (with a season or without); more than one step ahead, and in a pool with a second season (hourly data:
    // a week), the priors play no part.
    [TestMethod]
    [DataRow(12)]
    [DataRow(1)]
    [DataRow(24)]
    public void OneStepAheadTheSharesAreThePriorsTimesTheErrorWeights(int season)
    {
        var y = ForecastPoolLossMatchedWeightTests.SpikySeasonal(300, 3);
        var pool = new ForecastPool(season, 2);
        var model = new float[2]; var made = new float[2];
        for (int t = 0; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            model[0] = model[1] = float.NaN;
            pool.Combine(model, made);
        }
        Assert.AreEqual(season != 24, pool.WeighsByPriors, "a new pool weighs by the priors, but with a second season");
        for (int h = 1; h <= 2; h++)
        {
            var raw = new double[ForecastPool.MemberCount];
            double total = 0;
            int combined = 0, withPrior = 0;
            for (int i = 0; i < ForecastPool.MemberCount; i++)
            {
                if (pool.Weight(h, i) <= 0) continue;
                double scale = pool.RecentAbsoluteError(h, i) * pool.RecentAbsoluteError(h, i) * pool.RecentSquaredError(h, i);
                double prior = h == 1 && pool.WeighsByPriors ? ForecastPool.MemberPrior(season > 1, i) : 0;
                raw[i] = Math.Exp(prior) / (scale * scale);
                total += raw[i];
                combined++;
                if (prior != 0) withPrior++;
            }
            Assert.IsGreaterThan(3, combined, $"h={h}: several members combined");
            if (h == 1 && pool.WeighsByPriors) Assert.IsGreaterThan(1, withPrior, "several of them with a prior");
            for (int i = 0; i < ForecastPool.MemberCount; i++)
                if (raw[i] > 0) Assert.AreEqual(raw[i] / total, pool.Weight(h, i), 1e-9, $"h={h}, member {ForecastPool.MemberNames[i]}");
        }
    }

    [TestMethod]
    public void ThePriorsFavourTheMembersGoodOnMostSeriesOfTheirKind()
    {
        static double Prior(bool seasonal, string name) => ForecastPool.MemberPrior(seasonal, ForecastPool.MemberNames.ToList().IndexOf(name));
        Assert.IsGreaterThan(0.0, Prior(true, "airline (log)"), "with a season: the airline model up");
        Assert.IsGreaterThan(0.0, Prior(true, "damped trend (fitted, seasonally adjusted with a season)"), "and the damped trend on the adjusted series");
        Assert.IsGreaterThan(0.0, ForecastPool.MemberPrior(true, ForecastPoolCombTests.Comb), "and the M4 Comb on y (layout 24)");
        Assert.IsLessThan(0.0, Prior(true, "additive Holt-Winters"), "the fixed Holt–Winters down");
        Assert.IsGreaterThan(0.0, Prior(false, "ARIMA (changes, MA)"), "without a season: the ARIMA(1,1,1) up");
        Assert.IsLessThan(0.0, Prior(false, "SES"), "SES down");
        Assert.IsGreaterThan(0.0, Prior(false, "damped trend (fitted, seasonally adjusted with a season)"), "and the damped trend on y up (layout 23)");
        Assert.IsGreaterThan(0.0, ForecastPool.MemberPrior(false, ForecastPoolCombTests.Comb), "and the rolling median in the Comb's slot up (layout 30)");
        Assert.AreEqual(0.0, Prior(false, "naive"), "the naive forecast has none");
        for (int i = 0; i < ForecastPool.MemberCount; i++)
            foreach (bool seasonal in new[] { true, false })
                Assert.IsLessThanOrEqualTo(1.0, Math.Abs(ForecastPool.MemberPrior(seasonal, i)), "no prior outweighs the errors' own evidence: e^|b| ≤ e");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ForecastPool.MemberPrior(true, ForecastPool.MemberCount));
    }

    // benchmarks/Rtu.ForecastSets --priors (the series never seen): pools created while PriorsOverride is set take its
    // factors in place of the current layout's tables; the shipped tables read in give the same weights bit for bit, and
    // once it is cleared new pools take the tables again.
    [TestMethod]
    [DataRow(12)]
    [DataRow(1)]
    public void PoolsCreatedWhileThePriorsAreOverriddenTakeTheOverride(int season)
    {
        var y = ForecastPoolLossMatchedWeightTests.SpikySeasonal(300, 3);
        static ForecastPool Run(int season, double[] y)
        {
            var pool = new ForecastPool(season, 1);
            var model = new float[1]; var made = new float[1];
            foreach (double v in y) { pool.Observe(pool.Clean(v, learn: true), learn: true); model[0] = float.NaN; pool.Combine(model, made); }
            return pool;
        }
        double[] Shipped(bool seasonal) => Enumerable.Range(0, ForecastPool.MemberCount).Select(i => Math.Exp(ForecastPool.MemberPrior(seasonal, i))).ToArray();
        var flat = Enumerable.Repeat(1.0, ForecastPool.MemberCount).ToArray();
        var shipped = Run(season, y);
        ForecastPool? same, without;
        try
        {
            ForecastPool.PriorsOverride = (Shipped(false), Shipped(true));
            same = Run(season, y);
            ForecastPool.PriorsOverride = (flat, flat);
            without = Run(season, y);
        }
        finally { ForecastPool.PriorsOverride = null; }
        var again = Run(season, y);
        int moved = 0;
        for (int i = 0; i < ForecastPool.MemberCount; i++)
        {
            Assert.AreEqual(shipped.Weight(1, i), same.Weight(1, i), $"the shipped tables read in: {ForecastPool.MemberNames[i]}");
            Assert.AreEqual(shipped.Weight(1, i), again.Weight(1, i), $"the override cleared: {ForecastPool.MemberNames[i]}");
            if (without.Weight(1, i) != shipped.Weight(1, i)) moved++;
        }
        Assert.IsGreaterThan(3, moved, "b = 0 for every member: the weights are the errors' alone");
        Assert.ThrowsExactly<ArgumentException>(() => ForecastPool.PriorsOverride = ([1.0], flat));
        Assert.IsNull(ForecastPool.PriorsOverride);
    }

    [TestMethod]
    public void TheFlagIsSavedAndAPoolWithoutPriorsContinuesWithoutThemUntilStartedAfresh()
    {
        // A layout-20 pool (written here by cutting the later layouts' flags off and marking it −20) loads without priors, its
        // copy saved again keeps that, and a series started afresh takes them.
        var y = ForecastPoolLossMatchedWeightTests.SpikySeasonal(200, 4);
        var pool = new ForecastPool(12, 1);
        var model = new float[1]; var made = new float[1];
        foreach (double v in y) { pool.Observe(pool.Clean(v, learn: true), learn: true); pool.Combine(model, made); }
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        var copy = new ForecastPool(12, 1);
        using (var r = new BinaryReader(new MemoryStream(ms.ToArray()))) copy.Load(r);
        Assert.IsTrue(copy.WeighsByPriors, "saved and loaded: still weighs by the priors");
        var old = OlderPoolLayouts.ReadAs(pool, 20, 12, 1);
        Assert.IsFalse(old.WeighsByPriors, "a layout-20 pool combines without priors");
        using var again = new MemoryStream();
        using (var w = new BinaryWriter(again, System.Text.Encoding.UTF8, leaveOpen: true)) old.Save(w);
        var reloaded = new ForecastPool(12, 1);
        using (var r = new BinaryReader(new MemoryStream(again.ToArray()))) reloaded.Load(r);
        Assert.IsFalse(reloaded.WeighsByPriors, "saved again in the current layout: still without");
        old.Reset();
        Assert.IsTrue(old.WeighsByPriors, "a series started afresh takes the priors");
    }
}
