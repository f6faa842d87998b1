namespace Rtu.Onnx;

/// <summary>Maps the exporter's activations to the trainer's (the cell definitions speak the trainer's).</summary>
internal static class ActivationMapping
{
    /// <summary>The trainer's activation of the same name.</summary>
    public static Rtu.Trainers.Numerics.Activation ToTrainers(this Activation a) => a switch
    {
        Activation.Identity => Rtu.Trainers.Numerics.Activation.Identity,
        Activation.Relu => Rtu.Trainers.Numerics.Activation.Relu,
        Activation.Tanh => Rtu.Trainers.Numerics.Activation.Tanh,
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "Unknown activation."),
    };
}
