using Rtu.Trainers.Cells;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The learner settings' gated-RTU options: the open-unit share and the a₀ range reach the gated cell, are stored in the
/// oldest layout that holds them (1: neither, 2: the share, 3: both), and files of every layout load as written.
/// </summary>
[TestClass]
public sealed class RtuLearnerSettingsTests
{
    // Layout 1: five int32 (architecture, rule, units, activation, truncation), RMax, RMin, the skip flag, seven TD doubles, horizon, seed.
    private const int Layout1Bytes = 5 * 4 + 2 * 8 + 1 + 7 * 8 + 4 + 8;

    // The a₀ range of files that stored none (the default before the share-0.5 default).
    private static readonly (double Min, double Max) OldRange = (RecurrentLayerOptions.UnstoredDecayGateInitMin, RecurrentLayerOptions.UnstoredDecayGateInitMax);

    private static RtuLearnerSettings Gated(double share, (double Min, double Max)? range = null) => new()
    {
        Layer = RtuLearnerSettings.DefaultLayer with
        {
            Architecture = RecurrentArchitecture.GatedRtu, Units = 4, OpenUnitShare = share,
            DecayGateInitMin = (range ?? OldRange).Min, DecayGateInitMax = (range ?? OldRange).Max,
        },
        Horizon = 2,
    };

    private static RtuLearnerSettings GatedByDefault => new()
    {
        Layer = RtuLearnerSettings.DefaultLayer with { Architecture = RecurrentArchitecture.GatedRtu, Units = 4 }, Horizon = 2,
    };

    [TestMethod]
    public void TheGatedOptionsAreStoredOnlyWhenAnOlderLayoutCannotHoldThem()
    {
        Assert.AreEqual(0.25, RtuLearnerSettings.UnstoredOpenUnitShare);
        Assert.AreEqual((0.02, 0.5), OldRange);
        // Layout 1: the linear default and the gated cell of the old defaults (share 0.25, a₀ in [0.02, 0.5]), byte for byte what they were.
        foreach (var s in new[] { new RtuLearnerSettings(), Gated(0.25) })
        {
            var bytes = Bytes(s);
            Assert.AreEqual(Layout1Bytes, bytes.Length, "layout 1, byte for byte what it was");
            Assert.AreEqual((int)s.Layer.Architecture, BitConverter.ToInt32(bytes, 0));
            Assert.IsFalse(s.StoresOpenUnitShare);
            Assert.AreEqual(s, Read(bytes));
        }
        // Layout 2: another share with the old a₀ range (what the library wrote before layout 3); for another architecture too,
        // which ignores the share but keeps what was set.
        var linearHalf = new RtuLearnerSettings { Layer = RtuLearnerSettings.DefaultLayer with { OpenUnitShare = 0.3 } };
        foreach (var s in new[] { Gated(0), Gated(0.5), Gated(0.9), linearHalf })
        {
            var bytes = Bytes(s);
            Assert.AreEqual(4 + Layout1Bytes + 8, bytes.Length);
            Assert.AreEqual(-2, BitConverter.ToInt32(bytes, 0));
            Assert.IsTrue(s.StoresOpenUnitShare);
            Assert.IsFalse(s.StoresDecayGateInit);
            Assert.AreEqual(s, Read(bytes));
        }
        // Layout 3: another a₀ range, the default gated cell's among them (share 0.5, a₀ in [0.002, 0.1]).
        foreach (var s in new[] { GatedByDefault, Gated(0.25, (0.002, 0.1)), Gated(0.5, (0.3, 0.3)) })
        {
            var bytes = Bytes(s);
            Assert.AreEqual(4 + Layout1Bytes + 3 * 8, bytes.Length);
            Assert.AreEqual(-3, BitConverter.ToInt32(bytes, 0));
            Assert.IsTrue(s.StoresDecayGateInit);
            Assert.AreEqual(s, Read(bytes));
        }
        Assert.AreEqual(0.5, Read(Bytes(GatedByDefault)).Layer.OpenUnitShare, "the default gated cell round-trips at share 0.5");
        Assert.AreEqual(0.002, Read(Bytes(GatedByDefault)).Layer.DecayGateInitMin);
    }

    [TestMethod]
    public void GatedSettingsOfOlderLayoutsLoadWithTheOldDefaults()
    {
        // Layout 1 with a gated architecture: written before the share was stored, when the default was share 0.25 and a₀ in
        // [0.02, 0.5]; layout 2: the stored share, the old range. Not today's defaults (0.5, [0.002, 0.1]).
        var layout1 = Read(Bytes(Gated(0.25)));
        Assert.AreEqual(0.25, layout1.Layer.OpenUnitShare);
        Assert.AreEqual(OldRange, (layout1.Layer.DecayGateInitMin, layout1.Layer.DecayGateInitMax));
        var layout2 = Read(Bytes(Gated(0.5)));
        Assert.AreEqual(OldRange, (layout2.Layer.DecayGateInitMin, layout2.Layer.DecayGateInitMax));
        // Another architecture's layout-1 file loads with today's defaults, which it ignores.
        var linear = Read(Bytes(new RtuLearnerSettings()));
        Assert.AreEqual(new RecurrentLayerOptions().OpenUnitShare, linear.Layer.OpenUnitShare);
        Assert.AreEqual(new RecurrentLayerOptions().DecayGateInitMin, linear.Layer.DecayGateInitMin);
    }

