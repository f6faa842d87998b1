using Rtu.Trainers.Environments.Conditioning;

namespace Rtu.Trainers.Tests.Environments;

[TestClass]
public sealed class ConditioningTests
{
    /// <summary>Runs <paramref name="steps"/> steps and returns the observations (row per step) and cumulants.</summary>
    private static (float[][] Obs, double[] Cumulants) Record(IPredictionStream s, int steps)
    {
        var obs = new float[steps][];
        var c = new double[steps];
        for (int t = 0; t < steps; t++)
        {
            obs[t] = new float[s.ObservationSize];
            s.Next(obs[t], out c[t]);
            Assert.AreEqual(t, s.TimeStep);
        }
        return (obs, c);
    }

    private static List<int> Onsets(float[][] obs, int column)
    {
        var onsets = new List<int>();
        for (int t = 0; t < obs.Length; t++)
            if (obs[t][column] == 1f && (t == 0 || obs[t - 1][column] == 0f)) onsets.Add(t);
        return onsets;
    }

    private static void AssertDurations(float[][] obs, int column, int length)
    {
        foreach (int s in Onsets(obs, column))
        {
            if (s + length >= obs.Length) continue;
            for (int k = 0; k < length; k++) Assert.AreEqual(1f, obs[s + k][column], $"column {column} onset {s}");
            Assert.AreEqual(0f, obs[s + length][column], $"column {column} lasts exactly {length}");
        }
    }

