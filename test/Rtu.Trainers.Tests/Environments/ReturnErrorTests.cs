using Rtu.Trainers.Environments.Conditioning;

namespace Rtu.Trainers.Tests.Environments;

[TestClass]
public sealed class ReturnErrorTests
{
    [TestMethod]
    public void Returns_HandWorked()
    {
        // C = [0, 1, 0, 1], γ = 0.5: G0 = 1 + 0 + 0.25, G1 = 0 + 0.5, G2 = 1.
        double[] g = ReturnError.Returns([0, 1, 0, 1], 0.5);
        CollectionAssert.AreEqual(new[] { 1.25, 0.5, 1.0 }, g);
        Assert.AreEqual((1.25 * 1.25 + 0.25 + 1) / 3, ReturnError.Msre([0, 0, 0, 0], [0, 1, 0, 1], 0.5), 1e-15);
        Assert.AreEqual(ReturnError.Msre([0, 0, 0, 0], [0, 1, 0, 1], 0.5), ReturnError.Msre([0, 0, 0], [0, 1, 0, 1], 0.5));
        Assert.AreEqual((1.25 * 1.25 + 0.25) / 2, ReturnError.Msre([0, 0, 0, 0], [0, 1, 0, 1], 0.5, dropTail: 1), 1e-15);
        Assert.AreEqual(0.25, ReturnError.MsreWindow([0, 0, 0, 0], [0, 1, 0, 1], 0.5, 1, 1), 1e-15);
        Assert.AreEqual(200, ReturnError.TailLength(0.95));
        Assert.ThrowsExactly<ArgumentException>(() => ReturnError.Msre([0, 0], [0, 1, 0, 1], 0.5));
    }

    [TestMethod]
    public void TrueReturnPredictor_HasZeroMsre()
    {
        var stream = new TraceConditioning(null, 11);
        const int T = 6000;
        var c = new double[T];
        var obs = new float[stream.ObservationSize];
        for (int t = 0; t < T; t++) stream.Next(obs, out c[t]);
        // Brute force G_t = Σ_k γ^k C_{t+1+k} (truncated at the end of the run).
        var v = new double[T];
        for (int t = 0; t < T; t++)
        {
            double g = 0, d = 1;
            for (int k = t + 1; k < T && d > 1e-30; k++) { g += d * c[k]; d *= stream.Gamma; }
            v[t] = g;
        }
        Assert.IsTrue(c.Sum() > 50);
        Assert.AreEqual(0, ReturnError.Msre(v, c, stream.Gamma), 1e-20);
        Assert.AreEqual(0, ReturnError.MsreLastFraction(v, c, stream.Gamma, 0.1, ReturnError.TailLength(stream.Gamma)), 1e-20);
        double[] bins = ReturnError.Binned(v, c, stream.Gamma, 500);
        Assert.AreEqual(11, bins.Length);
        Assert.IsTrue(bins.All(b => b < 1e-20));

        var zero = new double[T];
        double msre = ReturnError.Msre(zero, c, stream.Gamma);
        Assert.AreEqual(v.Take(T - 1).Average(x => x * x), msre, 1e-12);
        Assert.IsTrue(msre > 0);
    }
}
