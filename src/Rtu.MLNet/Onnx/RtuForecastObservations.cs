using Rtu.Trainers.Online;

namespace Rtu.MLNet;

/// <summary>
/// One series' history for serving an exported forecaster (<see cref="RtuOnnxExport.ExportToOnnx(RtuForecastingTransformer, string)"/>):
/// turns each new value into the raw <c>obs</c> row of the ONNX graph, and the graph's <c>prediction</c> back into
/// level forecasts ŷ_{t+1} … ŷ_{t+H}. It keeps what the C# forecaster keeps besides the network: the recent changes,
/// the last season's values (for the seasonal-naive combination, with its weights frozen at construction), the last
/// observed value and the rows since it. Not thread-safe; use one per series.
/// </summary>
public sealed class RtuForecastObservations
{
    private readonly int _lags, _season, _exogenous, _horizon;
    private readonly bool _level;
    private readonly double _changeMean, _changeScale, _clip;
    private readonly int _seasonalGuesses;
    private readonly double[] _changes;
    private readonly double[] _levels;        // y_{t−k} ring of one season (NaN: missing)
    private readonly double[] _seasonalWeights; // β_h, frozen
    private long _rows;
    private double _last = double.NaN;
    private int _gap;

    /// <summary>A fresh history (no values yet) for the exported model of <paramref name="transformer"/>.</summary>
    public RtuForecastObservations(RtuForecastingTransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        var model = transformer.Model;
        var s = model.Settings;
        _lags = s.Lags; _season = s.SeasonLength; _level = s.IncludeLevel; _exogenous = s.ExogenousCount; _horizon = model.Horizon;
        _changeMean = model.Normalizer.Mean(0);
        _changeScale = model.Normalizer.Scale(0);
        _clip = model.Normalizer.Clip;
        _seasonalGuesses = _season > 1 && _horizon > 1 ? _horizon - 1 : 0;
        _changes = new double[Math.Max(1, Math.Max(_lags, _season))];
        Array.Fill(_changes, double.NaN);
        _levels = new double[Math.Max(1, _season)];
        Array.Fill(_levels, double.NaN);
        _seasonalWeights = model.SeasonalNaiveWeights.ToArray();
        ObservationSize = s.InputSize + _seasonalGuesses;
    }

    /// <summary>Width of an <c>obs</c> row.</summary>
    public int ObservationSize { get; }

    /// <summary>Exogenous values expected per row.</summary>
    public int ExogenousCount => _exogenous;

    /// <summary>Forecast horizon H.</summary>
    public int Horizon => _horizon;

    /// <summary>The last observed value (NaN before the first).</summary>
    public double LastValue => _last;

    /// <summary>
    /// Adds the series' next value y_t (NaN: missing) and its exogenous values, and writes the <c>obs</c> row for it:
    /// the changes d_t … d_{t−Lags+1}, d_{t+1−m} (with a season), the level, the exogenous values (NaN where unknown),
    /// then with a season and H &gt; 1 the seasonal-naive guesses e_2 … e_H (normalised with the exported statistics).
    /// </summary>
    public void Next(float value, ReadOnlySpan<float> exogenous, Span<float> observation)
    {
        if (exogenous.Length != _exogenous)
            throw new ArgumentException($"Expected {_exogenous} exogenous values, got {exogenous.Length}.", nameof(exogenous));
        if (observation.Length != ObservationSize)
            throw new ArgumentException($"observation must hold {ObservationSize} values (the obs width of the exported model), got {observation.Length}.", nameof(observation));
        double v = float.IsFinite(value) ? value : double.NaN;
        // As RtuForecaster.Observe: the change since the last observed value, spread over a gap of missing rows.
        double change = double.NaN;
        if (!double.IsNaN(v))
        {
            if (!double.IsNaN(_last)) change = (v - _last) / (_gap + 1);
            _last = v; _gap = 0;
        }
        else if (!double.IsNaN(_last)) _gap++;
        _changes[(int)(_rows % _changes.Length)] = change;
        _levels[(int)(_rows % _levels.Length)] = v;

        int i = 0;
        for (int k = 0; k < _lags; k++) observation[i++] = Change(k);
        if (_season > 1) observation[i++] = Change(_season - 1);
        if (_level) observation[i++] = (float)_last;
        exogenous.CopyTo(observation[i..]);
        i += exogenous.Length;
        if (_seasonalGuesses > 0)
        {
            // As RtuForecaster.Observe: e_h = Σ_{j≤h} c_{t+j−m·⌈j/m⌉} in normalised units (frozen statistics), clamped to ±Clip·h.
            int m = _season, n = _changes.Length;
            double sum = NormalizedChange(m - 1);
            for (int h = 2; h <= _horizon; h++)
            {
                int back = m * ((h + m - 1) / m) - h;
                sum += back < n ? NormalizedChange(back) : 0;
                observation[i++] = (float)Math.Clamp(sum, -_clip * h, _clip * h);
            }
        }
        _rows++;
    }

    /// <summary>
    /// The level forecasts ŷ_{t+h} = y_last + prediction_h + g·μ_d (g: rows since the last observed value, μ_d the
    /// frozen mean change) from the graph's <c>prediction</c> row for this series, moved toward the seasonal-naive value
    /// S_h by the frozen weight β_h where S_h is known, as the C# forecaster does; NaN before the first value.
    /// </summary>
    public void ToForecast(ReadOnlySpan<float> prediction, Span<float> forecast)
    {
        if (prediction.Length != _horizon) throw new ArgumentException($"prediction must hold {_horizon} values, got {prediction.Length}.", nameof(prediction));
        if (forecast.Length != _horizon) throw new ArgumentException($"forecast must hold {_horizon} values, got {forecast.Length}.", nameof(forecast));
        for (int h = 1; h <= _horizon; h++)
        {
            double f = double.IsNaN(_last) ? double.NaN : _last + prediction[h - 1] + _gap * _changeMean;
            double s = _seasonalWeights[h - 1] > 0 ? RtuForecaster.SeasonalNaive(_levels, _rows, h) : double.NaN;
            forecast[h - 1] = (float)(double.IsNaN(s) ? f : f + _seasonalWeights[h - 1] * (s - f));
        }
    }


    /// <summary>Starts the series afresh (no history); also reset the stream's state in the graph (zeros).</summary>
    public void Reset()
    {
        Array.Fill(_changes, double.NaN);
        Array.Fill(_levels, double.NaN);
        _rows = 0; _last = double.NaN; _gap = 0;
    }

    private float NormalizedChange(int back)
    {
        if (back >= _rows + 1) return 0f;
        double d = _changes[(int)((_rows - back) % _changes.Length)];
        return double.IsNaN(d) ? 0f : (float)Math.Clamp((d - _changeMean) / _changeScale, -_clip, _clip);
    }

    private float Change(int back) => back >= _rows + 1 ? float.NaN : (float)_changes[(int)((_rows - back) % _changes.Length)];
}
