using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>A feature's departure from a constant history (RunningNormalizer.Update's restartsOnDeparture; an exogenous column's since settings layout 23).</summary>
[TestClass]
public sealed class RunningNormalizerTests
{
    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [TestMethod]
    public void AFeatureThatVariesAfterAConstantStretchIsScaledByItsNewSpread()
    {
        // Two outside reviews: after 5,000 constant values the first change counted with weight 1/5,001 (σ ≈ |δ|/70), every
        // later deviation was winsorised to 4σ, and σ grew by at most 0.16 % a row: the column sat at the input clip.
        foreach (double constant in new[] { 0.0, 1000.0 })
        {
            var before = new RunningNormalizer(1, 0, 5);
            var now = new RunningNormalizer(1, 0, 5);
            for (int t = 0; t < 5_000; t++) { before.Update(0, constant); now.Update(0, constant, restartsOnDeparture: true); }
            var rng = new Random(1);
            int clippedBefore = 0, clippedNow = 0;
            for (int t = 0; t < 100; t++)
            {
                double x = constant + 2 * Normal(rng);
                if (Math.Abs(before.Normalize(0, x)) == 5) clippedBefore++;
                if (Math.Abs(now.Normalize(0, x)) == 5) clippedNow++;
                before.Update(0, x); now.Update(0, x, restartsOnDeparture: true);
            }
            Assert.IsLessThan(0.5, before.Scale(0), $"the defect: a scale far below the spread of 2 ({constant})");
            Assert.AreEqual(2, now.Scale(0), 0.6, $"the new spread ({constant})");
            Assert.AreEqual(constant, now.Mean(0), 0.8);
            Assert.IsGreaterThan(50, clippedBefore, "the defect: most values at the clip");
            Assert.IsLessThan(5, clippedNow);
        }
    }

    [TestMethod]
    public void AShortConstantStartAndAVaryingFeatureAreScaledAsBefore()
    {
        // Fewer than WarmUp equal values (a count's first zeros), or a feature that has varied: the same bits as before.
        var rng = new Random(2);
        double[] first = [0, 0, 0, 0, 0, 0, 0, 3, 1, 0, 2];
        var before = new RunningNormalizer(2, 0, 5);
        var now = new RunningNormalizer(2, 0, 5);
        for (int t = 0; t < 3_000; t++)
        {
            double a = t < first.Length ? first[t] : Math.Round(3 + Normal(rng)), b = 10 + Normal(rng);
            before.Update(0, a); now.Update(0, a, restartsOnDeparture: true);
            before.Update(1, b); now.Update(1, b, restartsOnDeparture: true);
        }
        for (int i = 0; i < 2; i++)
        {
            Assert.AreEqual(before.Mean(i), now.Mean(i));
            Assert.AreEqual(before.Scale(i), now.Scale(i));
        }
    }

    // Daily sales with a weekly season and a price cut known a day ahead (its depth in [0, 4), held five days at a time),
    // the cut 0 for the first `flat` rows: the one-step MAE over rows flat + 200 … flat + 599.
    private static double PriceCutError(RtuForecaster f, int flat, int seed)
    {
        var rng = new Random(seed);
        int n = flat + 600;
        var cut = new double[n + 1];
        for (int t = flat; t <= n; t += 5)
        {
            double depth = rng.NextDouble() < 0.4 ? 4 * rng.NextDouble() : 0;
            for (int k = t; k < Math.Min(n + 1, t + 5); k++) cut[k] = depth;
        }
        var forecast = new float[1];
        double error = 0;
        int count = 0;
        for (int t = 0; t < n; t++)
        {
            double y = 300 + 50 * (t % 7) + 40 * cut[t] + 10 * Normal(rng);
            if (t >= flat + 200) { error += Math.Abs(y - forecast[0]); count++; }
            f.Observe(y, [(float)cut[t + 1]], learn: true, forecast, default);
        }
        return error / count;
    }

