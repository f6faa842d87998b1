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
    /// An error or a derivative no larger than this share of the size of the values it comes from (the value and its
    /// forecast) is rounding: the members step on it as on the 0 it stands for (<see cref="WithoutRounding"/>).
    /// </summary>
    /// <remarks>
    /// Why: the step divides by the root mean square of the past gradients, so it is about the same whatever a gradient's
    /// size, its sign included. On a run of values a member forecasts exactly (a constant stretch, a series at its cap, an
    /// exact season and trend) the errors and derivatives are what rounding leaves, and their signs moved the constants
    /// by full steps: Θ by +0.30 in a frozen forecaster and by −0.30 in its ONNX host, whose inputs differ in a float's
    /// last bit (a seasonal derivative of 8.7e-19 against −2.6e-18), so that the two served forecasts up to 0.23 apart
    /// (relative; a capped series fitted on 4 of 30 seeds); a learned Theta's α from 0.3 to 0.535 over 200 values of
    /// 14.5 (an outside review). A value's rounding is about 1e-16 of its size, a real error or derivative far above
    /// 1e-12 of it.
    /// </remarks>
    public const double RoundingShare = 1e-12;

    /// <summary>
    /// <paramref name="x"/>, or 0 where it is at most <see cref="RoundingShare"/> of <paramref name="size"/> (the
    /// magnitudes of the value and the forecast it comes from; a size that is not finite leaves it as it is).
    /// </summary>
    public static double WithoutRounding(double x, double size) => double.IsFinite(size) && Math.Abs(x) <= RoundingShare * size ? 0 : x;

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
