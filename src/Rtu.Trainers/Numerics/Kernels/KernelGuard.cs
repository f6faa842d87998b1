namespace Rtu.Trainers.Numerics;

/// <summary>
/// Argument checks of the kernel entry points, once per call: exact span lengths (the loops use unchecked references,
/// so a short span would silently read or write past its end) and no overlap between a written span and any other span
/// (a kernel reads and writes lane by lane, so an overlapping output would feed partly updated values back in).
/// </summary>
internal static class KernelGuard
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="span"/> has <paramref name="expected"/> elements.</summary>
    public static void Length<T>(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length != expected)
            throw new ArgumentException($"{name} must have length {expected}, got {span.Length}.", name);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the written span <paramref name="output"/> overlaps <paramref name="other"/>.</summary>
    public static void Disjoint<T>(ReadOnlySpan<T> output, string outputName, ReadOnlySpan<T> other, string otherName)
    {
        if (output.Overlaps(other))
            throw new ArgumentException($"{outputName} is written by this kernel and must not overlap {otherName}.", outputName);
    }
}
