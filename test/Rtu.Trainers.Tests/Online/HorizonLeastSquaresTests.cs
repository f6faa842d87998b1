using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The h-step fits that share one covariance (<see cref="HorizonLeastSquares"/>): each horizon's weights are the fit a
/// separate recursive least squares of that horizon's targets gives, a target comes only from an origin held, and the
/// state saves, loads and refuses damage.
/// </summary>
[TestClass]
public sealed class HorizonLeastSquaresTests
{
    private const int Inputs = 4, Horizon = 5;

    // Origin s's inputs: one slowly moving input (as a temperature) and three noisy ones.
    private static double[][] Regressors(int n, int seed)
    {
        var rng = new Random(seed);
        double slow = 0;
        return Enumerable.Range(0, n).Select(_ =>
        {
            slow = 0.95 * slow + PromoData.Gaussian(rng);
            return new[] { slow, PromoData.Gaussian(rng), PromoData.Gaussian(rng), 1.0 };
        }).ToArray();
    }

    // The target of horizon h from origin s: a different linear function of x_s per horizon, plus noise.
    private static double Target(double[] x, int h, Random rng) => (h - 3.5) * x[0] + 0.5 * h * x[1] - x[2] + 0.1 * h + 0.3 * PromoData.Gaussian(rng);

    [TestMethod]
    public void EachHorizonIsTheFitASeparateLeastSquaresGives()
    {
        // Origin s begins at row s; the target of horizon h from it arrives at row s + h − 1 (as the exogenous effect feeds
        // them). The shared-P fit and H − 1 separate fits updated with the same (x_s, y) in the same order agree to round-off.
        var x = Regressors(400, seed: 1);
        var rng = new Random(2);
        var targets = x.Select(xs => Enumerable.Range(0, Horizon + 1).Select(h => Target(xs, h, rng)).ToArray()).ToArray();
        var shared = new HorizonLeastSquares(Inputs, Horizon, 0.99, 10);
        var separate = Enumerable.Range(2, Horizon - 1).Select(_ => new RecursiveLeastSquares(Inputs, 0.99, 10)).ToArray();
        int learned = 0;
        for (int t = 0; t < x.Length; t++)
        {
            shared.Begin(t, x[t]);
            for (int h = 2; h <= Horizon; h++)
            {
                int origin = t - h + 1;
                if (origin < 0) continue;
                double y = targets[origin][h];
                Assert.IsTrue(shared.Learn(h, origin, y, out double proposal), $"origin {origin}, h {h} is held");
                Assert.AreEqual(separate[h - 2].Predict(x[origin]), proposal, 1e-9, "the proposal is the weights' before the target");
                separate[h - 2].Update(x[origin], y);
                learned++;
            }
        }
        for (int h = 2; h <= Horizon; h++)
        {
            var a = shared.Weights(h);
            var b = separate[h - 2].Weights;
            for (int i = 0; i < Inputs; i++) Assert.AreEqual(b[i], a[i], 1e-9, $"h {h}, weight {i}");
        }
        Assert.AreEqual(-1.5, shared.Weights(2)[0], 0.1, "the fit finds horizon 2's coefficient");
        Assert.AreEqual(1.5, shared.Weights(5)[0], 0.1, "and horizon 5's, which differs");
        Assert.AreEqual(Enumerable.Range(2, Horizon - 1).Sum(h => x.Length - (h - 1)), learned, "every target learned");
    }

    [TestMethod]
    public void OnlyTheLastHOriginsCanBeLearned()
    {
        var x = Regressors(20, seed: 3);
        var fit = new HorizonLeastSquares(Inputs, Horizon, 0.99, 10);
        Assert.IsFalse(fit.Learn(2, 0, 1, out _), "an origin not begun");
        for (int t = 0; t < 12; t++) fit.Begin(t, x[t]);
        Assert.IsFalse(fit.Learn(2, 11 - Horizon, 1, out _), "H origins ago: its slot holds a newer one");
        Assert.IsFalse(fit.Learn(2, -1, 1, out _));
        Assert.IsTrue(fit.Learn(2, 11 - Horizon + 1, 1, out _));
        fit.Forget();
        Assert.IsFalse(fit.Learn(3, 11, 1, out _), "forgotten");
    }

    [TestMethod]
    public void SavedItContinuesBitForBitAndADamagedStateIsRefused()
    {
        var x = Regressors(120, seed: 4);
        var rng = new Random(5);
        var fit = new HorizonLeastSquares(Inputs, Horizon, 0.99, 10);
        void Feed(HorizonLeastSquares f, int from, int until, Random r)
        {
            for (int t = from; t < until; t++)
            {
                f.Begin(t, x[t]);
                for (int h = 2; h <= Horizon && t - h + 1 >= 0; h++) f.Learn(h, t - h + 1, Target(x[t - h + 1], h, r), out _);
            }
        }
        Feed(fit, 0, 60, rng);
        byte[] bytes = SavedBytes.Bytes(fit.Save);
        var copy = new HorizonLeastSquares(Inputs, Horizon, 0.99, 10);
        using (var r = new BinaryReader(new MemoryStream(bytes))) { copy.Load(r); Assert.AreEqual(bytes.Length, r.BaseStream.Position); }
        CollectionAssert.AreEqual(bytes, SavedBytes.Bytes(copy.Save));
        Feed(fit, 60, 120, new Random(6));
        Feed(copy, 60, 120, new Random(6));
        CollectionAssert.AreEqual(SavedBytes.Bytes(fit.Save), SavedBytes.Bytes(copy.Save), "the same state after 60 more origins");

        // P (n + n² doubles), the weights ((H − 1)·n), the inputs and gains (H·n each), the origins (H longs).
        int weights = 8 * (Inputs + Inputs * Inputs), inputs = weights + 8 * (Horizon - 1) * Inputs, gains = inputs + 8 * Horizon * Inputs, origins = gains + 8 * Horizon * Inputs;
        foreach (var (at, value, what) in new (int, double, string)[] { (weights, double.NaN, "weight"), (weights, 1e300, "weight"), (inputs, double.PositiveInfinity, "inputs"), (gains, double.NaN, "gains") })
        {
            var bad = (byte[])bytes.Clone();
            BitConverter.GetBytes(value).CopyTo(bad, at);
            Assert.ThrowsExactly<InvalidDataException>(() => new HorizonLeastSquares(Inputs, Horizon, 0.99, 10).Load(new BinaryReader(new MemoryStream(bad))), what);
        }
        var wrongSlot = (byte[])bytes.Clone();
        BitConverter.GetBytes(7L).CopyTo(wrongSlot, origins);   // slot 0 cannot hold origin 7
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new HorizonLeastSquares(Inputs, Horizon, 0.99, 10).Load(new BinaryReader(new MemoryStream(wrongSlot))));
        StringAssert.Contains(e.Message, "origin 7");
    }
}
