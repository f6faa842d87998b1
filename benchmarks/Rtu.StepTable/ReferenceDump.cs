using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.StepTable;

/// <summary>
/// Writes what the C reference (benchmarks/c-reference) needs to recompute the linear RTU learning step of a case, and the
/// C# results to check it against: the layer's initial parameters, the 8 inputs and dy of <see cref="StepCases"/>
/// (same seeds as the timed runs), the float32 coefficients, then y and every accumulated gradient after a number of
/// learning steps (Step + Backward, exactly as timed).
/// </summary>
/// <remarks>
/// The same dump of another architecture or activation (the non-linear RTU; identity, tanh, sigmoid) is not read by the
/// C reference: it is for comparing C# builds byte for byte (a kernel change that must keep the bits).
/// </remarks>
/// <remarks>
/// Binary, little-endian: int32 n, d, B, steps; float32 ν_log[n], θ_log[n], W1[d·n], W2[d·n] (initial), xs[8][B·d],
/// dy[B·2n], g[n], φ[n], η[n]; after the steps: y[B·2n] of the last step, gradients [ν_log | θ_log | W1 | W2].
/// </remarks>
internal static class ReferenceDump
{
    public static void Write(string path, int n, int d, int b, int steps,
        RecurrentArchitecture architecture = RecurrentArchitecture.LinearRtu, Activation activation = Activation.Relu)
    {
        var layer = StepCases.CreateLayer(architecture, n, d, b, activation);
        var (xs, dy) = StepCases.Inputs(b * d, b * 2 * n, 3);
        var p = layer.Parameters;
        // Checked before the file is made: a cell without the RTU's ν/θ (GRU, memoryless) has no g, φ, η to write.
        if (!p.Segments.Any(s => s.Name == "nu_log") || !p.Segments.Any(s => s.Name == "theta_log"))
            throw new CommandLineError($"dump: {architecture} has no RTU parameters nu_log and theta_log (it has {string.Join(", ", p.Segments.Select(s => s.Name))}).");
        using var w = new BinaryWriter(File.Create(path));
        w.Write(n); w.Write(d); w.Write(b); w.Write(steps);
        Floats(w, p.Values); // ν_log | θ_log | W1 | W2, in the RTU layout's order
        foreach (var x in xs) Floats(w, x);
        Floats(w, dy);
        var (g, phi, eta) = Rtu.Trainers.Cells.Rtu.RtuCell.Coefficients(p.Value("nu_log"), p.Value("theta_log"));
        Floats(w, g); Floats(w, phi); Floats(w, eta);
        var y = new float[b * 2 * n];
        for (int s = 0; s < steps; s++) { layer.Step(xs[s & 7], y); layer.Backward(dy, default); }
        Floats(w, y);
        Floats(w, p.Gradients);
    }

    private static void Floats(BinaryWriter w, ReadOnlySpan<float> values)
    {
        foreach (float v in values) w.Write(v);
    }
}
