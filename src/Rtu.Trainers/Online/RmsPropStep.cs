namespace Rtu.Trainers.Online;

/// <summary>
/// The step of the smoothing constants the forecast pool learns online (<see cref="LearnedHoltWinters"/>,
/// <see cref="LearnedTheta"/>, <see cref="LearnedAirline"/>): RMSprop on each constant's unconstrained pre-image, one step
/// per value, with the exact derivative of the one-step squared error.
/// </summary>
/// <remarks>Why RMSprop: the gradient's scale is the series' squared scale times the sensitivity's, which no fixed step
/// size fits across series; dividing by its running root mean square makes the step about <c>learningRate</c> in the
/// pre-image whatever the series' units.</remarks>
internal static class RmsPropStep
{
    /// <summary>Weight of the old running mean of squared gradients.</summary>
    public const double Decay = 0.99;

    /// <summary>
    /// Moves <paramref name="preimage"/> by learningRate·g/√E[g²], g = <paramref name="descent"/> (minus the loss
    /// gradient), E[g²] the running mean in <paramref name="meanSquare"/> (g² on the <paramref name="first"/> step), and
    /// keeps it within ±<paramref name="limit"/>.
    /// </summary>
    public static void Apply(ref double preimage, ref double meanSquare, double descent, bool first, double learningRate, double limit)
    {
        meanSquare = first ? descent * descent : Decay * meanSquare + (1 - Decay) * descent * descent;
        if (meanSquare > 0) preimage = Math.Clamp(preimage + learningRate * descent / Math.Sqrt(meanSquare), -limit, limit);
    }
}
