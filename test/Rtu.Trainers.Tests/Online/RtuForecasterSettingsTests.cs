using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The forecaster settings' second season and their versioned binary layout.</summary>
[TestClass]
public sealed class RtuForecasterSettingsTests
{
    [TestMethod]
    public void TheSecondSeasonIsTheRuleUnlessSet()
    {
        Assert.AreEqual(168, new RtuForecaster(new RtuForecasterSettings { SeasonLength = 24 }).Pool.SecondSeason);
        Assert.AreEqual(365, new RtuForecasterSettings { SeasonLength = 7 }.SecondSeason);
        Assert.AreEqual(0, new RtuForecasterSettings { SeasonLength = 12 }.SecondSeason);
        Assert.AreEqual(0, new RtuForecaster(new RtuForecasterSettings { SeasonLength = 24, SecondSeasonLength = 0 }).Pool.SecondSeason);
        Assert.AreEqual(120, new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, SecondSeasonLength = 120 }).Pool.SecondSeason);
        Assert.AreEqual(30, new RtuForecaster(new RtuForecasterSettings { SecondSeasonLength = 30 }).Pool.SecondSeason, "a long season without a short one");
    }

    [TestMethod]
    public void ASecondSeasonNotLongerThanTheSeasonIsRefused()
    {
        foreach (int bad in new[] { 12, 3, -2, 100_001 })
        {
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RtuForecasterSettings { SeasonLength = 12, SecondSeasonLength = bad }.Validate());
            Assert.AreEqual(nameof(RtuForecasterSettings.SecondSeasonLength), e.ParamName);
        }
    }

    [TestMethod]
    public void AHorizonBeyondTheForecastersLimitIsRefusedBeforeAnythingIsAllocated()
    {
        // The learner alone takes up to 10,000 heads; a forecaster's state grows as H², so it stops at MaxHorizon.
        new RtuForecasterSettings { Learner = new RtuLearnerSettings { Horizon = RtuForecasterSettings.MaxHorizon } }.Validate();
        foreach (int bad in new[] { RtuForecasterSettings.MaxHorizon + 1, 4_000, 10_000 })
        {
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RtuForecaster(new RtuForecasterSettings { Learner = new RtuLearnerSettings { Horizon = bad } }));
            Assert.AreEqual("Learner.Horizon", e.ParamName);
            StringAssert.Contains(e.Message, $"[1, {RtuForecasterSettings.MaxHorizon}]");
        }
    }

    [TestMethod]
    public void TheSecondSeasonIsSavedAndTheForecasterContinuesBitForBit()
    {
        foreach (int? second in new int?[] { null, 0, 60 })
        {
            var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, SecondSeasonLength = second, Learner = new RtuLearnerSettings { Horizon = 2 } });
            var a = new float[2]; var b = new float[2];
            for (int t = 0; t < 150; t++) f.Observe(Series(t), default, true, a, default);
            var copy = f.Clone();
            Assert.AreEqual(second, copy.Settings.SecondSeasonLength);
            Assert.AreEqual(f.Pool.SecondSeason, copy.Pool.SecondSeason);
            for (int t = 150; t < 200; t++)
            {
                f.Observe(Series(t), default, true, a, default);
                copy.Observe(Series(t), default, true, b, default);
                CollectionAssert.AreEqual(a, b, $"second season {second}, t={t}");
            }
        }
    }

    [TestMethod]
    public void SettingsOfTheLayoutBeforeTheSecondSeasonLoadWithTheRule()
    {
        // Layout 1 had no version marker (it began with the learner's architecture) and no second season: the current
        // bytes without the leading marker, the second season and what follows it (the seasonal-ratio flag, the step
        // schedule). They read as null (the rule), which is what such files were built with, and a constant step.
        var settings = new RtuForecasterSettings { SeasonLength = 24, Lags = 3 };
        var bytes = Layout16(settings);
        Assert.AreEqual(-1, BitConverter.ToInt32(bytes, bytes.Length - AfterSecondSeason), "null is stored as −1");
        var old = bytes[4..^AfterSecondSeason];
        using var r = new BinaryReader(new MemoryStream(old));
        var read = RtuForecasterSettings.Read(r);
        Assert.AreEqual(old.Length, r.BaseStream.Position, "the whole layout is read");
        Assert.AreEqual(settings with { EarlyStepFactor = 1 }, read);
        Assert.AreEqual(168, read.SecondSeason);

        // A newer layout is refused by name, not misread.
        var newer = (byte[])bytes.Clone();
        BitConverter.GetBytes(-(RtuForecasterSettings.LayoutVersion + 1)).CopyTo(newer, 0);   // one layout past this library's
        var e = Assert.ThrowsExactly<InvalidDataException>(() => RtuForecasterSettings.Read(new BinaryReader(new MemoryStream(newer))));
        StringAssert.Contains(e.Message, "newer");
        // A stored second season that the settings refuse is invalid data.
        var bad = (byte[])bytes.Clone();
        BitConverter.GetBytes(24).CopyTo(bad, bad.Length - AfterSecondSeason);
        Assert.ThrowsExactly<InvalidDataException>(() => RtuForecasterSettings.Read(new BinaryReader(new MemoryStream(bad))));
    }

    [TestMethod]
    public void SettingsOfTheLayoutBeforeTheSeasonalRatioMemberLoadWithoutIt()
    {
        // Layout 2 (marker −2) ended with the second season: the current bytes with that marker and without the flag
        // and the step schedule after it. They load with the default, the member off, as their pool was written.
        var settings = new RtuForecasterSettings { SeasonLength = 12, SecondSeasonLength = 60 };
        var bytes = Layout16(settings);
        var old = bytes[..^(AfterSecondSeason - 4)];
        BitConverter.GetBytes(-2).CopyTo(old, 0);
        using var r = new BinaryReader(new MemoryStream(old));
        var read = RtuForecasterSettings.Read(r);
        Assert.AreEqual(old.Length, r.BaseStream.Position, "the whole layout is read");
        Assert.AreEqual(settings with { EarlyStepFactor = 1 }, read);
        Assert.IsFalse(read.SeasonalRatioMember);
    }

    [TestMethod]
    public void SettingsOfTheLayoutBeforeTheStepScheduleLoadWithTheConstantStepTheyLearnedWith()
    {
        // Layout 3 (marker −3) ended with the seasonal-ratio flag: the current bytes with that marker and without the
        // schedule (a double and an int). A model of that layout learned at α throughout, and goes on doing so.
        var settings = new RtuForecasterSettings { SeasonLength = 12, SeasonalRatioMember = true, EarlyStepFactor = 5, EarlyStepUpdates = 7 };
        var bytes = Layout16(settings);
        Assert.AreEqual(7, BitConverter.ToInt32(bytes, bytes.Length - 4));
        Assert.AreEqual(5.0, BitConverter.ToDouble(bytes, bytes.Length - 12));
        Assert.AreEqual(settings, RtuForecasterSettings.Read(new BinaryReader(new MemoryStream(bytes))), "layout 16 reads");
        Assert.AreEqual(settings, RtuForecasterSettings.Read(new BinaryReader(new MemoryStream(Bytes(settings)))), "layout 19 reads");
        var old = bytes[..^12];
        BitConverter.GetBytes(-3).CopyTo(old, 0);
        using var r = new BinaryReader(new MemoryStream(old));
        var read = RtuForecasterSettings.Read(r);
        Assert.AreEqual(old.Length, r.BaseStream.Position, "the whole layout is read");
        Assert.AreEqual(settings with { EarlyStepFactor = 1, EarlyStepUpdates = new RtuForecasterSettings().EarlyStepUpdates }, read);

        var f = new RtuForecaster(read with { Learner = new RtuLearnerSettings { Horizon = 2 } });
        var a = new float[2];
        for (int t = 0; t < 50; t++)
        {
            f.Observe(Series(t), default, true, a, default);
            Assert.AreEqual(f.Settings.Learner.Td.LearningRate, f.Learner.LearningRate, $"t={t}");
        }
    }

    [TestMethod]
    public void AValueRangeIsWrittenAtTheEndAndOlderLayoutsWithOrWithoutOneStillRead()
    {
        var plain = new RtuForecasterSettings { SeasonLength = 12 };
        var bytes = Bytes(plain);
        Assert.AreEqual(-RtuForecasterSettings.LayoutVersion, BitConverter.ToInt32(bytes, 0), "layouts 18 on: the range always, ±∞ without one");
        Assert.AreEqual(double.NegativeInfinity, BitConverter.ToDouble(bytes, bytes.Length - 16));
        Assert.AreEqual(double.PositiveInfinity, BitConverter.ToDouble(bytes, bytes.Length - 8));
        Assert.AreEqual(plain, RtuForecasterSettings.Read(new BinaryReader(new MemoryStream(bytes))));
        Assert.AreEqual(plain, RtuForecasterSettings.Read(new BinaryReader(new MemoryStream(Layout16(plain)))), "layout 16: no range");
        foreach (var ranged in new[] { plain with { MaximumValue = 100 }, plain with { MinimumValue = 1, MaximumValue = 5 }, plain with { MinimumValue = -3 } })
        {
            var b = Bytes(ranged);
            Assert.AreEqual(-RtuForecasterSettings.LayoutVersion, BitConverter.ToInt32(b, 0));
            Assert.AreEqual(bytes.Length, b.Length, "the same length");
            using var r = new BinaryReader(new MemoryStream(b));
            Assert.AreEqual(ranged, RtuForecasterSettings.Read(r));
            Assert.AreEqual(b.Length, r.BaseStream.Position);
            var asLayout17 = (byte[])b.Clone();   // layout 17 wrote the range in the same place, only where there was one
            BitConverter.GetBytes(-17).CopyTo(asLayout17, 0);
            Assert.AreEqual(ranged, RtuForecasterSettings.Read(new BinaryReader(new MemoryStream(asLayout17))), "layout 17 reads");
        }
        // A stored range that is no range is invalid data.
        var bad = Bytes(plain with { MinimumValue = 1, MaximumValue = 5 });
        BitConverter.GetBytes(7.0).CopyTo(bad, bad.Length - 16);
        Assert.ThrowsExactly<InvalidDataException>(() => RtuForecasterSettings.Read(new BinaryReader(new MemoryStream(bad))));

        // The forecaster clips its forecasts and bounds to it; the values are taken as they come.
        var f = new RtuForecaster(plain with { MaximumValue = 55, Learner = new RtuLearnerSettings { Horizon = 2 } });
        var a = new float[2]; var lower = new float[2]; var upper = new float[2];
        int atTop = 0;
        for (int t = 0; t < 200; t++)
        {
            f.Observe(Series(t) + (t > 150 ? 5 : 0), default, true, a, default);   // 43–57, then 48–62: values above 55 taken
            f.WriteInterval(1, lower, upper);
            foreach (float v in a.Concat(lower).Concat(upper)) Assert.IsFalse(v > 55, $"t={t}: {v}");
            if (t > 150 && a[0] == 55) atTop++;
        }
        Assert.IsGreaterThan(0, atTop, "the values pass the range: forecasts sit at its top");

        // Each bound rounded inward to a float (0.1 as a float is above 0.1), and one beyond the float range refused.
        Span<float> values = [0.2f, -0.2f, 0.05f];
        (plain with { MinimumValue = -0.1, MaximumValue = 0.1 }).ClipToRange(values);
        Assert.IsTrue(values[0] <= 0.1 && values[1] >= -0.1 && values[2] == 0.05f, string.Join(", ", values.ToArray()));
        Assert.AreEqual(nameof(RtuForecasterSettings.MaximumValue),
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => (plain with { MaximumValue = 1e39 }).Validate()).ParamName);
    }

    [TestMethod]
    public void TheStepStartsLargerAndDecaysToTheLearnersStep()
    {
        var settings = new RtuForecasterSettings();
        double alpha = settings.Learner.Td.LearningRate, k = settings.EarlyStepFactor, tau = settings.EarlyStepUpdates;
        Assert.AreEqual(alpha * k, settings.LearningRateAt(0), 1e-15);
        Assert.AreEqual(alpha * k / 2, settings.LearningRateAt(3 * (long)tau), 1e-15, "1/√(1 + n/τ)");
        for (long n = 1; n < 2000; n++) Assert.IsTrue(settings.LearningRateAt(n) <= settings.LearningRateAt(n - 1), $"n={n}");
        Assert.AreEqual(alpha, settings.LearningRateAt((long)Math.Ceiling(tau * (k * k - 1))), 1e-15, "α from τ(k² − 1) updates on");
        Assert.AreEqual(alpha, settings.LearningRateAt(long.MaxValue));
        Assert.AreEqual(alpha, (settings with { EarlyStepFactor = 1 }).LearningRateAt(0), "factor 1: no schedule");

        // The forecaster steps with it: the rate of the last update is the schedule's at that update's index.
        var f = new RtuForecaster(settings with { SeasonLength = 12 });
        for (int t = 0; t < 400; t++)
        {
            f.Observe(Series(t), default, true, default, default);
            if (f.Learner.Updates > 0) Assert.AreEqual(settings.LearningRateAt(f.Learner.Updates - 1), f.Learner.LearningRate, $"t={t}");
        }
        Assert.AreEqual(alpha, f.Learner.LearningRate, "back at α after 400 rows");
        foreach (double bad in new[] { 0.5, 0, double.NaN, 101 })
            Assert.AreEqual(nameof(RtuForecasterSettings.EarlyStepFactor),
                Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => (settings with { EarlyStepFactor = bad }).Validate()).ParamName);
        Assert.AreEqual(nameof(RtuForecasterSettings.EarlyStepUpdates),
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => (settings with { EarlyStepUpdates = 0 }).Validate()).ParamName);
    }

    [TestMethod]
    public void WithoutTheSeasonalRatioMemberThePoolHasNoneAndTheFlagIsSaved()
    {
        var settings = new RtuForecasterSettings { SeasonLength = 12, SeasonalRatioMember = false, Learner = new RtuLearnerSettings { Horizon = 2 } };
        Assert.AreEqual(settings, RtuForecasterSettings.Read(new BinaryReader(new MemoryStream(Bytes(settings)))));
        int ratio = ForecastPool.MemberNames.ToList().IndexOf("seasonal-ratio RTU");
        foreach (bool on in new[] { true, false })
        {
            var f = new RtuForecaster(settings with { SeasonalRatioMember = on });
            var a = new float[2]; var b = new float[2];
            for (int t = 0; t < 150; t++) f.Observe(Series(t), default, true, a, default);
            Assert.AreEqual(on, f.Pool.RecentSquaredError(1, ratio) > 0, $"member {(on ? "on: scored" : "off: never scored")}");
            var copy = f.Clone();
            Assert.AreEqual(on, copy.Settings.SeasonalRatioMember);
            for (int t = 150; t < 200; t++)
            {
                f.Observe(Series(t), default, true, a, default);
                copy.Observe(Series(t), default, true, b, default);
                CollectionAssert.AreEqual(a, b, $"member {on}, t={t}");
            }
        }
    }

    // Bytes from the second season to the end: the season (4), the seasonal-ratio flag (1), the step schedule (8 + 4).
    private const int AfterSecondSeason = 17;

    // Settings without a range as layout 16 wrote them: without the range layout 18 ends them with, marker −16.
    private static byte[] Layout16(RtuForecasterSettings settings)
    {
        var bytes = Bytes(settings)[..^16];
        BitConverter.GetBytes(-16).CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Bytes(RtuForecasterSettings settings)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) settings.Write(w);
        return ms.ToArray();
    }

    private static double Series(int t) => 50 + 5 * Math.Sin(2 * Math.PI * t / 12) + 2 * Math.Sin(2 * Math.PI * t / 60) + 0.3 * Math.Sin(1.7 * t);
}
