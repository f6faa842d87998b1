using Rtu.Trainers.Learning.Normalization;
using Rtu.Trainers.Learning.Ppo;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Ppo;

[TestClass]
public sealed class GaeAndNormalizerTests
{
    [TestMethod]
    public void GaeMatchesAHandWorkedExample()
    {
        // Two streams, three steps, γ = λ = 0.5, time-major [t·2 + e].
        // Stream 0: r = 1, 2, 3; V = 0.5, 1, 1.5; o_2 starts a new episode; V(o_3) = 2, not done.
        //   t=2: δ = 3 + 0.5·2 − 1.5 = 2.5,            A = 2.5
        //   t=1: δ = 2 + 0 − 1 = 1 (o_2 is a reset),    A = 1
        //   t=0: δ = 1 + 0.5·1 − 0.5 = 1,              A = 1 + 0.25·1 = 1.25
        // Stream 1: r = 0, 0, 1; V = 0; o_3 is done (V(o_3) = 4 is ignored).
        //   A = 1, 0.25, 0.0625
        double[] rewards = [1, 0, 2, 0, 3, 1];
        double[] values = [0.5, 0, 1, 0, 1.5, 0];
        bool[] dones = [false, false, false, false, true, false];
        double[] adv = new double[6], ret = new double[6];
        Gae.Compute(2, 0.5, 0.5, rewards, values, dones, [2.0, 4.0], [false, true], adv, ret);
        double[] expected = [1.25, 0.0625, 1.0, 0.25, 2.5, 1.0];
        for (int i = 0; i < 6; i++)
        {
            Assert.AreEqual(expected[i], adv[i], 1e-12, $"advantage {i}");
            Assert.AreEqual(expected[i] + values[i], ret[i], 1e-12, $"return {i}");
        }
    }

    [TestMethod]
    public void GaeRejectsMismatchedLengths()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Gae.Compute(2, 0.9, 0.9, new double[5], new double[5], new bool[5], new double[2], new bool[2], new double[5], new double[5]));
        Assert.ThrowsExactly<ArgumentException>(() => Gae.Compute(2, 0.9, 0.9, new double[4], new double[4], new bool[4], new double[1], new bool[2], new double[4], new double[4]));
    }

    [TestMethod]
    public void RunningMeanStdMergesBatchesLikeOneBatch()
    {
        var rng = new Rng(2);
        var data = Enumerable.Range(0, 3 * 200).Select(i => 3.0 + (i % 3) + 2.0 * rng.NextGaussian()).ToArray();
        var whole = new RunningMeanStd(3);
        whole.Update(data);
        var chunked = new RunningMeanStd(3);
        for (int start = 0; start < data.Length; start += 3 * 7) chunked.Update(data.AsSpan(start, Math.Min(3 * 7, data.Length - start)));
        for (int j = 0; j < 3; j++)
        {
            Assert.AreEqual(whole.Mean[j], chunked.Mean[j], 1e-10);
            Assert.AreEqual(whole.Variance[j], chunked.Variance[j], 1e-10);
            var column = Enumerable.Range(0, 200).Select(r => data[r * 3 + j]).ToArray();
            double mean = column.Average(), var = column.Select(x => (x - mean) * (x - mean)).Average();
            Assert.AreEqual(mean, whole.Mean[j], 1e-5 * Math.Abs(mean) + 1e-5);  // the 1e-4 prior count barely matters
            Assert.AreEqual(var, whole.Variance[j], 1e-4 * var);
        }
    }

    [TestMethod]
    public void ObservationNormalizerModes()
    {
        float[] raw = [1, 100, 3, 300, 5, 500];
        var perFeature = new ObservationNormalizer(2, ObservationNormalization.PerFeature);
        var normalized = new double[6];
        perFeature.Normalize<double>(raw, normalized);
        // Each column becomes (x − mean) / std: −1.22, 0, 1.22.
        Assert.AreEqual(normalized[0], normalized[1], 1e-4);
        Assert.AreEqual(0.0, normalized[2], 1e-3);
        Assert.AreEqual(Math.Sqrt(1.5), normalized[4], 1e-3);

        var shared = new ObservationNormalizer(2, ObservationNormalization.SharedScalar);
        shared.Normalize<double>(raw, normalized);
        Assert.AreEqual(1, shared.Statistics!.Size);
        Assert.IsLessThan(normalized[1], normalized[0]); // one scale for both features: the second stays larger
        var none = new ObservationNormalizer(2, ObservationNormalization.None);
        none.Normalize<double>(raw, normalized);
        Assert.AreEqual(300.0, normalized[3]);
    }

    [TestMethod]
    public void RewardNormalizerTracksTheDiscountedReturnAndResetsItAtEpisodeEnds()
    {
        var norm = new RewardNormalizer(1, gamma: 0.5);
        double[] r = [1.0];
        norm.Normalize(r, [true]);   // G = 1, then the episode ends: G ← 0
        r[0] = 1.0;
        norm.Normalize(r, [false]);  // G = 1 again (not 1.5)
        Assert.AreEqual(1.0, norm.Statistics.Mean[0], 1e-3);
        Assert.AreEqual(0.0, norm.Statistics.Variance[0], 1e-3);
        Assert.AreEqual(1.0 / norm.Scale, r[0], 1e-12);

        var scaled = new RewardNormalizer(2, gamma: 0.99);
        var rng = new Rng(1);
        for (int t = 0; t < 2000; t++)
        {
            double[] rewards = [10 * rng.NextGaussian(), 10 * rng.NextGaussian()];
            scaled.Normalize(rewards, [t % 100 == 99, false]);
        }
        Assert.IsGreaterThan(10.0, scaled.Scale); // the return's std is well above the reward's
        Assert.ThrowsExactly<ArgumentException>(() => scaled.Normalize(new double[3], new bool[3]));
    }
}