    [TestMethod]
    public void APriceCutThatStartsAfterMonthsIsLearnedAsOneFromTheStart()
    {
        static RtuForecaster New() => new(new RtuForecasterSettings { SeasonLength = 7, ExogenousCount = 1 });
        var old = New();
        old.UseScalingOfLayout22();
        double varying = PriceCutError(New(), 0, 1), late = PriceCutError(New(), 800, 1), lateBefore = PriceCutError(old, 800, 1);
        TestContext.WriteLine($"MAE: the cut from the start {varying}, after 800 rows {late}, the same as layout 22 scaled it {lateBefore}");
        Assert.IsGreaterThan(1.15 * varying, lateBefore, "the defect: a cut that starts after 800 rows learned at a larger error");
        Assert.IsLessThan(1.05 * varying, late);
        Assert.IsLessThan(0.8 * lateBefore, late);
    }

    [TestMethod]
    public void ABurstAfterTheRestartIsStillWinsorised()
    {
        // An outside review: restarted at a count of 1, the next values were not winsorised (below WarmUp), and seven readings
        // of 1e30 after a first change to 99,999 took σ to about 1e29 for 20,000 rows. Restarted at WarmUp, the first change
        // gives σ ≈ 0.31·|δ| and every later value is winsorised at 4σ.
        var n = new RunningNormalizer(1, 0, 5);
        for (int t = 0; t < 1_000; t++) n.Update(0, 9.99, restartsOnDeparture: true);
        n.Update(0, 99_999, restartsOnDeparture: true);
        Assert.AreEqual(0.31 * 99_989, n.Scale(0), 0.01 * 99_989);
        for (int t = 0; t < 7; t++) n.Update(0, 1e30, restartsOnDeparture: true);
        double burst = n.Scale(0);
        Assert.IsLessThan(1e7, burst, "seven 1e30 readings winsorised");
        // A first change that is itself a glitch sets the scale, which then shrinks as any winsorised scale does (by about
        // √(16/n) after n ordinary rows): a known limit, where the old weight of 1/n left it near 700 after these rows.
        for (int t = 0; t < 20_000; t++) n.Update(0, 9.99 + (t % 2), restartsOnDeparture: true);
        Assert.IsLessThan(0.05 * burst, n.Scale(0));
    }

