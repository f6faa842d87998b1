using System.Numerics;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>
/// The RTU parameter layout (2n + 2nd scalars, no bias; spec §1): ν_log [n], θ_log [n], W1 [d×n], W2 [d×n],
/// row-major with the row-vector convention x·W. Shared by the RTRL layers, the BPTT core and the ONNX export.
/// </summary>
public static class RtuParameters
{
    /// <summary>Segment name of ν_log (reference code: <c>r_param</c>).</summary>
    public const string NuLog = "nu_log";
    /// <summary>Segment name of θ_log (reference code: <c>theta_param</c>).</summary>
    public const string ThetaLog = "theta_log";
    /// <summary>Segment name of W1, the real-part input weights.</summary>
    public const string W1 = "w1";
    /// <summary>Segment name of W2, the imaginary-part input weights.</summary>
    public const string W2 = "w2";

    /// <summary>A zero set with the RTU layout.</summary>
    public static ParameterSet<T> Create<T>(int units, int inputSize) where T : unmanaged, IFloatingPointIeee754<T> =>
        new("rtu", (NuLog, [units]), (ThetaLog, [units]), (W1, [inputSize, units]), (W2, [inputSize, units]));

    /// <summary>Spec initialisation: ring-initialised eigenvalues and lecun_normal input weights.</summary>
    public static void Initialize<T>(ParameterSet<T> parameters, RtuOptions options, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = parameters.Segment(W1).Shape[0];
        RingInitialization.Sample(rng, options.RMin, options.RMax, options.MaxPhase, parameters.Value(NuLog), parameters.Value(ThetaLog));
        RingInitialization.LecunNormal(rng, d, parameters.Value(W1));
        RingInitialization.LecunNormal(rng, d, parameters.Value(W2));
    }
}
