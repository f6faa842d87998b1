using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

// In-process A/B of RTU learning steps (Step + Backward, float32, linear or non-linear RTU, ReLU): several builds of
// Rtu.Trainers (each loaded into its own AssemblyLoadContext from a folder holding Rtu.Trainers.dll and its
// dependencies) and optionally the C reference (C:<dump.bin>, via librtuc.so built by run.sh), timed in alternating
// rounds of ~2 ms (thread CPU time) after an interleaved warm-up, so that all of them see the same load on a shared
// machine. Separate processes (issue15-table.sh) differed by up to 1.5x for the same code on the shared VM.
//   dotnet step-ab.dll <rounds> l|nl <n> <d> <B> <folder or C:dump> ...

delegate void SpanFn(ReadOnlySpan<float> a, Span<float> b);

class Ctx : AssemblyLoadContext
{
    readonly string _dir;
    public Ctx(string dir) : base(dir, false) { _dir = dir; }
    protected override Assembly Load(AssemblyName name)
    {
        var p = System.IO.Path.Combine(_dir, name.Name + ".dll");
        return System.IO.File.Exists(p) ? LoadFromAssemblyPath(p) : null;
    }
}

static class P
{
    [DllImport("libc")] static extern int clock_gettime(int id, out Ts ts);
    struct Ts { public long s, ns; }
    static double Cpu() { clock_gettime(3, out var t); return t.s + t.ns * 1e-9; }

    [DllImport("librtuc.so")] static extern IntPtr c_init(string path);
    [DllImport("librtuc.so")] static extern void c_run(IntPtr ctx, int count);
    class Case
    {
        public SpanFn Step, Back; public float[][] Xs; public float[] Dy, Y; public int I;
        public virtual void Run() { Step(Xs[I++ & 7], Y); Back(Dy, default); }
    }
    sealed class CCase : Case { public IntPtr Ctx; public override void Run() => c_run(Ctx, 1); }

    static Case Make(string dir, string arch, int n, int d, int b)
    {
        if (dir.StartsWith("C:")) { var h = c_init(dir[2..]); if (h == IntPtr.Zero) throw new Exception("c_init"); return new CCase { Ctx = h }; }
        dir = System.IO.Path.GetFullPath(dir);
        var ctx = new Ctx(dir);
        var asm = ctx.LoadFromAssemblyPath(System.IO.Path.Combine(dir, "Rtu.Trainers.dll"));
        var optT = asm.GetType("Rtu.Trainers.Cells.RecurrentLayerOptions");
        var opt = Activator.CreateInstance(optT);
        var archT = asm.GetType("Rtu.Trainers.Cells.RecurrentArchitecture");
        var ruleT = asm.GetType("Rtu.Trainers.Cells.LearningRule");
        var actT = asm.GetType("Rtu.Trainers.Numerics.Activation");
        optT.GetProperty("Architecture").SetValue(opt, Enum.Parse(archT, arch == "nl" ? "NonLinearRtu" : "LinearRtu"));
        optT.GetProperty("LearningRule").SetValue(opt, Enum.Parse(ruleT, "Rtrl"));
        optT.GetProperty("Units").SetValue(opt, n);
        optT.GetProperty("Activation").SetValue(opt, Enum.Parse(actT, "Relu"));
        var rngT = asm.GetType("Rtu.Trainers.Numerics.Rng");
        var rng = Activator.CreateInstance(rngT, 42UL);
        var fac = asm.GetType("Rtu.Trainers.Cells.RecurrentLayerFactory");
        var create = fac.GetMethods().Single(m => m.Name == "Create" && m.IsGenericMethod && m.GetParameters().Length == 4).MakeGenericMethod(typeof(float));
        var layer = create.Invoke(null, new[] { d, opt, b, rng });
        var lt = layer.GetType();
        var step = (SpanFn)lt.GetMethod("Step", new[] { typeof(ReadOnlySpan<float>), typeof(Span<float>) }).CreateDelegate(typeof(SpanFn), layer);
        var back = (SpanFn)lt.GetMethod("Backward", new[] { typeof(ReadOnlySpan<float>), typeof(Span<float>) }).CreateDelegate(typeof(SpanFn), layer);
        var random = new Random(3);
        var xs = new float[8][];
        for (int i = 0; i < 8; i++) { xs[i] = new float[b * d]; for (int k = 0; k < b * d; k++) xs[i][k] = (float)(2 * random.NextDouble() - 1); }
        var dy = new float[b * 2 * n]; for (int k = 0; k < dy.Length; k++) dy[k] = (float)(2 * random.NextDouble() - 1);
        return new Case { Step = step, Back = back, Xs = xs, Dy = dy, Y = new float[b * 2 * n] };
    }

    // ab <rounds> <arch> <n> <d> <b> <dirA> <dirB> ...
    static void Main(string[] args)
    {
        int rounds = int.Parse(args[0]); string arch = args[1];
        int n = int.Parse(args[2]), d = int.Parse(args[3]), b = int.Parse(args[4]);
        var dirs = args.Skip(5).ToArray();
        var cases = dirs.Select(x => Make(x, arch, n, d, b)).ToArray();
        // warm-up: each 1.5 s, interleaved
        for (int w = 0; w < 3; w++) foreach (var c in cases) { double t0 = Cpu(); while (Cpu() - t0 < 0.5) c.Run(); }
        int calls = 1; { double t0 = Cpu(); while (Cpu() - t0 < 0.002) { cases[0].Run(); calls++; } }
        var best = new double[cases.Length]; Array.Fill(best, 1e9);
        var all = cases.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int j0 = 0; j0 < cases.Length; j0++)
            {
                int j = (j0 + r) % cases.Length;
                var c = cases[j];
                double t0 = Cpu();
                for (int i = 0; i < calls; i++) c.Run();
                double us = (Cpu() - t0) / calls * 1e6;
                all[j].Add(us); best[j] = Math.Min(best[j], us);
            }
        for (int j = 0; j < cases.Length; j++)
        {
            var s = all[j].OrderBy(v => v).ToArray();
            Console.WriteLine($"{arch} {n}/{d}/{b} min/p10/median µs of {(dirs[j].StartsWith("C:") ? "C" : dirs[j])}: {best[j]:F3} / {s[s.Length / 10]:F3} / {s[s.Length / 2]:F3}");
        }
    }
}
