namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>A frozen pool's members fit a series started afresh (layout 35): after <see cref="Reset"/>, until the pool
/// learns from a row, observing with <c>learn</c> false still fits each member to the values (the autoregressions'
/// and ARIMA members' coefficients, the fitted trends and dampings, the learned smoothing constants), as the members of a
/// learning pool do; what was learned about the combination stays frozen (the members' weights, the clean's scale, the
/// correction of the combination's errors). A pool that learned since its reset (a model served with the state it was
/// trained to) keeps its members' fits frozen, as before.</para>
/// <para>Why: a reset clears the members' fits, and frozen they never fitted again while the combination went on
/// weighting them by what their trained fits had earned. Serving a model on a new series (the ONNX host's history, a
/// Transform with <c>ResetStateOnTransform</c> and <c>LearnDuringTransform = false</c>) forecast worse than the naive
/// forecast for good: an outside audit's 5-minute device, days 3–8 after Fit, one step MAE 0.96 where the model that
/// kept its state had 0.53, and 1.41 against 0.55 without a season; a test's device (FrozenFreshSeriesTests) 0.581 →
/// 0.534 (kept state 0.527), without a season 0.698 → 0.550 (0.548; naive 0.673), the order-chosen AR having forecast
/// at an error of 3.2 and the fitted drift at 1.3 (a review: a random walk with drift 3.77 → 0.79, the kept state's
/// 0.79; hourly data 24 steps ahead 10.6 → 3.0; 80 % intervals there covering 19 % → 81 %).</para>
/// <para>The cost: the members start cold, as a learning pool's do, so in the first seasons of a fresh series long
/// horizons can be worse than with the members' empty fits, which left the combination to the few members that need
/// none (a review: season 24, 24 steps ahead, the first 72 rows of 20 fresh series MAE 5.89 → 8.24, a learning pool's
/// 8.23; rows 72–144 4.77 → 2.92); and serving costs 5–20 % more per row.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    private bool _fitsWhileFrozen;   // reset and not learned since: frozen observations still fit the members (false: a pool read from a layout 1–34 file, as it was)

    /// <summary>
    /// Whether observing without learning still fits the members to the series: true from <see cref="Reset"/> (a series
    /// started afresh) until the pool learns from a row (false for a pool read from a layout 1–34 file until it is reset).
    /// </summary>
    public bool FitsMembersWhenFrozen => _fitsWhileFrozen;
}
