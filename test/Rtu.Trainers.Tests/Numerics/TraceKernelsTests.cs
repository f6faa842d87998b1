using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Numerics;

/// <summary>
/// Direct tests of every trace kernel: against a plain float64 evaluation of its formula (tolerance), the vector body
/// against the scalar tail bit for bit (the same elements run through length-1 calls, which take the scalar path only),
/// at lengths around the vector width (tails), several rows (row offsets), and the argument checks (short spans,
/// overlapping written spans).
/// </summary>
[TestClass]
public sealed class TraceKernelsTests
{
    private const int Rows = 3;

    /// <summary>
    /// Row lengths around the vector width: scalar only, exactly one vector, body + tail of every size (3w + 1: three
    /// vectors and a lane; the 512-bit bodies are compared in StreamKernelsTests).
    /// </summary>
    private static int[] Lengths<T>() where T : struct
    {
        int w = Vector<T>.Count;
        return [1, 2, w - 1, w, w + 1, 2 * w + 3, 3 * w + 1, 37];
    }

    private static T[] Random<T>(int length, int seed, double low = -1, double high = 1) where T : IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var a = new T[length];
        for (int i = 0; i < length; i++) a[i] = T.CreateTruncating(low + (high - low) * random.NextDouble());
        return a;
    }

    private static double[] D<T>(T[] a) where T : IFloatingPointIeee754<T> => a.Select(double.CreateTruncating).ToArray();

    private static void Close<T>(double expected, T actual, string what) where T : IFloatingPointIeee754<T>
    {
        double tol = typeof(T) == typeof(float) ? 2e-5 : 1e-13;
        Assert.AreEqual(expected, double.CreateTruncating(actual), tol * (1 + Math.Abs(expected)), what);
    }

    private static void Identical<T>(T[] expected, T[] actual, string what) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.IsTrue(expected[i].Equals(actual[i]), $"{what}[{i}]: vector body {actual[i]} differs from scalar path {expected[i]}");
    }

    [TestMethod] public void UpdateFourFloat() => UpdateFour<float>();
    [TestMethod] public void UpdateFourDouble() => UpdateFour<double>();

    private static void UpdateFour<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths<T>())
        {
            int size = Rows * n;
            T[] g = Random<T>(n, 1, 0.3, 0.9), phi = Random<T>(n, 2, -0.4, 0.4), eta = Random<T>(n, 3, 0.2, 1), f1 = Random<T>(n, 4, 0.5, 1),
                f2 = Random<T>(n, 5, 0.5, 1), x = Random<T>(Rows, 6);
            T[][] s = [Random<T>(size, 7), Random<T>(size, 8), Random<T>(size, 9), Random<T>(size, 10)];
            T[][] before = s.Select(a => (T[])a.Clone()).ToArray();
            TraceKernels.UpdateFour<T>(s[0], s[1], s[2], s[3], g, phi, eta, f1, f2, x);

            T[][] scalar = before.Select(a => (T[])a.Clone()).ToArray();
            for (int i = 0; i < Rows; i++)
                for (int k = 0; k < n; k++)
                {
                    int o = i * n + k;
                    TraceKernels.UpdateFour<T>(scalar[0].AsSpan(o, 1), scalar[1].AsSpan(o, 1), scalar[2].AsSpan(o, 1), scalar[3].AsSpan(o, 1),
                        g.AsSpan(k, 1), phi.AsSpan(k, 1), eta.AsSpan(k, 1), f1.AsSpan(k, 1), f2.AsSpan(k, 1), x.AsSpan(i, 1));
                    double gk = double.CreateTruncating(g[k]), pk = double.CreateTruncating(phi[k]), ex = double.CreateTruncating(eta[k]) * double.CreateTruncating(x[i]);
                    double v1 = double.CreateTruncating(f1[k]), v2 = double.CreateTruncating(f2[k]);
                    double a11 = double.CreateTruncating(before[0][o]), a21 = double.CreateTruncating(before[1][o]);
                    double a12 = double.CreateTruncating(before[2][o]), a22 = double.CreateTruncating(before[3][o]);
                    Close(v1 * (gk * a11 - pk * a21 + ex), s[0][o], $"S11 n={n} row {i} lane {k}");
                    Close(v2 * (gk * a21 + pk * a11), s[1][o], $"S21 n={n} row {i} lane {k}");
                    Close(v1 * (gk * a12 - pk * a22), s[2][o], $"S12 n={n} row {i} lane {k}");
                    Close(v2 * (gk * a22 + pk * a12 + ex), s[3][o], $"S22 n={n} row {i} lane {k}");
                }
            for (int j = 0; j < 4; j++) Identical(scalar[j], s[j], $"trace {j} n={n}");
        }
    }

    [TestMethod] public void UpdateTiedFloat() => UpdateTied<float>();
    [TestMethod] public void UpdateTiedDouble() => UpdateTied<double>();

    private static void UpdateTied<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths<T>())
        {
            int size = Rows * n;
            T[] g = Random<T>(n, 1, 0.3, 0.9), phi = Random<T>(n, 2, -0.4, 0.4), eta = Random<T>(n, 3, 0.2, 1), x = Random<T>(Rows, 6);
            T[] re = Random<T>(size, 7), im = Random<T>(size, 8);
            T[] re0 = (T[])re.Clone(), im0 = (T[])im.Clone(), reS = (T[])re.Clone(), imS = (T[])im.Clone();
            TraceKernels.UpdateTied<T>(re, im, g, phi, eta, x);
            for (int i = 0; i < Rows; i++)
                for (int k = 0; k < n; k++)
                {
                    int o = i * n + k;
                    TraceKernels.UpdateTied<T>(reS.AsSpan(o, 1), imS.AsSpan(o, 1), g.AsSpan(k, 1), phi.AsSpan(k, 1), eta.AsSpan(k, 1), x.AsSpan(i, 1));
                    // e ← λ e + η x as complex arithmetic.
                    var e = new Complex(double.CreateTruncating(re0[o]), double.CreateTruncating(im0[o]));
                    var next = new Complex(double.CreateTruncating(g[k]), double.CreateTruncating(phi[k])) * e
                        + double.CreateTruncating(eta[k]) * double.CreateTruncating(x[i]);
                    Close(next.Real, re[o], $"Re e n={n} row {i} lane {k}");
                    Close(next.Imaginary, im[o], $"Im e n={n} row {i} lane {k}");
                }
            Identical(reS, re, $"Re e n={n}"); Identical(imS, im, $"Im e n={n}");
        }
    }

    [TestMethod] public void AccumulateContractionFloat() => AccumulateContraction<float>();
    [TestMethod] public void AccumulateContractionDouble() => AccumulateContraction<double>();

    private static void AccumulateContraction<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths<T>())
        {
            T[] grad = Random<T>(n, 1), d1 = Random<T>(n, 2), sa = Random<T>(n, 3), d2 = Random<T>(n, 4), sb = Random<T>(n, 5);
            T[] g0 = (T[])grad.Clone(), gS = (T[])grad.Clone();
            TraceKernels.AccumulateContraction<T>(grad, d1, sa, d2, sb);
            for (int k = 0; k < n; k++)
            {
                TraceKernels.AccumulateContraction<T>(gS.AsSpan(k, 1), d1.AsSpan(k, 1), sa.AsSpan(k, 1), d2.AsSpan(k, 1), sb.AsSpan(k, 1));
                Close(D(g0)[k] + D(d1)[k] * D(sa)[k] + D(d2)[k] * D(sb)[k], grad[k], $"n={n} lane {k}");
            }
            Identical(gS, grad, $"grad n={n}");
        }
    }

    [TestMethod] public void AccumulateTiedContractionFloat() => AccumulateTiedContraction<float>();
    [TestMethod] public void AccumulateTiedContractionDouble() => AccumulateTiedContraction<double>();

    private static void AccumulateTiedContraction<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths<T>())
        {
            int size = Rows * n;
            T[] g1 = Random<T>(size, 1), g2 = Random<T>(size, 2), d1 = Random<T>(n, 3), d2 = Random<T>(n, 4), re = Random<T>(size, 5), im = Random<T>(size, 6);
            T[] g10 = (T[])g1.Clone(), g20 = (T[])g2.Clone(), g1S = (T[])g1.Clone(), g2S = (T[])g2.Clone();
            TraceKernels.AccumulateTiedContraction<T>(g1, g2, d1, d2, re, im);
            for (int i = 0; i < Rows; i++)
                for (int k = 0; k < n; k++)
                {
                    int o = i * n + k;
                    TraceKernels.AccumulateTiedContraction<T>(g1S.AsSpan(o, 1), g2S.AsSpan(o, 1), d1.AsSpan(k, 1), d2.AsSpan(k, 1), re.AsSpan(o, 1), im.AsSpan(o, 1));
                    double a = D(d1)[k], b = D(d2)[k], r = D(re)[o], m = D(im)[o];
                    Close(D(g10)[o] + a * r + b * m, g1[o], $"gW1 n={n} row {i} lane {k}");
                    Close(D(g20)[o] - a * m + b * r, g2[o], $"gW2 n={n} row {i} lane {k}");
                }
            Identical(g1S, g1, $"gW1 n={n}"); Identical(g2S, g2, $"gW2 n={n}");
        }
    }

    [TestMethod] public void AccumulateFourContractionFloat() => AccumulateFourContraction<float>();
    [TestMethod] public void AccumulateFourContractionDouble() => AccumulateFourContraction<double>();

    private static void AccumulateFourContraction<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths<T>())
        {
            int size = Rows * n;
            T[] g1 = Random<T>(size, 1), g2 = Random<T>(size, 2), d1 = Random<T>(n, 3), d2 = Random<T>(n, 4);
            T[] s11 = Random<T>(size, 5), s21 = Random<T>(size, 6), s12 = Random<T>(size, 7), s22 = Random<T>(size, 8);
            T[] g10 = (T[])g1.Clone(), g20 = (T[])g2.Clone(), g1S = (T[])g1.Clone(), g2S = (T[])g2.Clone();
            TraceKernels.AccumulateFourContraction<T>(g1, g2, d1, d2, s11, s21, s12, s22);
            for (int i = 0; i < Rows; i++)
                for (int k = 0; k < n; k++)
                {
                    int o = i * n + k;
                    TraceKernels.AccumulateFourContraction<T>(g1S.AsSpan(o, 1), g2S.AsSpan(o, 1), d1.AsSpan(k, 1), d2.AsSpan(k, 1),
                        s11.AsSpan(o, 1), s21.AsSpan(o, 1), s12.AsSpan(o, 1), s22.AsSpan(o, 1));
                    double a = D(d1)[k], b = D(d2)[k];
                    Close(D(g10)[o] + a * D(s11)[o] + b * D(s21)[o], g1[o], $"gW1 n={n} row {i} lane {k}");
                    Close(D(g20)[o] + a * D(s12)[o] + b * D(s22)[o], g2[o], $"gW2 n={n} row {i} lane {k}");
                }
            Identical(g1S, g1, $"gW1 n={n}"); Identical(g2S, g2, $"gW2 n={n}");
        }
    }

    [TestMethod] public void RecurrenceFloat() => Recurrence<float>();
    [TestMethod] public void RecurrenceDouble() => Recurrence<double>();

    private static void Recurrence<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths<T>())
        {
            T[] h1 = Random<T>(n, 1), h2 = Random<T>(n, 2), u1 = Random<T>(n, 3), u2 = Random<T>(n, 4);
            T[] g = Random<T>(n, 5, 0.3, 0.9), phi = Random<T>(n, 6, -0.4, 0.4), eta = Random<T>(n, 7, 0.2, 1);
            T[] a1 = new T[n], a2 = new T[n], a1S = new T[n], a2S = new T[n];
            TraceKernels.Recurrence<T>(h1, h2, u1, u2, g, phi, eta, a1, a2);
            for (int k = 0; k < n; k++)
            {
                TraceKernels.Recurrence<T>(h1.AsSpan(k, 1), h2.AsSpan(k, 1), u1.AsSpan(k, 1), u2.AsSpan(k, 1), g.AsSpan(k, 1),
                    phi.AsSpan(k, 1), eta.AsSpan(k, 1), a1S.AsSpan(k, 1), a2S.AsSpan(k, 1));
                Close(D(g)[k] * D(h1)[k] - D(phi)[k] * D(h2)[k] + D(eta)[k] * D(u1)[k], a1[k], $"a1 n={n} lane {k}");
                Close(D(g)[k] * D(h2)[k] + D(phi)[k] * D(h1)[k] + D(eta)[k] * D(u2)[k], a2[k], $"a2 n={n} lane {k}");
            }
            Identical(a1S, a1, $"a1 n={n}"); Identical(a2S, a2, $"a2 n={n}");
        }
    }

    [TestMethod] public void LinearRtuUnitStepFloat() => RtuUnitStep<float>(nonLinear: false);
    [TestMethod] public void LinearRtuUnitStepDouble() => RtuUnitStep<double>(nonLinear: false);
    [TestMethod] public void NonLinearRtuUnitStepFloat() => RtuUnitStep<float>(nonLinear: true);
    [TestMethod] public void NonLinearRtuUnitStepDouble() => RtuUnitStep<double>(nonLinear: true);

    /// <summary>
    /// The fused unit step against the formulas of spec §1–2 in float64, and the vector body against the scalar path.
    /// Non-linear: f = tanh, the activated a given, F = 1 − f(a)², h and y ← f(a).
    /// </summary>
    private static void RtuUnitStep<T>(bool nonLinear) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths<T>())
        {
            // coef[0..7]: g φ η ∂g/∂ν ∂φ/∂ν ∂η/∂ν ∂g/∂θ ∂φ/∂θ.
            T[][] coef = Enumerable.Range(0, 8).Select(j => Random<T>(n, 20 + j)).ToArray();
            T[] h = Random<T>(2 * n, 1), u = Random<T>(2 * n, 2), tr = Random<T>(4 * n, 3), act = Random<T>(2 * n, 4, -0.9, 0.9);
            T[] h0 = (T[])h.Clone(), tr0 = (T[])tr.Clone(), hS = (T[])h.Clone(), trS = (T[])tr.Clone();
            T[] f = new T[2 * n], y = new T[2 * n], fS = new T[2 * n], yS = new T[2 * n];
            Run(h, tr, f, y, 0, n, n);
            for (int k = 0; k < n; k++) Run(hS, trS, fS, yS, k, 1, n);

            for (int k = 0; k < n; k++)
            {
                double C(int j) => double.CreateTruncating(coef[j][k]);
                double g = C(0), p = C(1), e = C(2), gn = C(3), pn = C(4), en = C(5), gt = C(6), pt = C(7);
                double x1 = D(h0)[k], x2 = D(h0)[n + k], u1 = D(u)[k], u2 = D(u)[n + k];
                double a1 = nonLinear ? D(act)[k] : g * x1 - p * x2 + e * u1, a2 = nonLinear ? D(act)[n + k] : g * x2 + p * x1 + e * u2;
                double f1 = nonLinear ? 1 - a1 * a1 : 1, f2 = nonLinear ? 1 - a2 * a2 : 1;
                double s1 = D(tr0)[k], s2 = D(tr0)[n + k], t1 = D(tr0)[2 * n + k], t2 = D(tr0)[3 * n + k];
                Close(a1, h[k], $"h1 n={n} lane {k}"); Close(a2, h[n + k], $"h2 n={n} lane {k}");
                Close(f1 * (gn * x1 - pn * x2 + g * s1 - p * s2 + en * u1), tr[k], $"S1nu n={n} lane {k}");
                Close(f2 * (gn * x2 + pn * x1 + g * s2 + p * s1 + en * u2), tr[n + k], $"S2nu n={n} lane {k}");
                Close(f1 * (gt * x1 - pt * x2 + g * t1 - p * t2), tr[2 * n + k], $"S1th n={n} lane {k}");
                Close(f2 * (gt * x2 + pt * x1 + g * t2 + p * t1), tr[3 * n + k], $"S2th n={n} lane {k}");
                if (nonLinear)
                {
                    Close(f1, f[k], $"F1 n={n} lane {k}"); Close(f2, f[n + k], $"F2 n={n} lane {k}");
                    Close(a1, y[k], $"y1 n={n} lane {k}"); Close(a2, y[n + k], $"y2 n={n} lane {k}");
                }
            }
            Identical(hS, h, $"state n={n}"); Identical(trS, tr, $"unit traces n={n}");
            Identical(fS, f, $"F n={n}"); Identical(yS, y, $"y n={n}");

            // Lanes [k, k + m) of every [.. | ..] block, as a kernel call over m units.
            void Run(T[] hh, T[] tt, T[] ff, T[] yy, int k, int m, int units)
            {
                T[] Sub(T[] a, int blocks) { var r = new T[blocks * m]; for (int j = 0; j < blocks; j++) Array.Copy(a, j * units + k, r, j * m, m); return r; }
                void Back(T[] r, T[] a, int blocks) { for (int j = 0; j < blocks; j++) Array.Copy(r, j * m, a, j * units + k, m); }
                T[] sh = Sub(hh, 2), su = Sub(u, 2), st = Sub(tt, 4), sa = Sub(act, 2), sf = Sub(ff, 2), sy = Sub(yy, 2);
                T[][] sc = coef.Select(a => a.AsSpan(k, m).ToArray()).ToArray();
                var c = new UnitCoefficients<T>(sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6], sc[7]);
                if (nonLinear) TraceKernels.NonLinearRtuUnitStep<T, TanhDerivative<T>>(sh, sa, su, st, sf, sy, c);
                else TraceKernels.LinearRtuUnitStep<T>(sh, su, st, c);
                Back(sh, hh, 2); Back(st, tt, 4); Back(sf, ff, 2); Back(sy, yy, 2);
            }
        }
    }

    [TestMethod] public void ProjectFloat() => Project<float>();
    [TestMethod] public void ProjectDouble() => Project<double>();

    /// <summary>
    /// The register-blocked projection equals, bit for bit, one TensorPrimitives.MultiplyAdd per row and stream (what it
    /// replaced), zeros in x included, for column counts around the 4-vector and 1-vector blocks.
    /// </summary>
    private static void Project<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count;
        // d = 9: full four-row blocks after the first (ProjectFour accumulating into u), as well as partial ones; both widths.
        foreach (int n in new[] { 1, w - 1, w, w + 3, 4 * w, 4 * w + w + 1, 37 })
            foreach (int batch in new[] { 1, 3 })
            foreach (int d in new[] { 7, 9 })
            foreach (bool wide in new[] { false, true })
            {
                T[] x = Random<T>(batch * d, 1), w1 = Random<T>(d * n, 2), w2 = Random<T>(d * n, 3);
                x[2] = T.Zero; x[^1] = T.Zero;
                var u = new T[batch * 2 * n];
                u.AsSpan().Fill(T.CreateTruncating(99)); // must be overwritten, not accumulated into
                TraceKernels.Project<T>(x, d, w1, w2, u, wide);
                var expected = new T[batch * 2 * n];
                for (int b = 0; b < batch; b++)
                    for (int i = 0; i < d; i++)
                    {
                        T xi = x[b * d + i];
                        if (xi == T.Zero) continue;
                        Span<T> u1 = expected.AsSpan(b * 2 * n, n), u2 = expected.AsSpan(b * 2 * n + n, n);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w1.AsSpan(i * n, n), xi, u1, u1);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w2.AsSpan(i * n, n), xi, u2, u2);
                    }
                for (int j = 0; j < u.Length; j++)
                    Assert.IsTrue(expected[j].Equals(u[j]), $"n={n} B={batch} d={d} wide={wide} element {j}: {u[j]} != {expected[j]}");
            }
    }

    [TestMethod]
    public void DerivativeFromOutputEqualsTheScalarDefinitions()
    {
        foreach (int n in Lengths<double>())
        {
            double[] y = Random<double>(n, 5, -1.5, 1.5);
            y[0] = 0;
            foreach (var f in new[] { Activation.Relu, Activation.Tanh, Activation.Sigmoid, Activation.Identity })
            {
                var d = new double[n];
                ActivationFunctions.DerivativeFromOutput<double>(f, y, d);
                for (int k = 0; k < n; k++)
                {
                    double expected = f switch
                    {
                        Activation.Relu => y[k] > 0 ? 1 : 0,
                        Activation.Tanh => 1 - y[k] * y[k],
                        Activation.Sigmoid => y[k] * (1 - y[k]),
                        _ => 1,
                    };
                    Assert.AreEqual(expected, d[k], 0, $"{f} n={n} lane {k}");
                }
            }
        }
    }

    [TestMethod] public void UpdateTiedAndContractFloat() => UpdateTiedAndContract<float>();
    [TestMethod] public void UpdateTiedAndContractDouble() => UpdateTiedAndContract<double>();

    /// <summary>The fused update + contraction equals, bit for bit, the update followed by the contraction.</summary>
    private static void UpdateTiedAndContract<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths<T>())
        {
            int size = Rows * n;
            T[] g = Random<T>(n, 1, 0.3, 0.9), phi = Random<T>(n, 2, -0.4, 0.4), eta = Random<T>(n, 3, 0.2, 1), x = Random<T>(Rows, 4);
            T[] d1 = Random<T>(n, 5), d2 = Random<T>(n, 6);
            T[] re = Random<T>(size, 7), im = Random<T>(size, 8), g1 = Random<T>(size, 9), g2 = Random<T>(size, 10);
            T[] reE = (T[])re.Clone(), imE = (T[])im.Clone(), g1E = (T[])g1.Clone(), g2E = (T[])g2.Clone();
            TraceKernels.UpdateTied<T>(reE, imE, g, phi, eta, x);
            TraceKernels.AccumulateTiedContraction<T>(g1E, g2E, d1, d2, reE, imE);
            TraceKernels.UpdateTiedAndContract<T>(re, im, g, phi, eta, x, g1, g2, d1, d2);
            Identical(reE, re, $"Re e n={n}"); Identical(imE, im, $"Im e n={n}");
            Identical(g1E, g1, $"gW1 n={n}"); Identical(g2E, g2, $"gW2 n={n}");
        }
    }

    [TestMethod] public void UpdateFourAndContractFloat() => UpdateFourAndContract<float>();
    [TestMethod] public void UpdateFourAndContractDouble() => UpdateFourAndContract<double>();

    private static void UpdateFourAndContract<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths<T>())
        {
            int size = Rows * n;
            T[] g = Random<T>(n, 1, 0.3, 0.9), phi = Random<T>(n, 2, -0.4, 0.4), eta = Random<T>(n, 3, 0.2, 1), x = Random<T>(Rows, 4);
            T[] f1 = Random<T>(n, 11, 0.5, 1), f2 = Random<T>(n, 12, 0.5, 1), d1 = Random<T>(n, 5), d2 = Random<T>(n, 6);
            T[][] s = [Random<T>(size, 7), Random<T>(size, 8), Random<T>(size, 13), Random<T>(size, 14)];
            T[] g1 = Random<T>(size, 9), g2 = Random<T>(size, 10);
            T[][] sE = s.Select(a => (T[])a.Clone()).ToArray();
            T[] g1E = (T[])g1.Clone(), g2E = (T[])g2.Clone();
            TraceKernels.UpdateFour<T>(sE[0], sE[1], sE[2], sE[3], g, phi, eta, f1, f2, x);
            TraceKernels.AccumulateFourContraction<T>(g1E, g2E, d1, d2, sE[0], sE[1], sE[2], sE[3]);
            TraceKernels.UpdateFourAndContract<T>(s[0], s[1], s[2], s[3], g, phi, eta, f1, f2, x, g1, g2, d1, d2);
            for (int j = 0; j < 4; j++) Identical(sE[j], s[j], $"trace {j} n={n}");
            Identical(g1E, g1, $"gW1 n={n}"); Identical(g2E, g2, $"gW2 n={n}");
        }
    }

    [TestMethod]
    public void ShortSpansAreRejectedBeforeAnyWrite()
    {
        const int n = 19;
        float[] g = new float[n], phi = new float[n], eta = new float[n], f = new float[n], x = new float[Rows];
        float[] s = new float[Rows * n], t = new float[Rows * n], u = new float[Rows * n], v = new float[Rows * n];
        var shortTrace = new float[Rows * n - 1];
        var e = Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateFour<float>(s, t, u, shortTrace, g, phi, eta, f, f, x));
        StringAssert.Contains(e.Message, "s22");
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateFour<float>(s, t, u, v, g, phi.AsSpan(1), eta, f, f, x));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateTied<float>(s, shortTrace, g, phi, eta, x));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateTied<float>(s, t, g, phi, eta.AsSpan(0, n - 1), x));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.AccumulateContraction<float>(g, phi, eta, f, f.AsSpan(1)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.AccumulateTiedContraction<float>(s, t, g, phi, u, shortTrace));
        // A gradient block that is not whole rows of n.
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.AccumulateTiedContraction<float>(shortTrace, shortTrace.AsSpan().ToArray(), g, phi, u, v));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.AccumulateFourContraction<float>(s, t, g, phi, u, v, shortTrace, u));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.Recurrence<float>(g, phi, eta, f, x.AsSpan(0, 1), x, new float[n], new float[n], new float[n]));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.Recurrence<float>(g, phi, eta, f, u.AsSpan(0, n), v.AsSpan(0, n), t.AsSpan(0, n), new float[n], new float[n - 1]));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.LinearRtuUnitStep<float>(s.AsSpan(0, 2 * n), t.AsSpan(0, 2 * n), new float[4 * n - 1],
            new UnitCoefficients<float>(g, g, g, g, g, g, g, g)));
        Assert.ThrowsExactly<ArgumentException>(() => new UnitCoefficients<float>(g, g, g, g, g, g, g, phi.AsSpan(1)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.Project<float>(x, Rows, s.AsSpan(0, Rows * n), t.AsSpan(0, Rows * n - 1), new float[2 * n]));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.DerivativeFromOutput<float, TanhDerivative<float>>(g, phi.AsSpan(1)));
        CollectionAssert.AreEqual(new float[Rows * n], s, "a rejected call wrote nothing");
    }

    [TestMethod]
    public void OverlappingWrittenSpansAreRejected()
    {
        const int n = 11;
        float[] g = new float[n], x = new float[Rows], block = new float[5 * Rows * n];
        Span<float> B(int i) => block.AsSpan(i * Rows * n, Rows * n);
        // Two traces sharing elements (off by one lane), a trace overlapping an input, a gradient overlapping the traces.
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateFour<float>(B(0), block.AsSpan(Rows * n - 1, Rows * n), B(2), B(3), g, g, g, g, g, x));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateFour<float>(B(0), B(1), B(2), B(3), block.AsSpan(3 * Rows * n, n), g, g, g, g, x));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateTied<float>(B(0), B(0), g, g, g, x));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateTied<float>(B(0), B(1), g, g, g, block.AsSpan(Rows * n + 2, Rows)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.AccumulateTiedContraction<float>(B(0), B(1), g, g, block.AsSpan(1, Rows * n), B(2)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.AccumulateFourContraction<float>(B(0), B(0), g, g, B(1), B(2), B(3), B(4)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.AccumulateContraction<float>(block.AsSpan(0, n), g, block.AsSpan(n - 1, n), g, g));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.Recurrence<float>(block.AsSpan(0, n), g, g, g, g, g, g, block.AsSpan(5, n), block.AsSpan(2 * n, n)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.LinearRtuUnitStep<float>(block.AsSpan(0, 2 * n), block.AsSpan(6 * n, 2 * n),
            block.AsSpan(n, 4 * n), new UnitCoefficients<float>(g, g, g, g, g, g, g, g)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.NonLinearRtuUnitStep<float, TanhDerivative<float>>(block.AsSpan(0, 2 * n),
            block.AsSpan(2 * n, 2 * n), block.AsSpan(4 * n, 2 * n), block.AsSpan(6 * n, 4 * n), block.AsSpan(10 * n, 2 * n), block.AsSpan(11 * n, 2 * n),
            new UnitCoefficients<float>(g, g, g, g, g, g, g, g)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.Project<float>(block.AsSpan(0, Rows), Rows, block.AsSpan(0, Rows * n), B(1), block.AsSpan(Rows * n, 2 * n)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.DerivativeFromOutput<float, TanhDerivative<float>>(block.AsSpan(0, n), block.AsSpan(1, n)));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateTiedAndContract<float>(B(0), B(1), g, g, g, x, B(2), B(1), g, g));
        Assert.ThrowsExactly<ArgumentException>(() => TraceKernels.UpdateFourAndContract<float>(B(0), B(1), B(2), B(3), g, g, g, g, g, x,
            B(4), block.AsSpan(0, Rows * n), g, g));
        // Inputs may alias each other (only written spans are checked): the same coefficient span for g, φ and η.
        TraceKernels.UpdateTied<float>(B(0), B(1), g, g, g, x);
    }
}