    [TestMethod]
    public void TheShareAndRangeReachTheCellAndALoadedLearnerContinuesBitForBit()
    {
        var byDefault = Train(new OnlineRtuLearner(3, GatedByDefault), 40, out var defaultOut);
        Train(new OnlineRtuLearner(3, Gated(0.25)), 40, out var oldOut);
        Train(new OnlineRtuLearner(3, Gated(0.5)), 40, out var halfOldRangeOut);
        CollectionAssert.AreNotEqual(oldOut, defaultOut, "the share changes the predictions");
        CollectionAssert.AreNotEqual(halfOldRangeOut, defaultOut, "the a₀ range changes the predictions");
        var copy = byDefault.Clone();
        Assert.AreEqual(GatedByDefault.Layer, copy.Settings.Layer);
        AssertContinuesAlike(byDefault, copy);
        var loaded = OnlineRtuLearner.Load(new BinaryReader(new MemoryStream(LearnerBytes(byDefault))));
        Assert.AreEqual(GatedByDefault.Layer, loaded.Settings.Layer);
        AssertContinuesAlike(byDefault, loaded);
    }

    [TestMethod]
    public void AGatedLearnerOfLayoutOneWithoutOpenUnitsLoadsAndPredictsAsWritten()
    {
        // A gated learner written before layout 2 with a version-3 parameter set (no open units): emulated by a learner of
        // share 0 (the same parameter layout) whose settings are put back into layout 1 (no marker, no share). It loads
        // with the unstored share 0.25, yet its parameter set keeps every unit gated, so it predicts exactly as written.
        var allGated = Train(new OnlineRtuLearner(3, Gated(0)), 40, out _);
        var bytes = LearnerBytes(allGated);
        Assert.AreEqual(-2, BitConverter.ToInt32(bytes, 0));
        var old = bytes[4..(4 + Layout1Bytes)].Concat(bytes[(4 + Layout1Bytes + 8)..]).ToArray();
        var loaded = OnlineRtuLearner.Load(new BinaryReader(new MemoryStream(old)));
        Assert.AreEqual(RtuLearnerSettings.UnstoredOpenUnitShare, loaded.Settings.Layer.OpenUnitShare);
        AssertContinuesAlike(allGated, loaded);
    }

    [TestMethod]
    public void BadGatedOptionsAreNamedAndBadStoredOnesAreInvalidData()
    {
        foreach (double bad in new[] { -0.1, 1, double.NaN })
        {
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Gated(bad).Validate());
            Assert.AreEqual(nameof(RecurrentLayerOptions.OpenUnitShare), e.ParamName);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OnlineRtuLearner(3, Gated(bad)));
        }
        Assert.AreEqual(nameof(RecurrentLayerOptions.DecayGateInitMin),
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Gated(0.5, (0.2, 0.1)).Validate()).ParamName);
        var bytes = Bytes(Gated(0.5));
        BitConverter.GetBytes(1.0).CopyTo(bytes, bytes.Length - 8);
        Assert.ThrowsExactly<InvalidDataException>(() => Read(bytes), "a stored share of 1");
        var layout3 = Bytes(GatedByDefault);
        BitConverter.GetBytes(1.0).CopyTo(layout3, layout3.Length - 8);
        Assert.ThrowsExactly<InvalidDataException>(() => Read(layout3), "a stored a₀ bound of 1");
        BitConverter.GetBytes(-4).CopyTo(bytes, 0);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Read(bytes)).Message, "newer");
        BitConverter.GetBytes(-1).CopyTo(bytes, 0);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Read(bytes)).Message, "invalid layout marker");
    }

    private static OnlineRtuLearner Train(OnlineRtuLearner learner, int steps, out float[] last)
    {
        var rng = new Random(3);
        float[] x = new float[3];
        last = new float[2];
        for (int t = 0; t < steps; t++) { for (int i = 0; i < 3; i++) x[i] = (float)rng.NextDouble(); learner.Step(x, rng.NextDouble(), true, default, last); }
        return learner;
    }

    private static void AssertContinuesAlike(OnlineRtuLearner a, OnlineRtuLearner b)
    {
        var rng = new Random(4);
        float[] x = new float[3], oa = new float[2], ob = new float[2];
        for (int t = 0; t < 40; t++)
        {
            for (int i = 0; i < 3; i++) x[i] = (float)rng.NextDouble();
            double c = rng.NextDouble();
            a.Step(x, c, true, default, oa);
            b.Step(x, c, true, default, ob);
            CollectionAssert.AreEqual(oa, ob, $"t={t}");
        }
    }

    private static byte[] Bytes(RtuLearnerSettings settings)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) settings.Write(w);
        return ms.ToArray();
    }

    private static byte[] LearnerBytes(OnlineRtuLearner learner)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) learner.Save(w);
        return ms.ToArray();
    }

    private static RtuLearnerSettings Read(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        var s = RtuLearnerSettings.Read(r);
        Assert.AreEqual(bytes.Length, r.BaseStream.Position, "the whole layout is read");
        return s;
    }
}
