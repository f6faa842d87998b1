using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Rtu.Trainers.Numerics;

namespace Rtu.Benchmarks;

/// <summary>
/// SIMD against scalar on the trace update of one row of n = 256 units, everything in L1:
/// <see cref="TraceKernels.UpdateFour{T}"/> (non-linear RTU, 4 traces) and <see cref="TraceKernels.UpdateTied{T}"/>
/// (linear RTU, tied pair). Two scalar references: <see cref="ScalarKernels.UpdateFourReference"/>
/// (compiled without JIT optimisation, the library's former shipped reference, now kept here) and an optimised scalar loop written here (same arithmetic,
/// JIT-optimised, no SIMD: RyuJIT does not auto-vectorise), which is the fair baseline.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TraceKernelBenchmarks
{
    /// <summary>Row length n.</summary>
    public const int Units = 256;

    private float[] _s11 = [], _s21 = [], _s12 = [], _s22 = [], _g = [], _phi = [], _eta = [], _f1 = [], _f2 = [];
    private readonly float[] _x = [0.3f];
    private const float X = 0.3f;

    /// <summary>Stable coefficients (|λ| &lt; 1) and derivatives in [0.5, 1): the traces stay bounded and normal.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var r = BenchData.Uniform(Units, 0.5f, 0.95f, 1); var theta = BenchData.Uniform(Units, 0f, 0.3f, 2);
        _g = new float[Units]; _phi = new float[Units];
        for (int k = 0; k < Units; k++) { _g[k] = r[k] * MathF.Cos(theta[k]); _phi[k] = r[k] * MathF.Sin(theta[k]); }
        _eta = BenchData.Uniform(Units, 0.3f, 1f, 3);
        _f1 = BenchData.Uniform(Units, 0.5f, 1f, 4); _f2 = BenchData.Uniform(Units, 0.5f, 1f, 5);
        _s11 = BenchData.Uniform(Units, -1f, 1f, 6); _s21 = BenchData.Uniform(Units, -1f, 1f, 7);
        _s12 = BenchData.Uniform(Units, -1f, 1f, 8); _s22 = BenchData.Uniform(Units, -1f, 1f, 9);
    }

    /// <summary>The unoptimised scalar reference (NoOptimization).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Four")]
    public void UpdateFourScalarReference() =>
        ScalarKernels.UpdateFourReference(_s11, _s21, _s12, _s22, _g, _phi, _eta, _f1, _f2, X);

    /// <summary>An optimised scalar loop of the same arithmetic.</summary>
    [Benchmark, BenchmarkCategory("Four")]
    public void UpdateFourScalarOptimized() =>
        ScalarKernels.UpdateFour(_s11, _s21, _s12, _s22, _g, _phi, _eta, _f1, _f2, X);

    /// <summary>The fused SIMD kernel.</summary>
    [Benchmark, BenchmarkCategory("Four")]
    public void UpdateFourSimd() =>
        TraceKernels.UpdateFour<float>(_s11, _s21, _s12, _s22, _g, _phi, _eta, _f1, _f2, _x);

    /// <summary>An optimised scalar loop of the tied update.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Tied")]
    public void UpdateTiedScalarOptimized() => ScalarKernels.UpdateTied(_s11, _s21, _g, _phi, _eta, X);

    /// <summary>The tied SIMD kernel.</summary>
    [Benchmark, BenchmarkCategory("Tied")]
    public void UpdateTiedSimd() => TraceKernels.UpdateTied<float>(_s11, _s21, _g, _phi, _eta, _x);
}

/// <summary>Optimised scalar (one element per iteration, no bounds checks) versions of the trace kernels.</summary>
internal static class ScalarKernels
{
    /// <summary>Plain scalar loop of the four-trace update compiled without JIT optimisation (the naive baseline).</summary>
    [MethodImpl(MethodImplOptions.NoOptimization)]
    public static void UpdateFourReference(float[] s11, float[] s21, float[] s12, float[] s22,
        float[] g, float[] phi, float[] eta, float[] f1, float[] f2, float x)
    {
        for (int k = 0; k < g.Length; k++)
        {
            float ex = eta[k] * x, a11 = s11[k], a21 = s21[k], a12 = s12[k], a22 = s22[k];
            s11[k] = f1[k] * (g[k] * a11 - phi[k] * a21 + ex);
            s21[k] = f2[k] * (g[k] * a21 + phi[k] * a11);
            s12[k] = f1[k] * (g[k] * a12 - phi[k] * a22);
            s22[k] = f2[k] * (g[k] * a22 + phi[k] * a12 + ex);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void UpdateFour(float[] s11, float[] s21, float[] s12, float[] s22,
        float[] g, float[] phi, float[] eta, float[] f1, float[] f2, float x)
    {
        ref float r11 = ref s11[0], r21 = ref s21[0], r12 = ref s12[0], r22 = ref s22[0];
        ref float rg = ref g[0], rp = ref phi[0], re = ref eta[0], rf1 = ref f1[0], rf2 = ref f2[0];
        for (int k = 0; k < g.Length; k++)
        {
            float gk = Unsafe.Add(ref rg, k), pk = Unsafe.Add(ref rp, k), ex = Unsafe.Add(ref re, k) * x;
            float a11 = Unsafe.Add(ref r11, k), a21 = Unsafe.Add(ref r21, k), a12 = Unsafe.Add(ref r12, k), a22 = Unsafe.Add(ref r22, k);
            float v1 = Unsafe.Add(ref rf1, k), v2 = Unsafe.Add(ref rf2, k);
            Unsafe.Add(ref r11, k) = v1 * (gk * a11 - pk * a21 + ex);
            Unsafe.Add(ref r21, k) = v2 * (gk * a21 + pk * a11);
            Unsafe.Add(ref r12, k) = v1 * (gk * a12 - pk * a22);
            Unsafe.Add(ref r22, k) = v2 * (gk * a22 + pk * a12 + ex);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void UpdateTied(float[] s11, float[] s21, float[] g, float[] phi, float[] eta, float x)
    {
        ref float r11 = ref s11[0], r21 = ref s21[0];
        ref float rg = ref g[0], rp = ref phi[0], re = ref eta[0];
        for (int k = 0; k < g.Length; k++)
        {
            float gk = Unsafe.Add(ref rg, k), pk = Unsafe.Add(ref rp, k);
            float a11 = Unsafe.Add(ref r11, k), a21 = Unsafe.Add(ref r21, k);
            Unsafe.Add(ref r11, k) = gk * a11 - pk * a21 + Unsafe.Add(ref re, k) * x;
            Unsafe.Add(ref r21, k) = gk * a21 + pk * a11;
        }
    }
}
