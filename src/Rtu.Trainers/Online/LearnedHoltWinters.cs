using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// Additive damped-trend Holt–Winters whose smoothing constants α, β, γ and damping φ are learned online: after each
/// value, one gradient step on the one-step squared error, with the exact derivative of the forecast through the
/// whole recursion (real-time recurrent learning on the smoothing equations). A member of <see cref="ForecastPool"/>.
/// </summary>
/// <remarks>
/// <para>Recursion (p = ℓ + φb, s = s_{t mod m}): ℓ ← α(y − s) + (1−α)p; b ← β(ℓ_new − ℓ) + (1−β)φb;
/// s ← γ(y − ℓ_new) + (1−γ)s; one-step forecast p + s. The sensitivities ∂ℓ/∂θ, ∂b/∂θ and ∂s_i/∂θ of the four
/// constants θ are carried with the states (4 + 4 + 4m scalars) and updated with them: O(1) per step, since only one
/// seasonal state (and its sensitivities) changes per step.</para>
/// <para>Constants: θ = lo + (hi − lo)·σ(u) keeps each inside its range (α, γ ∈ (0, 1), β ∈ (0, 0.5), φ ∈ (0.8, 1));
/// u starts at the pool's fixed constants and moves by RMSprop-scaled gradient steps (scale-free: the gradient is
/// divided by its own running root mean square, so the step does not depend on the series' units).
/// Why: the fixed constants fit some series and not others (a fast season on monthly sales, a slow one on climate
/// normals); the error's gradient finds the series' own constants without look-ahead, as ETS's fit does offline.</para>
/// </remarks>
public sealed class LearnedHoltWinters
{
    /// <summary>Step size of the constants' logits (per value, RMSprop-scaled).</summary>
    public const double LearningRate = 0.03;

    private const int Parameters = 4, A = 0, B = 1, G = 2, F = 3;
    private static readonly double[] Low = [0, 0, 0, 0.8], High = [1, 0.5, 1, 1];
    private static readonly string[] Names = ["alpha", "beta", "gamma", "phi"];

    private readonly int _m;
    private readonly bool _multiplicative;   // seasonal states are ratios: ŷ = (ℓ + φb)·s
    private readonly double[] _season;      // s_i
    private readonly double[] _dSeason;     // [i][θ] ∂s_i/∂θ
    private readonly double[] _logit = new double[Parameters], _theta = new double[Parameters];
    private readonly double[] _dLevel = new double[Parameters], _dTrend = new double[Parameters];
    private readonly double[] _meanSquare = new double[Parameters];
    private readonly double[] _scratch = new double[Parameters];
    private readonly double[] _initialLogit;
    private double _level, _trend;
    private long _steps;

    /// <summary>
    /// A learner for season length <paramref name="seasonLength"/>, additive or <paramref name="multiplicative"/>,
    /// starting at the given constants (α, γ ∈ (0, 1), β ∈ (0, 0.5), φ ∈ (0.8, 1)).
    /// </summary>
    public LearnedHoltWinters(int seasonLength, double alpha, double beta, double gamma, double phi, bool multiplicative)
    {
        _multiplicative = multiplicative;
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        _m = seasonLength;
        _season = new double[_m];
        _dSeason = new double[_m * Parameters];
        Span<double> start = [alpha, beta, gamma, phi];
        for (int k = 0; k < Parameters; k++)
        {
            if (!(start[k] > Low[k] && start[k] < High[k])) throw new ArgumentOutOfRangeException(Names[k], start[k], $"{Names[k]} must lie in ({Low[k]}, {High[k]}).");
            double unit = (start[k] - Low[k]) / (High[k] - Low[k]);
            _logit[k] = Math.Log(unit / (1 - unit));
        }
        _initialLogit = (double[])_logit.Clone();
        Reset();
    }

    /// <summary>Current α.</summary>
    public double Alpha => _theta[A];

    /// <summary>Current β.</summary>
    public double Beta => _theta[B];

    /// <summary>Current γ.</summary>
    public double Gamma => _theta[G];

    /// <summary>Current φ.</summary>
    public double Phi => _theta[F];

    /// <summary>Starts from level <paramref name="level"/> and seasonal states <paramref name="season"/> (trend 0, sensitivities 0).</summary>
    public void Initialise(double level, ReadOnlySpan<double> season)
    {
        _level = level; _trend = 0;
        season.CopyTo(_season);
        Array.Clear(_dLevel); Array.Clear(_dTrend); Array.Clear(_dSeason);
    }

