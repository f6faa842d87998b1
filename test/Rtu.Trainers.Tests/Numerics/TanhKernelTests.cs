using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Numerics;

/// <summary>
/// The library's tanh (<see cref="TanhKernel"/>) is within a few ulp of <see cref="Math.Tanh"/> at every magnitude, keeps
/// the sign of tiny inputs (TensorPrimitives' gave −5.96e-8 for a float of 1e-9), gives the same values in place as into
/// another span at every length, and leaves TensorPrimitives' results at or beyond the cutoff as they were.
/// </summary>
[TestClass]
public sealed class TanhKernelTests
{
    // Magnitudes from 1e-40 to 20, both signs, and the cutoff's neighbours.
    private static double[] Inputs(int count, int seed)
    {
        var random = new Random(seed);
        var x = new double[count];
        for (int i = 0; i < count; i++)
        {
            double magnitude = Math.Pow(10, -40 + 41.3 * random.NextDouble());
            x[i] = (i % 2 == 0 ? 1 : -1) * magnitude;
        }
        x[0] = TanhKernel.SeriesCutoff; x[1] = Math.BitDecrement(TanhKernel.SeriesCutoff); x[2] = 0; x[3] = -0.0;
        return x;
    }

    private static double Ulps<T>(T value, double exact) where T : IFloatingPointIeee754<T>
    {
        T rounded = T.CreateTruncating(exact);
        if (rounded == T.Zero) return Math.Abs(double.CreateTruncating(value)) == 0 ? 0 : double.PositiveInfinity;
        double ulp = double.CreateTruncating(T.BitIncrement(T.Abs(rounded)) - T.Abs(rounded));
        return Math.Abs(double.CreateTruncating(value) - exact) / ulp;
    }

    private static void WithinUlps<T>(double limit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Inputs(20_000, 7).Select(T.CreateTruncating).ToArray();
        var y = new T[x.Length];
        TanhKernel.Apply<T>(x, y);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Tanh(double.CreateTruncating(x[i]));
            worst = Math.Max(worst, Ulps(y[i], exact));
            if (x[i] != T.Zero) Assert.AreEqual(T.Sign(x[i]), T.Sign(y[i]), $"tanh({x[i]}) = {y[i]} has the wrong sign.");
        }
        Assert.IsLessThanOrEqualTo(limit, worst, $"{typeof(T).Name}: worst {worst:F2} ulp.");
    }

    [TestMethod]
    public void FloatIsWithinFourUlpAtEveryMagnitude() => WithinUlps<float>(4);

    [TestMethod]
    public void DoubleIsWithinFourUlpAtEveryMagnitude() => WithinUlps<double>(4);

    [TestMethod]
    public void TheExponentialFormWasWrongNearZero()
    {
        // Why the kernel exists: if TensorPrimitives is ever fixed, this fails and the series can go.
        float[] tiny = [1e-9f, 1e-9f, 1e-9f, 1e-9f, 1e-9f, 1e-9f, 1e-9f, 1e-9f];
        var y = new float[tiny.Length];
        TensorPrimitives.Tanh<float>(tiny, y);
        Assert.IsLessThan(0f, y[0], $"TensorPrimitives.Tanh(1e-9f) = {y[0]}");
        TanhKernel.Apply<float>(tiny, y);
        Assert.AreEqual(1e-9f, y[0]);
    }

    [TestMethod]
    public void InPlaceEqualsIntoAnotherSpanAtEveryLength()
    {
        foreach (int length in new[] { 1, 3, 7, 8, 16, 17, 33, 512, 513, 2000 })
        {
            var x = Inputs(length + 4, length).Skip(4).Select(v => (float)v).ToArray();
            var apart = new float[length];
            TanhKernel.Apply<float>(x, apart);
            var inPlace = (float[])x.Clone();
            TanhKernel.Apply<float>(inPlace, inPlace);
            CollectionAssert.AreEqual(apart, inPlace, $"length {length}");
            // The same values as one element at a time (the vector and scalar paths agree).
            for (int i = 0; i < length; i++)
            {
                var one = new float[1];
                TanhKernel.Apply<float>(x.AsSpan(i, 1), one);
                if (Math.Abs(x[i]) < TanhKernel.SeriesCutoff) Assert.AreEqual(apart[i], one[0], $"length {length}, element {i}");
            }
        }
    }

    [TestMethod]
    public void ResultsBeyondTheCutoffAreTensorPrimitivesUnchanged()
    {
        var x = Inputs(4_000, 3).Where(v => Math.Abs(v) >= TanhKernel.SeriesCutoff).ToArray();
        var expected = new double[x.Length];
        TensorPrimitives.Tanh<double>(x, expected);
        var actual = new double[x.Length];
        TanhKernel.Apply<double>(x, actual);
        CollectionAssert.AreEqual(expected, actual);
    }

    [TestMethod]
    public void ATanhRtuKeepsTheSignOfTinyStates()
    {
        // The audit's case: a tanh RTU fed 1e-9 gave −5.96e-8 for every output.
        var layer = new LinearRtuLayer<float>(1, new RtuOptions { Units = 4, Activation = Activation.Tanh }, 1, new Rng(1));
        var y = new float[8];
        layer.Step([1e-9f], y);
        var state = layer.State(0).ToArray();
        for (int i = 0; i < y.Length; i++)
            Assert.AreEqual(MathF.Tanh(state[i]), y[i], Math.Abs(state[i]) * 1e-6f, $"output {i}: tanh({state[i]}) = {y[i]}");
    }
}
