using System.Numerics;
using System.Numerics.Tensors;

namespace Rtu.Trainers.Numerics;

/// <summary>Element-wise activation functions used by cells, dense layers and heads.</summary>
public enum Activation
{
    /// <summary>f(a) = a.</summary>
    Identity,
    /// <summary>f(a) = max(a, 0); f'(0) = 0.</summary>
    Relu,
    /// <summary>f(a) = tanh(a).</summary>
    Tanh,
    /// <summary>f(a) = 1 / (1 + e^{-a}).</summary>
    Sigmoid,
}

/// <summary>Vectorised activations and their derivatives.</summary>
public static class ActivationFunctions
{
    /// <summary>Writes f(<paramref name="preActivation"/>) into <paramref name="output"/> (may alias).</summary>
    public static void Apply<T>(Activation activation, ReadOnlySpan<T> preActivation, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Identity:
                if (!preActivation.Overlaps(output)) preActivation.CopyTo(output);
                break;
            case Activation.Relu: TensorPrimitives.Max(preActivation, T.Zero, output); break;
            case Activation.Tanh: TanhKernel.Apply(preActivation, output); break;   // accurate near 0, see TanhKernel
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(preActivation, output); break;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>
    /// Writes f'(a) computed from the activation's OUTPUT y = f(a) (every supported f allows it), so callers
    /// keep only outputs: relu' = 1[y &gt; 0], tanh' = 1 − y², sigmoid' = y(1 − y).
    /// </summary>
    public static void DerivativeFromOutput<T>(Activation activation, ReadOnlySpan<T> output, Span<T> derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(derivative, output.Length, nameof(derivative));
        switch (activation)
        {
            case Activation.Identity: derivative.Fill(T.One); break;
            // Vectorised, branch-free (a branch per element mispredicts on ReLU outputs); one definition per f
            // (IActivationDerivative), shared with the fused RTU unit step.
            case Activation.Relu: TraceKernels.DerivativeFromOutput<T, ReluDerivative<T>>(output, derivative); break;
            case Activation.Tanh: TraceKernels.DerivativeFromOutput<T, TanhDerivative<T>>(output, derivative); break;
            case Activation.Sigmoid: TraceKernels.DerivativeFromOutput<T, SigmoidDerivative<T>>(output, derivative); break;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>Multiplies <paramref name="gradient"/> in place by f'(a), given y = f(a).</summary>
    public static void BackpropInPlace<T>(Activation activation, ReadOnlySpan<T> output, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Identity: break;
            case Activation.Relu:
                for (int i = 0; i < output.Length; i++) if (!(output[i] > T.Zero)) gradient[i] = T.Zero;
                break;
            case Activation.Tanh:
                for (int i = 0; i < output.Length; i++) gradient[i] *= T.One - output[i] * output[i];
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < output.Length; i++) gradient[i] *= output[i] * (T.One - output[i]);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>Analytic FLOPs of one activation per element (for compute budgets).</summary>
    public static int FlopsPerElement(Activation activation) => activation switch
    {
        Activation.Identity => 0,
        Activation.Relu => 1,
        _ => 4,
    };
}