    /// <summary>Forecast of the value h ≥ 1 steps after the last, whose position in the season is <paramref name="at"/>.</summary>
    public double Forecast(int h, int at)
    {
        double phi = _theta[F];
        double damp = phi * (1 - Math.Pow(phi, h)) / (1 - phi);   // φ + … + φ^h (φ < 1)
        double trended = _level + damp * _trend;
        return _multiplicative ? trended * _season[at] : trended + _season[at];
    }

    /// <summary>
    /// The exact derivatives of the one-step forecast of a value at season position <paramref name="at"/> with respect
    /// to α, β, γ, φ (in that order), through the whole recursion since <see cref="Initialise"/>.
    /// </summary>
    public void OneStepGradient(int at, Span<double> gradient)
    {
        if (gradient.Length != Parameters) throw new ArgumentException($"gradient must hold {Parameters} values.", nameof(gradient));
        double phi = _theta[F], p = _level + phi * _trend, s = _season[at];
        for (int k = 0; k < Parameters; k++)
        {
            double dp = _dLevel[k] + phi * _dTrend[k] + (k == F ? _trend : 0), ds = _dSeason[at * Parameters + k];
            gradient[k] = _multiplicative ? dp * s + p * ds : dp + ds;
        }
    }

    /// <summary>The level ℓ.</summary>
    public double Level => _level;

    /// <summary>The seasonal state at season position <paramref name="at"/>.</summary>
    public double SeasonAt(int at) => _season[at];

    /// <summary>Moves the level by <paramref name="delta"/> (a level shift).</summary>
    public void Shift(double delta) => _level += delta;

    /// <summary>
    /// Expresses the state in units <paramref name="factor"/> (&gt; 0) times the old ones, as if the series had always
    /// been in them (a frozen pool's series changed units, <see cref="ForecastPool.Clean"/>); the learned coefficients are kept.
    /// </summary>
    public void Rescale(double factor)
    {
        // Level, trend and their sensitivities carry the units; additive seasonal states and their sensitivities too,
        // ratios do not. The squared gradients (error × derivative) scale by factor⁴, so the next steps are the same.
        _level *= factor; _trend *= factor;
        for (int k = 0; k < Parameters; k++) { _dLevel[k] *= factor; _dTrend[k] *= factor; _meanSquare[k] *= factor * factor * factor * factor; }
        if (_multiplicative) return;
        for (int i = 0; i < _season.Length; i++) _season[i] *= factor;
        for (int i = 0; i < _dSeason.Length; i++) _dSeason[i] *= factor;
    }