    [TestMethod]
    public void TheSeriesOwnFeaturesAreScaledAsBefore()
    {
        // Only exogenous columns restart: a series constant for its first rows and then moving (its own change and level,
        // which the forecaster scales too) is forecast as layout 22 forecast it, bit for bit.
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1 });
        var old = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1 });
        old.UseScalingOfLayout22();
        var rng = new Random(7);
        float[] a = new float[1], b = new float[1];
        for (int t = 0; t < 400; t++)
        {
            double y = t < 50 ? 3 : 3 + 0.1 * (t - 50) + Normal(rng);
            f.Observe(y, default, learn: true, a, default);
            old.Observe(y, default, learn: true, b, default);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(b[0]), BitConverter.SingleToInt32Bits(a[0]), $"row {t}");
        }
    }

    [TestMethod]
    public void AFileOfLayout22ScalesAsItDidAndANewOneRestarts()
    {
        static RtuForecaster New() => new(new RtuForecasterSettings { SeasonLength = 7, ExogenousCount = 1 });
        var f = New();
        Assert.IsTrue(f.RestartsExogenousScaling);
        var forecast = new float[1];
        for (int t = 0; t < 300; t++) f.Observe(100 + 10 * (t % 7), [0], learn: true, forecast, default);
        var old = RtuForecaster.Load(new BinaryReader(new MemoryStream(SavedBytes.AsLayout22(SavedBytes.Saved(f), f))));
        Assert.IsFalse(old.RestartsExogenousScaling, "read from layout 22");
        var same = RtuForecaster.Load(new BinaryReader(new MemoryStream(SavedBytes.Saved(f))));
        Assert.IsTrue(same.RestartsExogenousScaling);
        same.UseScalingOfLayout22(); same.UseGrossSpikesOfLayout23();
        var a = new float[1];
        var b = new float[1];
        var rng = new Random(3);
        for (int t = 300; t < 600; t++)
        {
            float x = (float)(t % 5 == 0 ? 3 * rng.NextDouble() : 0);
            double y = 100 + 10 * (t % 7) + 20 * x;
            old.Observe(y, [x], learn: true, a, default);
            same.Observe(y, [x], learn: true, b, default);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(b[0]), BitConverter.SingleToInt32Bits(a[0]), $"row {t}");
        }
        old.ResetState();
        Assert.IsFalse(old.RestartsExogenousScaling, "the columns' statistics outlive a new series, as the RTU's weights do");
        // The flag is a bool: any other byte is damage.
        byte[] bytes = SavedBytes.Saved(f);
        int flag = bytes.Length - f.FirstSeasonsLength + 5 + RtuForecaster.Layout15Length + RtuForecaster.Layout18Length + f.Layout19Length + RtuForecaster.Layout21Length + RtuForecaster.Layout22Length;
        Assert.AreEqual(1, bytes[flag]);
        Assert.AreEqual(1, bytes[flag + 1], "the held jumps' limit, layout 23's second flag");
        foreach (int at in new[] { flag, flag + 1 })
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[at] = 2;
            Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(damaged))));
        }
    }

    public TestContext TestContext { get; set; } = null!;

    // Recurring deviations (RunningNormalizer.WidensForRecurringDeviations; the state features' statistics since format 14).

    private static (double Mean, double Scale) Sparse(RunningNormalizer n, double p, int rows, int seed)
    {
        var rng = new Random(seed);
        for (int t = 0; t < rows; t++) n.Update(0, rng.NextDouble() < p ? 1 : 0);
        return (n.Mean(0), n.Scale(0));
    }

    [TestMethod]
    public void ASparseFeatureIsScaledByItsValuesWhenTheBoundWidens()
    {
        foreach (double p in new[] { 0.03, 0.01, 0.003 })
        {
            var (fixedMean, fixedScale) = Sparse(new RunningNormalizer(1, 0, 5), p, 60_000, 1);
            var (mean, scale) = Sparse(new RunningNormalizer(1, 0, 5, widensForRecurringDeviations: true), p, 60_000, 1);
            double sd = Math.Sqrt(p * (1 - p));
            Assert.IsLessThan(0.25 * sd, fixedScale, $"the defect: the 4σ bound collapses on a value that comes on {p} of the rows");
            Assert.AreEqual(sd, scale, 0.25 * sd, $"p = {p}");
            // Statistics of about 10,000 rows (MaxWindow) hold 30 values of 1 at p = 0.003: the mean's own noise is ±20 %.
            Assert.AreEqual(p, mean, 0.4 * p, $"p = {p}");
            Assert.IsLessThan(0.5 * p, fixedMean);
        }
    }

    [TestMethod]
    public void GrossValuesMoveAWideningBoundLittle()
    {
        // A Gaussian feature, then one 1e30 or a run of six at row 5,000: the scale 1,000 rows later, against the clean run's.
        static RunningNormalizer Run(bool widens, int glitches, int rows = 6_000)
        {
            var n = new RunningNormalizer(1, 0, 5, widens);
            var rng = new Random(3);
            for (int t = 0; t < rows; t++) n.Update(0, t >= 5_000 && t < 5_000 + glitches ? 1e30 : Normal(rng));
            return n;
        }
        double clean = Run(true, 0).Scale(0);
        Assert.AreEqual(Run(false, 0).Scale(0), clean, "a Gaussian feature passes the 4σ bound too rarely to widen it");
        Assert.AreEqual(Run(false, 1).Scale(0), Run(true, 1).Scale(0), 1e-12, "one value: as the 4σ rule");
        Assert.AreEqual(clean, Run(true, 6).Scale(0), 0.05 * clean, "a run of six");
        Assert.AreEqual(clean, Run(false, 6).Scale(0), 0.05 * clean);
        // The run widened the bound by 1.25⁶ ≈ 3.8 (to about 15σ); it narrows by a quarter in about 1,150 rows.
        Assert.IsLessThan(13 * clean, Run(true, 6).Bound(0), "the bound 1,000 rows after a run of six");
        Assert.IsLessThan(5 * clean, Run(true, 6, 11_000).Bound(0), "6,000 rows after");
    }

    [TestMethod]
    public void AWideningNormalizerRoundTripsAndAFixedOneWritesTheBytesItAlwaysDid()
    {
        var widening = new RunningNormalizer(2, 50, 5, widensForRecurringDeviations: true);
        var fixedBound = new RunningNormalizer(2, 50, 5);
        var rng = new Random(4);
        for (int t = 0; t < 3_000; t++)
            foreach (var n in new[] { widening, fixedBound }) { n.Update(0, rng.NextDouble() < 0.01 ? 1 : 0); n.Update(1, Normal(rng)); }
        byte[] Bytes(RunningNormalizer n) { var ms = new MemoryStream(); using (var w = new BinaryWriter(ms)) n.Save(w); return ms.ToArray(); }
        Assert.AreEqual(16 + 2 * 24, Bytes(fixedBound).Length, "size, window, clip, then count, mean and variance per feature");
        Assert.AreEqual(fixedBound.HeaderLength + 2 * 24, Bytes(fixedBound).Length);
        Assert.AreEqual(widening.HeaderLength + 2 * 32, Bytes(widening).Length, "a marker first, and the bound per feature");
        var read = RunningNormalizer.Read(new BinaryReader(new MemoryStream(Bytes(widening))));
        Assert.IsTrue(read.WidensForRecurringDeviations);
        CollectionAssert.AreEqual(Bytes(widening), Bytes(read));
        Assert.IsFalse(RunningNormalizer.Read(new BinaryReader(new MemoryStream(Bytes(fixedBound)))).WidensForRecurringDeviations);
        // The two kinds do not load into each other, and a stored bound must be finite and ≥ 0.
        Assert.ThrowsExactly<InvalidDataException>(() => fixedBound.Load(new BinaryReader(new MemoryStream(Bytes(widening)))));
        Assert.ThrowsExactly<InvalidDataException>(() => widening.Load(new BinaryReader(new MemoryStream(Bytes(fixedBound)))));
        foreach (double bad in new[] { double.NaN, -1.0, double.PositiveInfinity })
        {
            var bytes = Bytes(widening);
            BitConverter.TryWriteBytes(bytes.AsSpan(widening.HeaderLength + 24, 8), bad);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => RunningNormalizer.Read(new BinaryReader(new MemoryStream(bytes))));
            StringAssert.Contains(e.Message, "bound");
        }
        var clone = widening.Clone();
        CollectionAssert.AreEqual(Bytes(widening), Bytes(clone));
    }

    [TestMethod]
    public void ARecurringSentinelFarOutNeverWidensTheBound()
    {
        // A review: a sentinel (1e30, or −9999 in values of 0–1) once in 200 rows took the bound after it, every pass
        // widening it by a quarter, and σ to 1.2·10¹⁷. Beyond TailReach bounds a deviation never widens it.
        foreach (double sentinel in new[] { 1e30, -9999.0 })
            foreach (int every in new[] { 100, 200, 1000 })
            {
                var widening = new RunningNormalizer(1, 0, 5, widensForRecurringDeviations: true);
                var fixedBound = new RunningNormalizer(1, 0, 5);
                var rng = new Random(5);
                for (int t = 0; t < 50_000; t++)
                {
                    double x = t % every == every - 1 ? sentinel : rng.NextDouble();
                    widening.Update(0, x); fixedBound.Update(0, x);
                }
                Assert.AreEqual(fixedBound.Scale(0), widening.Scale(0), 0.02 * fixedBound.Scale(0), $"{sentinel} every {every} rows");
                Assert.AreEqual(fixedBound.Mean(0), widening.Mean(0), 0.02, $"{sentinel} every {every} rows");
                Assert.IsLessThan(0.35, widening.Scale(0), "about the values' own 0.29");
            }
    }

    [TestMethod]
    public void AHeaderClaimingMoreFeaturesThanItsBytesIsRefusedBeforeAnythingIsAllocated()
    {
        foreach (bool widens in new[] { false, true })
        {
            var ms = new MemoryStream();
            using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                if (widens) w.Write(-1);
                w.Write(10_000_000); w.Write(0); w.Write(5.0);
                w.Write(1L); w.Write(0.0); w.Write(0.0);
            }
            ms.Position = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.ThrowsExactly<InvalidDataException>(() => RunningNormalizer.Read(new BinaryReader(ms)));
            Assert.IsLessThan(1L << 20, GC.GetAllocatedBytesForCurrentThread() - before, "no 240–320 MB for 10⁷ features");
            StringAssert.Contains(e.Message, "truncated");
        }
    }
}
