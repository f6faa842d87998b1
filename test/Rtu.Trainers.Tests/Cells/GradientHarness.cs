using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Cells;

/// <summary>
/// Runs a layer over a fixed random stream with a fixed linear loss L = Σ_t Σ_b c_{t,b} · y_{t,b}, with stream
/// resets at given steps, and returns the summed gradient (parameters held fixed), the loss and the input
/// gradients. The same stream is used for every layer so RTRL, BPTT and finite differences compare exactly.
/// </summary>
internal sealed class GradientHarness
{
    public GradientHarness(int inputSize, int outputSize, int batch, int steps, int seed, params (int Step, int Stream)[] resets)
    {
        var rng = new Rng((ulong)seed);
        Inputs = new double[steps][];
        Coefficients = new double[steps][];
        for (int t = 0; t < steps; t++)
        {
            Inputs[t] = new double[batch * inputSize];
            Coefficients[t] = new double[batch * outputSize];
            for (int i = 0; i < Inputs[t].Length; i++) Inputs[t][i] = rng.NextGaussian();
            for (int i = 0; i < Coefficients[t].Length; i++) Coefficients[t][i] = rng.NextGaussian();
        }
        Resets = resets;
    }

    public double[][] Inputs { get; }
    public double[][] Coefficients { get; }
    public (int Step, int Stream)[] Resets { get; }

    public double Loss(IRecurrentLayer<double> layer)
    {
        layer.ResetAllStreams();
        var y = new double[layer.BatchSize * layer.OutputSize];
        double loss = 0;
        for (int t = 0; t < Inputs.Length; t++)
        {
            ApplyResets(layer, t);
            layer.Step(Inputs[t], y);
            for (int i = 0; i < y.Length; i++) loss += Coefficients[t][i] * y[i];
        }
        return loss;
    }

    public (double[] Gradient, double[][] InputGradients) Gradient(IRecurrentLayer<double> layer)
    {
        layer.ResetAllStreams();
        layer.Parameters.ZeroGradients();
        var y = new double[layer.BatchSize * layer.OutputSize];
        var dxs = new double[Inputs.Length][];
        for (int t = 0; t < Inputs.Length; t++)
        {
            ApplyResets(layer, t);
            layer.Step(Inputs[t], y);
            dxs[t] = new double[layer.BatchSize * layer.InputSize];
            layer.Backward(Coefficients[t], dxs[t]);
        }
        return ((double[])layer.Parameters.Gradients.Clone(), dxs);
    }

    public double[] FiniteDifferences(IRecurrentLayer<double> layer, double h = 1e-5)
    {
        var values = layer.Parameters.Values;
        var grad = new double[values.Length];
        for (int p = 0; p < values.Length; p++)
        {
            double keep = values[p];
            values[p] = keep + h; double plus = Loss(layer);
            values[p] = keep - h; double minus = Loss(layer);
            values[p] = keep;
            grad[p] = (plus - minus) / (2 * h);
        }
        return grad;
    }

    private void ApplyResets(IRecurrentLayer<double> layer, int t)
    {
        foreach (var (step, stream) in Resets) if (step == t) layer.ResetStream(stream);
    }

    /// <summary>max |a − b| / max(max |b|, tiny): one relative error for the whole vector.</summary>
    public static double RelativeError(double[] a, double[] b)
    {
        double diff = 0, scale = 0;
        for (int i = 0; i < a.Length; i++) { diff = Math.Max(diff, Math.Abs(a[i] - b[i])); scale = Math.Max(scale, Math.Abs(b[i])); }
        return diff / Math.Max(scale, 1e-300);
    }
}
