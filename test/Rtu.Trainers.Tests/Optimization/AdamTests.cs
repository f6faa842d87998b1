using Rtu.Trainers.Optimization;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Tests.Optimization;

[TestClass]
public sealed class AdamTests
{
    // The scalar update Adam made before its vector lanes (issue 13's speed pass): the reference its bits must match.
    private static void ScalarStep(float[] p, float[] g, float[] m, float[] v, long steps, double lr, double beta1, double beta2, double eps)
    {
        double c1 = 1 - Math.Pow(beta1, steps), c2 = 1 - Math.Pow(beta2, steps);
        float b1 = (float)beta1, b2 = (float)beta2, ob1 = 1 - b1, ob2 = 1 - b2;
        float stepSize = (float)(lr / c1), sqrtC2 = (float)Math.Sqrt(c2), e = (float)eps;
        for (int i = 0; i < p.Length; i++)
        {
            float gi = g[i];
            m[i] = b1 * m[i] + ob1 * gi;
            v[i] = b2 * v[i] + ob2 * gi * gi;
            p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / sqrtC2 + e);
        }
    }

    [TestMethod]
    public void StepsMatchTheScalarUpdateBitForBit()
    {
        // 37 and 3 parameters: whole vectors and a scalar tail; 1,000 steps: past step 390, from which 1 − β₁ᵗ is taken as 1.
        foreach (var (beta1, beta2) in new[] { (0.9, 0.999), (0.0, 0.5), (0.5, 0.9) })
        {
            var set = new ParameterSet<float>("p", ("w", [37]), ("b", [3]));
            var adam = new Adam<float>([set], 3e-3, beta1, beta2, 1e-8);
            var p = new float[40]; var m = new float[40]; var v = new float[40];
            var rng = new Random(7);
            for (int i = 0; i < 40; i++) p[i] = set.Values[i] = (float)(rng.NextDouble() - 0.5);
            for (long t = 1; t <= 1000; t++)
            {
                for (int i = 0; i < 40; i++) set.Gradients[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 3)));
                Assert.IsTrue(t % 2 == 0 ? adam.TryStep() : StepTrue(adam));
                ScalarStep(p, set.Gradients, m, v, t, 3e-3, beta1, beta2, 1e-8);
                for (int i = 0; i < 40; i++)
                    Assert.AreEqual(BitConverter.SingleToInt32Bits(p[i]), BitConverter.SingleToInt32Bits(set.Values[i]), $"β = ({beta1}, {beta2}), step {t}, parameter {i}");
            }
        }

        static bool StepTrue(Adam<float> adam) { adam.Step(); return true; }
    }

    [TestMethod]
    public void ARefusedStepInAVectorLaneLeavesEveryParameterAsItWas()
    {
        var set = new ParameterSet<float>("p", ("w", [37]));
        var adam = new Adam<float>([set], 1e-3);
        for (int i = 0; i < 37; i++) { set.Values[i] = i; set.Gradients[i] = 1; }
        Assert.IsTrue(adam.TryStep());
        var before = (float[])set.Values.Clone();
        set.Gradients[5] = 3e37f;   // finite, but (1 − β₂)·g² overflows the second moment
        Assert.IsFalse(adam.TryStep());
        CollectionAssert.AreEqual(before, set.Values);
        Assert.AreEqual(1L, adam.StepCount);
    }
}
