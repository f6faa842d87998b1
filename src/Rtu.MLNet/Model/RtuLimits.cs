namespace Rtu.MLNet;

/// <summary>
/// Resource limits on model sizes, checked when options are validated (estimator construction), at Fit (where the
/// input width is known) and when a model or checkpoint is loaded, so that a size the library accepts cannot run away
/// (tens of gigabytes, minutes per row). Beyond a limit the error is an <see cref="ArgumentOutOfRangeException"/> naming
/// the option (or, in a file, an <see cref="InvalidDataException"/>).
/// </summary>
/// <remarks>
/// Measured costs (docs/RELIABILITY.md, "Resource limits", holds the table): a model takes about 25 (memoryless) to 80
/// (non-linear RTU, GRU) bytes per Units × input width at construction, so <see cref="MaxUnitsTimesInputWidth"/> caps one
/// copy near 340 MB (Transform and every engine stream hold a copy). A forecaster's state grows as H²: at
/// <see cref="MaxHorizon"/> it is large (about 75 MB a fitted model or stream in memory, 140 MB a stream's checkpoint,
/// and a possible spike's snapshot of it about 740 MB of transient allocation; at H = 300 that snapshot costs 53 MB).
/// </remarks>
public static class RtuLimits
{
    /// <summary>Largest forecast horizon / number of state-feature predictions.</summary>
    public const int MaxHorizon = 1000;

    /// <summary>Largest input width (features per row, or a forecaster's lags + season + level + exogenous values).</summary>
    public const int MaxInputWidth = 1_000_000;

    /// <summary>Largest Units × input width (the size of the input weights, which every trace and moment repeats).</summary>
    public const long MaxUnitsTimesInputWidth = 1L << 22;

    /// <summary>Most rows a SortByTimestamp option buffers (one copy of the columns read, e.g. ~16 bytes per row for a value, a key and a timestamp).</summary>
    public const int MaxSortedRows = 50_000_000;

    // The options check it before the learner's settings do: those accept horizons up to 10,000 and would name that range.
    internal static void CheckHorizon(int horizon, string name = "Horizon")
    {
        if (horizon < 1)
            throw new ArgumentOutOfRangeException(name, horizon, $"{name} must be in [1, {MaxHorizon}] (RtuLimits.MaxHorizon).");
        if (horizon > MaxHorizon)
            throw new ArgumentOutOfRangeException(name, horizon, $"{name} must be in [1, {MaxHorizon}] (RtuLimits.MaxHorizon): a forecaster's state grows as the horizon squared.");
    }

    /// <summary>Checks a model's width against the limits before anything of that size is allocated.</summary>
    internal static void CheckWidth(int units, int inputWidth, string widthName)
    {
        if (inputWidth > MaxInputWidth)
            throw new ArgumentOutOfRangeException(widthName, inputWidth, $"The input width ({inputWidth}) exceeds RtuLimits.MaxInputWidth ({MaxInputWidth:N0}).");
        if ((long)units * inputWidth > MaxUnitsTimesInputWidth)
            throw new ArgumentOutOfRangeException("Units", units,
                $"Units × input width = {units} × {inputWidth} = {(long)units * inputWidth:N0} exceeds RtuLimits.MaxUnitsTimesInputWidth ({MaxUnitsTimesInputWidth:N0}, about 340 MB per model copy): use fewer units or reduce the features (e.g. a projection).");
    }
}
