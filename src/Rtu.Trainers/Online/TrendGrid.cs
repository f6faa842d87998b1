namespace Rtu.Trainers.Online;

/// <summary>
/// The (α, β, φ) grid a grid-fitted trend (<see cref="FittedDampedTrend"/>) runs side by side, in
/// <see cref="GridLanes"/>: α outermost, φ innermost, β ≤ α. One grid per kind of member, shared by all its instances.
/// </summary>
internal sealed class TrendGrid
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];

    /// <summary>The damped trend's grid: β ∈ {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5}, φ ∈ {0.8, 0.85, 0.9, 0.95, 0.98}.</summary>
    public static TrendGrid Damped { get; } = new("damped-trend", [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5], [0.8, 0.85, 0.9, 0.95, 0.98]);

    /// <summary>Holt's linear trend, the φ = 1 case: β ∈ {0.01, 0.05, 0.1, 0.2} (the eleventh pass's ETS-like chooser's grid).</summary>
    public static TrendGrid Linear { get; } = new("linear-trend", [0.01, 0.05, 0.1, 0.2], [1.0]);

    /// <summary>Simple exponential smoothing, ETS(A,N,N): no trend (β = 0, φ = 1, the trend never started), α alone.</summary>
    public static TrendGrid Level { get; } = new("level", [0.0], [1.0], trended: false);

    private TrendGrid(string name, double[] betas, double[] phis, bool trended = true)
    {
        Name = name;
        Phis = phis;
        Trended = trended;
        Points = [.. Alphas.SelectMany(a => betas.Where(b => b <= a).SelectMany(b => phis.Select(f => (a, b, f))))];
        AlphaLanes = GridLanes.Constant([.. Points.Select(p => p.Alpha)]);
        BetaLanes = GridLanes.Constant([.. Points.Select(p => p.Beta)]);
        PhiLanes = GridLanes.Constant([.. Points.Select(p => p.Phi)]);
    }

    /// <summary>Whether the first change starts a trend (false: the level alone, <see cref="Level"/>).</summary>
    public bool Trended { get; }

    /// <summary>What the fit is called in error messages.</summary>
    public string Name { get; }

    /// <summary>The damping factors, in the order they repeat inside the grid (point i has φ = Phis[i mod Phis.Length]).</summary>
    public double[] Phis { get; }

    /// <summary>The grid points.</summary>
    public (double Alpha, double Beta, double Phi)[] Points { get; }

    /// <summary>The constants, one lane per point, padded (<see cref="GridLanes.Constant"/>).</summary>
    public double[] AlphaLanes { get; }

    /// <inheritdoc cref="AlphaLanes"/>
    public double[] BetaLanes { get; }

    /// <inheritdoc cref="AlphaLanes"/>
    public double[] PhiLanes { get; }
}
