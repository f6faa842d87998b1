using Rtu.Trainers.Cells;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The learner settings' open-unit share: it reaches the gated cell, is stored in layout 2, and layout-1 files load as written.</summary>
[TestClass]
public sealed class RtuLearnerSettingsTests
{
    // Layout 1: five int32 (architecture, rule, units, activation, truncation), RMax, RMin, the skip flag, seven TD doubles, horizon, seed.
    private const int Layout1Bytes = 5 * 4 + 2 * 8 + 1 + 7 * 8 + 4 + 8;

    private static RtuLearnerSettings Gated(double share) => new()
    {
        Layer = RtuLearnerSettings.DefaultLayer with { Architecture = RecurrentArchitecture.GatedRtu, Units = 4, OpenUnitShare = share },
        Horizon = 2,
    };

    [TestMethod]
    public void TheShareIsStoredOnlyWhenLayoutOneCannotHoldIt()
    {
        foreach (var s in new[] { new RtuLearnerSettings(), Gated(0.25) })
        {
            var bytes = Bytes(s);
            Assert.AreEqual(Layout1Bytes, bytes.Length, "0.25 keeps layout 1, byte for byte what it was");
            Assert.AreEqual((int)s.Layer.Architecture, BitConverter.ToInt32(bytes, 0));
            Assert.AreEqual(s, Read(bytes));
        }
        foreach (double share in new[] { 0.0, 0.5, 0.9 })
        {
            var bytes = Bytes(Gated(share));
            Assert.AreEqual(4 + Layout1Bytes + 8, bytes.Length);
            Assert.AreEqual(-2, BitConverter.ToInt32(bytes, 0));
            Assert.AreEqual(Gated(share), Read(bytes));
        }
    }

    [TestMethod]
    public void TheShareReachesTheCellAndALoadedLearnerContinuesBitForBit()
    {
        var half = Train(new OnlineRtuLearner(3, Gated(0.5)), 40, out var halfOut);
        Train(new OnlineRtuLearner(3, Gated(0.25)), 40, out var quarterOut);
        CollectionAssert.AreNotEqual(quarterOut, halfOut, "the share changes the predictions");
        var copy = half.Clone();
        Assert.AreEqual(0.5, copy.Settings.Layer.OpenUnitShare);
        AssertContinuesAlike(half, copy);
    }

    [TestMethod]
    public void AGatedLearnerOfLayoutOneWithoutOpenUnitsLoadsAndPredictsAsWritten()
    {
        // A gated learner written before layout 2 with a version-3 parameter set (no open units): emulated by a learner of
        // share 0 (the same parameter layout) whose settings are put back into layout 1 (no marker, no share). It loads
        // with the unstored share 0.25, yet its parameter set keeps every unit gated, so it predicts exactly as written.
        var allGated = Train(new OnlineRtuLearner(3, Gated(0)), 40, out _);
        var bytes = LearnerBytes(allGated);
        var old = bytes[4..(4 + Layout1Bytes)].Concat(bytes[(4 + Layout1Bytes + 8)..]).ToArray();
        var loaded = OnlineRtuLearner.Load(new BinaryReader(new MemoryStream(old)));
        Assert.AreEqual(RtuLearnerSettings.UnstoredOpenUnitShare, loaded.Settings.Layer.OpenUnitShare);
        AssertContinuesAlike(allGated, loaded);
    }

    [TestMethod]
    public void ABadShareIsNamedAndABadStoredOneIsInvalidData()
    {
        foreach (double bad in new[] { -0.1, 1, double.NaN })
        {
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Gated(bad).Validate());
            Assert.AreEqual(nameof(RecurrentLayerOptions.OpenUnitShare), e.ParamName);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OnlineRtuLearner(3, Gated(bad)));
        }
        var bytes = Bytes(Gated(0.5));
        BitConverter.GetBytes(1.0).CopyTo(bytes, bytes.Length - 8);
        Assert.ThrowsExactly<InvalidDataException>(() => Read(bytes));
        BitConverter.GetBytes(-3).CopyTo(bytes, 0);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Read(bytes)).Message, "newer");
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