    [TestMethod]
    public void Defaults_AndGammaHelper()
    {
        var o = new TraceConditioningOptions();
        Assert.AreEqual((7, 13, 80, 120, 0.9), (o.IsiMin, o.IsiMax, o.ItiMin, o.ItiMax, o.Gamma));
        Assert.AreEqual((4, 2, 4), (o.CsLength, o.UsLength, o.DistractorLength));
        Assert.AreEqual(0.9, ConditioningDefaults.GammaForIsi(10));
        Assert.AreEqual(0.95, ConditioningDefaults.GammaForIsi(20));
        Assert.AreEqual(1 - 1.0 / 7, ConditioningDefaults.GammaForIsi(7), 1e-15);
        Assert.AreEqual((7, 13), ConditioningDefaults.IsiRange(10));
        Assert.AreEqual((14, 26), ConditioningDefaults.IsiRange(20));
        var o20 = TraceConditioningOptions.ForIsi(20);
        Assert.AreEqual((14, 26, 0.95), (o20.IsiMin, o20.IsiMax, o20.Gamma));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TraceConditioning(o with { NumDistractors = 11 }, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TraceConditioning(o with { IsiMax = 5 }, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TracePatterning(new TracePatterningOptions { NumCs = 5 }, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TracePatterning(new TracePatterningOptions { NumActivationPatterns = 21 }, 1));
    }

    [TestMethod]
    public void TraceConditioning_TimingStatistics()
    {
        var s = new TraceConditioning(null, 7);
        Assert.AreEqual(12, s.ObservationSize);
        Assert.AreEqual(-1, s.TimeStep);
        var (obs, c) = Record(s, 150_000);
        Assert.AreEqual(1f, obs[0][1], "the first CS starts at t = 0");
        for (int t = 0; t < obs.Length; t++) Assert.AreEqual(obs[t][0], c[t], "cumulant = US of the emitted observation");

        List<int> cs = Onsets(obs, 1), us = Onsets(obs, 0);
        Assert.AreEqual(0, cs[0]);
        Assert.IsTrue(cs.Count > 1200);
        var isi = new List<int>();
        var iti = new List<int>();
        for (int i = 0; i < cs.Count - 1; i++)
        {
            isi.Add(us[i] - cs[i]);
            iti.Add(cs[i + 1] - us[i]);
        }
        Assert.AreEqual(7, isi.Min()); Assert.AreEqual(13, isi.Max());
        Assert.AreEqual(80, iti.Min()); Assert.AreEqual(120, iti.Max());
        Assert.AreEqual(10, isi.Average(), 0.3);
        Assert.AreEqual(100, iti.Average(), 2);
        AssertDurations(obs, 1, 4);
        AssertDurations(obs, 0, 2);

        // Each inactive distractor j starts with probability 1/(10(j+1)) per step.
        for (int j = 0; j < 10; j++)
        {
            int col = 2 + j, eligible = 0, starts = 0;
            for (int t = 1; t < obs.Length; t++)
            {
                if (obs[t - 1][col] != 0f) continue;
                eligible++;
                if (obs[t][col] == 1f) starts++;
            }
            double rate = TraceConditioning.DistractorOnsetProbability(j);
            Assert.AreEqual(1.0 / (10 * (j + 1)), rate, 1e-15);
            Assert.AreEqual(rate, (double)starts / eligible, 0.12 * rate, $"distractor {j}");
            AssertDurations(obs, col, 4);
        }
    }

    [TestMethod]
    public void TraceConditioning_CustomTimingAndNoDistractors()
    {
        var s = new TraceConditioning(new TraceConditioningOptions { IsiMin = 20, IsiMax = 20, ItiMin = 5, ItiMax = 5, NumDistractors = 0, CsLength = 3 }, 1);
        Assert.AreEqual(2, s.ObservationSize);
        var (obs, _) = Record(s, 200);
        CollectionAssert.AreEqual(new[] { 0, 25, 50, 75, 100, 125, 150, 175 }, Onsets(obs, 1));
        CollectionAssert.AreEqual(new[] { 20, 45, 70, 95, 120, 145, 170, 195 }, Onsets(obs, 0));
        AssertDurations(obs, 1, 3);
    }

    [TestMethod]
    public void SameSeedSameStream()
    {
        var (a, _) = Record(new TraceConditioning(null, 3), 3000);
        var (b, _) = Record(new TraceConditioning(null, 3), 3000);
        var (c, _) = Record(new TraceConditioning(null, 4), 3000);
        for (int t = 0; t < a.Length; t++) CollectionAssert.AreEqual(a[t], b[t]);
        Assert.IsTrue(Enumerable.Range(0, a.Length).Any(t => !a[t].SequenceEqual(c[t])));
        var (p, _) = Record(new TracePatterning(null, 3), 3000);
        var (q, _) = Record(new TracePatterning(null, 3), 3000);
        for (int t = 0; t < p.Length; t++) CollectionAssert.AreEqual(p[t], q[t]);
    }

    [TestMethod]
    public void TracePatterning_PatternRulesAndActivationRate()
    {
        var s = new TracePatterning(new TracePatterningOptions { NumCs = 6, NumActivationPatterns = 10, NumDistractors = 4 }, 5);
        Assert.AreEqual(11, s.ObservationSize);
        Assert.AreEqual((64 * 0.5 - 10) / (64 - 10), s.PatternProbability, 1e-15);
        var distinct = new HashSet<string>();
        foreach (var p in s.ActivationPatterns)
        {
            Assert.AreEqual(3, p.Count(x => x));
            distinct.Add(string.Concat(p.Select(x => x ? '1' : '0')));
        }
        Assert.AreEqual(10, distinct.Count);

        var obs = new float[11];
        long trials = 0, matches = 0, distractorsOn = 0;
        var pendingUs = new Dictionary<long, bool>(); // trial start → expects US
        var usOnsets = new HashSet<long>();
        float prevUs = 0;
        for (int t = 0; t < 200_000; t++)
        {
            long before = s.TrialCount;
            s.Next(obs, out double c);
            Assert.AreEqual(obs[0], c);
            if (obs[0] == 1f && prevUs == 0f) usOnsets.Add(t);
            prevUs = obs[0];
            if (s.TrialCount == before) continue;
            trials++;
            Assert.AreEqual(t, s.CurrentTrialStart);
            for (int i = 0; i < 6; i++) Assert.AreEqual(s.CurrentPattern[i] ? 1f : 0f, obs[1 + i], "the CSs that are on start at the trial");
            bool m = s.Matches(s.CurrentPattern.ToArray());
            Assert.AreEqual(m, s.CurrentTrialMatches);
            Assert.AreEqual(m, s.CurrentTrialHasUs, "noise 0: US iff the vector is a stored pattern");
            if (m) matches++;
            pendingUs[t] = m;
            for (int j = 0; j < 4; j++) distractorsOn += (long)obs[7 + j];
        }
        // The US follows the trial start after an ISI in [7, 13] exactly when the trial matched.
        foreach (var (start, expects) in pendingUs)
        {
            if (start + 13 >= 200_000) continue;
            bool has = Enumerable.Range(7, 7).Any(isi => usOnsets.Contains(start + isi));
            Assert.AreEqual(expects, has, $"trial at {start}");
        }
        Assert.IsTrue(trials > 1500);
        Assert.AreEqual(0.5, (double)matches / trials, 0.05, "about half of the trials activate");
        Assert.AreEqual(0.5, (double)distractorsOn / (4 * trials), 0.03, "each distractor is on at a trial start with probability 0.5");
    }

    [TestMethod]
    public void NoisyPatterning_FixedIsiAndNoiseFlipsDecisions()
    {
        var s = new TracePatterning(new TracePatterningOptions { NoisyPatterning = true, Noise = 0.2, NumDistractors = 0 }, 9);
        var obs = new float[s.ObservationSize];
        long trials = 0, flipped = 0;
        long lastStart = -1;
        for (int t = 0; t < 150_000; t++)
        {
            long before = s.TrialCount;
            s.Next(obs, out _);
            if (s.TrialCount != before)
            {
                trials++;
                if (s.CurrentTrialHasUs != s.CurrentTrialMatches) flipped++;
                lastStart = s.CurrentTrialHasUs ? t : -1;
            }
            if (lastStart >= 0 && t == lastStart + 4) Assert.AreEqual(1f, obs[0], "ISI = CS length = 4");
            if (lastStart >= 0 && t == lastStart + 3) Assert.AreEqual(0f, obs[0]);
        }
        Assert.AreEqual(0.2, (double)flipped / trials, 0.04);
    }
}