    /// <summary>Value <paramref name="value"/> at season position <paramref name="at"/>: a gradient step on the constants (when <paramref name="learn"/>), then the states.</summary>
    public void Update(double value, int at, bool learn)
    {
        double alpha = _theta[A], beta = _theta[B], gamma = _theta[G], phi = _theta[F];
        double s = _season[at];
        double p = _level + phi * _trend;
        var ds = _dSeason.AsSpan(at * Parameters, Parameters);
        var dp = _scratch.AsSpan();
        for (int k = 0; k < Parameters; k++) dp[k] = _dLevel[k] + phi * _dTrend[k] + (k == F ? _trend : 0);
        if (learn)
        {
            // ∂(½e²)/∂u_k = −e ∂ŷ/∂θ_k · dθ/du_k; ŷ = p + s (additive) or p·s (multiplicative).
            // An error or a derivative of rounding size is read as the 0 it stands for (RmsPropStep.RoundingShare).
            double forecast = _multiplicative ? p * s : p + s, size = Math.Abs(value) + Math.Abs(forecast);
            double error = RmsPropStep.WithoutRounding(value - forecast, size);
            _steps++;
            for (int k = 0; k < Parameters; k++)
            {
                double dForecast = RmsPropStep.WithoutRounding(_multiplicative ? dp[k] * s + p * ds[k] : dp[k] + ds[k], size);
                double g = error * dForecast * (_theta[k] - Low[k]) * (High[k] - _theta[k]) / (High[k] - Low[k]);
                if (!double.IsFinite(g)) continue;
                RmsPropStep.Apply(ref _logit[k], ref _meanSquare[k], g, _steps == 1, LearningRate, 8);
            }
        }
        // States and their sensitivities with the constants used for this step's forecast.
        double level;
        if (_multiplicative)
        {
            // ℓ ← α y/s + (1−α)p; s ← γ y/ℓ_new + (1−γ)s (the caller keeps y, s > 0).
            level = alpha * value / s + (1 - alpha) * p;
            for (int k = 0; k < Parameters; k++)
            {
                double dLevel = (k == A ? value / s - p : 0) - alpha * value * ds[k] / (s * s) + (1 - alpha) * dp[k];
                double dTrend = (k == B ? level - _level - phi * _trend : 0) + beta * (dLevel - _dLevel[k]) + (1 - beta) * (phi * _dTrend[k] + (k == F ? _trend : 0));
                if (level > 0) ds[k] = (k == G ? value / level - s : 0) - gamma * value * dLevel / (level * level) + (1 - gamma) * ds[k];
                _dLevel[k] = dLevel; _dTrend[k] = dTrend;
            }
            if (level > 0) _season[at] = gamma * value / level + (1 - gamma) * s;
        }
        else
        {
            level = alpha * (value - s) + (1 - alpha) * p;
            for (int k = 0; k < Parameters; k++)
            {
                double dLevel = (k == A ? value - s - p : 0) - alpha * ds[k] + (1 - alpha) * dp[k];
                double dTrend = (k == B ? level - _level - phi * _trend : 0) + beta * (dLevel - _dLevel[k]) + (1 - beta) * (phi * _dTrend[k] + (k == F ? _trend : 0));
                ds[k] = (k == G ? value - level - s : 0) - gamma * dLevel + (1 - gamma) * ds[k];
                _dLevel[k] = dLevel; _dTrend[k] = dTrend;
            }
            _season[at] = gamma * (value - level) + (1 - gamma) * s;
        }
        _trend = beta * (level - _level) + (1 - beta) * phi * _trend;
        _level = level;
        if (!double.IsFinite(_dLevel[0] + _dLevel[1] + _dLevel[2] + _dLevel[3] + _dTrend[0] + _dTrend[1] + _dTrend[2] + _dTrend[3] + ds[0] + ds[1] + ds[2] + ds[3]))
        {
            // A derivative that overflowed carries no information: start the sensitivities afresh.
            Array.Clear(_dLevel); Array.Clear(_dTrend); Array.Clear(_dSeason);
        }
        SetTheta();
    }

    private void SetTheta()
    {
        for (int k = 0; k < Parameters; k++) _theta[k] = Low[k] + (High[k] - Low[k]) / (1 + Math.Exp(-_logit[k]));
    }

    /// <summary>Forgets the series and the learned constants.</summary>
    public void Reset()
    {
        _initialLogit.CopyTo(_logit, 0);
        SetTheta();
        _level = _trend = 0; _steps = 0;
        Array.Clear(_season); Array.Clear(_dSeason); Array.Clear(_dLevel); Array.Clear(_dTrend); Array.Clear(_meanSquare);
    }

    /// <summary>Writes the whole state (the learned constants included).</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_m); w.Write(_multiplicative);
        foreach (var a in new[] { _season, _dSeason, _logit, _dLevel, _dTrend, _meanSquare }) BinaryRuns.Write<double>(w, a);
        w.Write(_level); w.Write(_trend); w.Write(_steps);
    }

    /// <summary>Reads a state written by <see cref="Save"/> for the same season.</summary>
    /// <exception cref="InvalidDataException">Mismatched or damaged data.</exception>
    public void Load(BinaryReader r)
    {
        int m = r.ReadInt32(); bool multiplicative = r.ReadBoolean();
        if (m != _m || multiplicative != _multiplicative) throw new InvalidDataException($"Stored learned Holt-Winters (season {m}, multiplicative {multiplicative}) does not match this one ({_m}, {_multiplicative}).");
        foreach (var a in new[] { _season, _dSeason, _logit, _dLevel, _dTrend, _meanSquare }) BinaryRuns.Read<double>(r, a);
        _level = r.ReadDouble(); _trend = r.ReadDouble(); _steps = r.ReadInt64();
        if (_logit.Any(v => !double.IsFinite(v)) || _meanSquare.Any(v => !(v >= 0)) || _steps < 0) throw new InvalidDataException("Stored learned Holt-Winters state is invalid.");
        SetTheta();
    }
}
