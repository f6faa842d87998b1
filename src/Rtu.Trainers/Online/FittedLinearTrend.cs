namespace Rtu.Trainers.Online;

/// <summary>
/// Holt's linear trend, ℓ ← ℓ + b + α·e, b ← b + β·e (e the one-step error; ETS's parametrisation of ETS(A,A,N), the
/// same forecasts as an ARIMA(0,2,2) with θ₁ = α + β − 2, θ₂ = 1 − α), with α and β chosen from a grid by the lowest
/// one-step squared error over the whole sample: every grid point runs as its own O(1) recursion, so the choice is
/// R's <c>ets()</c> fit over a grid instead of an optimiser. A member of <see cref="ForecastPool"/> (the d = 2 member,
/// combined while <see cref="KpssDifferencing"/> says d = 2); O(<see cref="GridSize"/>) per step, no allocation. It is
/// <see cref="FittedDampedTrend"/>'s recursion on the φ = 1 grid (<see cref="TrendGrid.Linear"/>): with φ = 1 every
/// damped step and forecast factor is exact, so the bits are those of the undamped recursion ℓ + h·b.
/// </summary>
/// <remarks>
/// Grid: α ∈ {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99}, β ∈ {0.01, 0.05, 0.1, 0.2} with β ≤ α (the eleventh pass's
/// ETS-like chooser's grid, samples/Rtu.Forecasting/NOTEBOOK.md). Start: ℓ the first value, b the first change; forecasts
/// from the third scored value on, ŷ_{t+h} = ℓ + h·b. A missing value moves ℓ by b and teaches nothing.
/// </remarks>
public sealed class FittedLinearTrend
{
    private readonly FittedDampedTrend _fit;

    /// <summary>Scored values before the fit forecasts.</summary>
    public const int MinimumScored = FittedDampedTrend.MinimumScored;

    /// <summary>Grid points (α, β) run side by side.</summary>
    public static int GridSize => TrendGrid.Linear.Points.Length;

    /// <summary>A fit forecasting up to <paramref name="horizon"/> steps.</summary>
    public FittedLinearTrend(int horizon)
    {
        _fit = new FittedDampedTrend(horizon, TrendGrid.Linear);
        Horizon = horizon;
    }

    /// <summary>The most steps it forecasts.</summary>
    public int Horizon { get; }

    /// <summary>Whether the fit forecasts.</summary>
    public bool Ready => _fit.Ready;

    /// <summary>The chosen (α, β).</summary>
    public (double Alpha, double Beta) Constants => (_fit.Constants.Alpha, _fit.Constants.Beta);

    /// <summary>Value <paramref name="value"/> (NaN: missing); with <paramref name="learn"/> false the errors are not counted (the choice stays).</summary>
    public void Update(double value, bool learn) => _fit.Update(value, learn);

    /// <summary>The forecasts of the next <paramref name="path"/>.Length ≤ horizon values (NaN until <see cref="Ready"/>).</summary>
    public void Forecast(Span<double> path) => _fit.Forecast(path);

    /// <summary>The series' past moves by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta) => _fit.Shift(delta);

    /// <summary>The series' past is expressed in units <paramref name="factor"/> times the old ones (the choice is kept).</summary>
    public void Rescale(double factor) => _fit.Rescale(factor);

    /// <summary>Forgets the series and the fit.</summary>
    public void Reset() => _fit.Reset();

    /// <summary>Bytes <see cref="Save"/> writes.</summary>
    internal int SavedLength => _fit.SavedLength;

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w) => _fit.Save(w);

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r) => _fit.Load(r);
}
