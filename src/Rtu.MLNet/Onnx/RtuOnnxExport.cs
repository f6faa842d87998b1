using System.Globalization;
using Rtu.Trainers.Online;
using Rtu.Onnx;
using Rtu.Onnx.Export;

namespace Rtu.MLNet;

/// <summary>
/// ONNX export of fitted RTU transformers: the one-step graph of <c>Rtu.Onnx</c> (input <c>obs [N,d]</c> and the
/// recurrent state <c>state_*</c>; outputs <c>features</c>, <c>prediction</c>, for a forecaster optionally its frozen
/// interval half-widths <c>interval_half_width_80/95</c>, and <c>next_state_*</c>), with the
/// running input statistics and the label scaling frozen into the graph. The file runs in ONNX Runtime
/// (<see cref="Rtu.Onnx.Runtime.OnnxRecurrentRunner"/>) and inside an ML.NET pipeline through
/// <c>mlContext.Transforms.ApplyOnnxModel</c>, which is stateless row by row: each row then carries its stream's state
/// in the <c>state_*</c> columns and the caller keeps <c>next_state_*</c> for that stream's next row.
/// </summary>
/// <remarks>
/// The exported graph is the transformer's inference mode: the weights and the input statistics as they are now,
/// frozen (<c>LearnDuringTransform = false</c>, or a streaming engine's <c>Predict</c>). Streams start from zero state
/// (as a Transform cursor with <c>ResetStateOnTransform = true</c>); the online learning itself (RTRL, TD(λ), Adam,
/// the running statistics) is not part of the graph. For a forecaster, <see cref="RtuForecastObservations"/> runs what
/// the frozen model does outside the network: the outlier clean (with its long-gap rule) and the forecast pool, and a
/// change of the series' units, which it carries by feeding the graph values in the exported units and scaling the
/// predictions and interval half-widths back (the graph's constants never change).
/// </remarks>
public static class RtuOnnxExport
{
    /// <summary>Metadata key naming the exported Rtu.MLNet component.</summary>
    public const string ComponentKey = "rtu_mlnet.component";

    // The forecaster's frozen constants a serving history reads too (RtuForecastObservations.EnsureMatches checks an older
    // graph on them): one place for their keys and how they are written.
    internal const string SeasonalNaiveWeightsKey = "rtu_mlnet.seasonal_naive_weights", ChangeMeanKey = "rtu_mlnet.change_mean";

    internal static string Numbers(IEnumerable<double> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Writes the state-feature transformer as a one-step ONNX graph (atomically: a failed export keeps an existing file).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>obs [N,d]</c>: the raw feature vector of one row (the transformer's input column; NaN or ±∞ = missing,
    /// imputed by the frozen running mean), standardised in the graph with the frozen running statistics and clamped to ±5 as the C# model does.</item>
    /// <item><c>state_*</c>: the stream's recurrent state (zeros at the start of a stream), e.g. <c>state_h1</c>,
    /// <c>state_h2</c> [N,Units] for an RTU; feed <c>next_state_*</c> back on the stream's next row.</item>
    /// <item><c>features [N,StateSize]</c>: the state column (<see cref="RtuStateFeaturesOptions.OutputColumnName"/>).</item>
    /// <item><c>prediction [N,Horizon]</c> (only when <see cref="RtuStateFeaturesOptions.PredictionColumnName"/> is set):
    /// the prediction column in label units (the label's frozen mean and scale are in the graph).</item>
    /// </list>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The transformer has seen no rows (nothing was fitted).</exception>
    /// <exception cref="NotSupportedException">An architecture or activation the ONNX graph does not cover.</exception>
    public static void ExportToOnnx(this RtuStateFeaturesTransformer transformer, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        OnnxExporter.Export(ToOnnxWeights(transformer), path);
    }

    /// <summary>The weight records <see cref="ExportToOnnx(RtuStateFeaturesTransformer, string)"/> writes (a snapshot).</summary>
    /// <exception cref="InvalidOperationException">The transformer has seen no rows (nothing was fitted).</exception>
    /// <exception cref="NotSupportedException">An architecture or activation the ONNX graph does not cover.</exception>
    public static RecurrentModelWeights ToOnnxWeights(this RtuStateFeaturesTransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        if (transformer.IsKeyed)
            throw new NotSupportedException($"This transformer holds one model per series key ({transformer.SeriesKeys.Count} series): export one series with transformer.ForKey(key).ExportToOnnx(path), one graph per key.");
        var o = transformer.Options;
        var model = transformer.Model;
        var learner = model.Learner;
        var norm = model.Normalizer;
        int d = model.InputSize;
        if (learner.Rows == 0)
            throw new InvalidOperationException(
                "The RTU state-feature transformer has not seen any rows: its input statistics are empty, so there is nothing to export. Fit it on data first.");
        var metadata = new Dictionary<string, string>
        {
            [ComponentKey] = "RtuStateFeatures",
            ["rtu_mlnet.obs"] = $"[N,{d}] the raw values of the feature column '{o.InputColumnName}' (NaN = missing, imputed by the frozen mean)",
            ["rtu_mlnet.features"] = $"the state column '{o.OutputColumnName}'",
            ["rtu_mlnet.input_statistics_rows"] = norm.Counts.Take(d).Max().ToString(CultureInfo.InvariantCulture),
        };
        if (o.PredictionColumnName is not null)
        {
            metadata["rtu_mlnet.prediction"] = $"the prediction column '{o.PredictionColumnName}' in label units: output h predicts the " +
                (learner.Settings.Td.Gamma > 0 ? "discounted sum (TD) of the next labels for h = 1, " : "next label for h = 1, ") + "the sum of the next h labels for h > 1";
            metadata["rtu_mlnet.label_mean"] = norm.Mean(d).ToString("R", CultureInfo.InvariantCulture);
            metadata["rtu_mlnet.label_scale"] = norm.Scale(d).ToString("R", CultureInfo.InvariantCulture);
        }
        return ToOnnx(model.ExportWeights(withPrediction: o.PredictionColumnName is not null), metadata);
    }

    /// <summary>
    /// Writes the forecaster's network as a one-step ONNX graph (atomically: a failed export keeps an existing file).
    /// </summary>
    /// <remarks>
    /// The forecaster's inputs are engineered from the series' history; the graph takes them raw and standardises them
    /// with the frozen running statistics, so <c>obs</c> needs no statistics from the caller but does need the history:
    /// <list type="bullet">
    /// <item><c>obs [N, Lags + (SeasonLength &gt; 1 ? 1 : 0) + (IncludeLevel ? 1 : 0) + exogenous width + (SeasonLength &gt; 1 ? Horizon − 1 : 0)]</c>:
    /// the changes d_t … d_{t−Lags+1} (d_t = y_t − y_{t−1}; NaN where unknown), the change one season ago d_{t+1−m}, the
    /// level (y_t, or the last observed value when y_t is missing), the raw exogenous values, and with a season the
    /// seasonal-naive guesses e_2 … e_H that the h-step heads read (sums of past changes normalised with the frozen
    /// statistics, as the C# forecaster computes them). NaN entries are missing and are imputed exactly as the C#
    /// forecaster does. <see cref="RtuForecastObservations"/> builds these rows from the series.</item>
    /// <item><c>state_*</c>: the stream's recurrent state (zeros at the start of a series); feed <c>next_state_*</c> back.</item>
    /// <item><c>prediction [N,Horizon]</c>: the forecast change from the last observed value, prediction_h = ŷ_{t+h} − y_last
    /// − g·μ_d, with g the rows since y_last (0 when y_t is observed) and μ_d the frozen mean change (metadata
    /// <c>rtu_mlnet.change_mean</c>); so ŷ_{t+h} = y_t + prediction_h when y_t is observed
    /// (<see cref="RtuForecastObservations.ToForecast"/> does this). The shrinkage toward the naive forecast is frozen in.
    /// With a season, the forecaster's final step is outside the graph too: F_h = y_last + prediction_h + g·μ_d is moved
    /// toward the seasonal-naive value S_h = y_{t+h−m⌈h/m⌉} as F_h + β_h·(S_h − F_h) when S_h is known, with the weights
    /// β_h frozen at export (metadata <c>rtu_mlnet.seasonal_naive_weights</c>; <see cref="RtuForecastObservations.ToForecast"/>
    /// applies them).</item>
    /// <item><c>features [N,StateSize]</c>: the RTU state (the optional state column).</item>
    /// </list>
    /// The series bookkeeping (differencing, the history of changes and values, the seasonal guesses, adding y_last back) stays
    /// outside the graph, in <see cref="RtuForecastObservations"/>, because the graph sees one row and its recurrent
    /// state only; the metadata <c>rtu_mlnet.model_sha256</c> (<see cref="RtuForecastObservations.ModelFingerprintKey"/>)
    /// lets a history check it was built from the model the graph was exported from
    /// (<see cref="RtuForecastObservations.EnsureMatches"/>).
    /// <para>With <see cref="RtuForecastingOptions.IncludeIntervals"/> (or <see cref="ExportToOnnx(RtuForecastingTransformer, string, bool)"/>
    /// with <c>includeIntervals</c> true) the graph also outputs the forecaster's online conformal intervals, frozen:
    /// <c>interval_half_width_80</c> and <c>interval_half_width_95</c> [N,Horizon], the half-widths per horizon in the
    /// series' units (the same for every row: the calibration does not learn in inference mode; NaN where a horizon had
    /// fewer than <see cref="ConformalIntervals.MinimumScored"/> scored forecasts). The 80 % interval is
    /// forecast_h ± interval_half_width_80[h] around the final forecast, as the transformer's
    /// <c>{Output}Lower80</c>/<c>{Output}Upper80</c> columns give it (<see cref="RtuForecastObservations.ToInterval"/>);
    /// likewise 95 %. Where a horizon's intervals grow with the forecast (<see cref="ConformalIntervals.ScalePower"/> p above 0:
    /// a positive series whose errors grow with its level; metadata <c>rtu_mlnet.interval_scale_power</c>), its half-width is
    /// a multiple of the final forecast's power p: forecast_h ± interval_half_width_80[h]·forecast_h^p, p = 1 a fraction of
    /// the forecast (<c>rtu_mlnet.interval_relative</c> 1), p = ½ a multiple of its square root (where forecast_h ≤ 0, a
    /// forecast clipped at 0, <c>rtu_mlnet.interval_reference_level</c>[h] is taken in its place). Metadata
    /// <c>rtu_mlnet.intervals</c>, <c>rtu_mlnet.interval_levels</c>, <c>rtu_mlnet.interval_relative</c>,
    /// <c>rtu_mlnet.interval_scale_power</c>, <c>rtu_mlnet.interval_reference_level</c>, <c>rtu_mlnet.interval_scored</c> and <c>rtu_mlnet.interval_gap_widening</c>
    /// (after g missing rows each half-width is multiplied by √((h + g)/h), as the transformer's) describe them.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The transformer has seen no values (nothing was fitted).</exception>
    /// <exception cref="NotSupportedException">An architecture or activation the ONNX graph does not cover, or a keyed
    /// transformer (export each series with <see cref="RtuForecastingTransformer.ForKey"/>).</exception>
    public static void ExportToOnnx(this RtuForecastingTransformer transformer, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        OnnxExporter.Export(ToOnnxWeights(transformer), path);
    }

    /// <summary>
    /// Like <see cref="ExportToOnnx(RtuForecastingTransformer, string)"/>, with the frozen interval outputs when
    /// <paramref name="includeIntervals"/> is true (whatever <see cref="RtuForecastingOptions.IncludeIntervals"/> says:
    /// the forecaster calibrates its intervals either way) and without them when false.
    /// </summary>
    /// <exception cref="InvalidOperationException">The transformer has seen no values (nothing was fitted).</exception>
    /// <exception cref="NotSupportedException">An architecture or activation the ONNX graph does not cover, or a keyed transformer.</exception>
    public static void ExportToOnnx(this RtuForecastingTransformer transformer, string path, bool includeIntervals)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        OnnxExporter.Export(ToOnnxWeights(transformer, includeIntervals), path);
    }

    /// <summary>The weight records <see cref="ExportToOnnx(RtuForecastingTransformer, string)"/> writes (a snapshot).</summary>
    /// <exception cref="InvalidOperationException">The transformer has seen no values (nothing was fitted).</exception>
    /// <exception cref="NotSupportedException">An architecture or activation the ONNX graph does not cover.</exception>
    public static RecurrentModelWeights ToOnnxWeights(this RtuForecastingTransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return ToOnnxWeights(transformer, transformer.Options.IncludeIntervals);
    }

    /// <summary>The weight records <see cref="ExportToOnnx(RtuForecastingTransformer, string, bool)"/> writes (a snapshot).</summary>
    /// <exception cref="InvalidOperationException">The transformer has seen no values (nothing was fitted).</exception>
    /// <exception cref="NotSupportedException">An architecture or activation the ONNX graph does not cover.</exception>
    public static RecurrentModelWeights ToOnnxWeights(this RtuForecastingTransformer transformer, bool includeIntervals)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        // One graph holds one set of weights; a keyed transformer has one per series.
        if (transformer.IsKeyed)
            throw new NotSupportedException($"This forecaster holds one model per series key ({transformer.SeriesKeys.Count} series): export one series with transformer.ForKey(key).ExportToOnnx(path), one graph per key.");
        var model = transformer.Model;
        var s = model.Settings;
        int horizon = model.Horizon;
        var norm = model.Normalizer;
        if (model.Rows == 0 || norm.Counts[1] == 0)
            throw new InvalidOperationException(
                "The RTU forecaster has not seen any values of the series: its statistics are empty, so there is nothing to export. Fit it on data first.");
        var features = model.Features;
        var metadata = new Dictionary<string, string>
        {
            [ComponentKey] = "RtuForecasting",
            ["rtu_mlnet.obs"] = $"[N,{features.ObservationSize}] raw engineered inputs: " + string.Join(", ", features.ObservationNames()) + " (NaN = missing/unknown)",
            ["rtu_mlnet.prediction"] = "forecast change from the last observed value y_last: F_h = y_last + prediction_h + g * change_mean, g = rows since y_last (0 when the current value is observed); "
                + "model_h = F_h + seasonal_naive_weights[h] * (S_h - F_h) where the seasonal-naive value S_h = y[t+h-m*ceil(h/m)] is known, else F_h; "
                + "the final forecast combines model_h with simple forecasters (naive, seasonal naive, exponential smoothing, Holt-Winters, online autoregressions) "
                + "by frozen weights, and cleans outliers before they enter: this part is NOT in the graph; Rtu.MLNet's RtuForecastObservations does it exactly (ToForecast)",
            [SeasonalNaiveWeightsKey] = Numbers(model.SeasonalNaiveWeights),
            [ChangeMeanKey] = Numbers([norm.Mean(ForecastFeatures.ChangeFeature)]),
            ["rtu_mlnet.change_scale"] = norm.Scale(ForecastFeatures.ChangeFeature).ToString("R", CultureInfo.InvariantCulture),
            ["rtu_mlnet.shrink_factor"] = model.ShrinkFactor.ToString("R", CultureInfo.InvariantCulture),
            ["rtu_mlnet.lags"] = s.Lags.ToString(CultureInfo.InvariantCulture),
            ["rtu_mlnet.season_length"] = s.SeasonLength.ToString(CultureInfo.InvariantCulture),
            // The one the (host-side) forecast pool models: the option, or the rule's when it is unset; 0: none.
            ["rtu_mlnet.second_season_length"] = s.SecondSeason.ToString(CultureInfo.InvariantCulture),
            ["rtu_mlnet.include_level"] = s.IncludeLevel ? "true" : "false",
            ["rtu_mlnet.exogenous_count"] = s.ExogenousCount.ToString(CultureInfo.InvariantCulture),
            ["rtu_mlnet.horizon"] = horizon.ToString(CultureInfo.InvariantCulture),
            // What a serving history checks it was built from the same model (RtuForecastObservations.EnsureMatches).
            [RtuForecastObservations.ModelFingerprintKey] = RtuForecastObservations.Fingerprint(model),
        };
        // The range the user gave (RtuForecastingOptions.MinimumValue / MaximumValue; -Infinity / Infinity: none), written
        // only where there is one (a graph without keeps its bytes): the final forecasts and interval bounds are clipped
        // to it (RtuForecastObservations does it).
        if (double.IsFinite(s.MinimumValue) || double.IsFinite(s.MaximumValue))
        {
            metadata["rtu_mlnet.minimum_value"] = s.MinimumValue.ToString("R", CultureInfo.InvariantCulture);
            metadata["rtu_mlnet.maximum_value"] = s.MaximumValue.ToString("R", CultureInfo.InvariantCulture);
        }
        var weights = model.ExportWeights();
        if (includeIntervals)
        {
            var intervals = model.Intervals;
            weights = weights with { Intervals = intervals.Freeze() };
            metadata["rtu_mlnet.intervals"] = string.Join(", ", ConformalIntervals.Levels.Select(l => OnnxNames.IntervalHalfWidth(l)))
                + $" [N,{horizon}]: the forecaster's online conformal interval half-widths per horizon, frozen at export, in the series' units "
                + "(where rtu_mlnet.interval_scale_power p_h is above 0 for that horizon: a multiple of the forecast's power p_h, half_width_h * forecast_h^p_h, "
                + "p_h = 1 a fraction of the forecast (rtu_mlnet.interval_relative 1), p_h = 0.5 a multiple of its square root, "
                + "and half_width_h * rtu_mlnet.interval_reference_level_h^p_h where forecast_h <= 0); "
                + "lower_h = forecast_h - half_width_h and upper_h = forecast_h + half_width_h around the FINAL forecast (after the simple-forecaster combination; "
                + "Rtu.MLNet's RtuForecastObservations.ToInterval), as the transformer's {Output}Lower80/Upper80/Lower95/Upper95 columns; "
                + "while every value of the series so far is >= 0 the forecast and both bounds are clipped at 0; "
                + (metadata.ContainsKey("rtu_mlnet.maximum_value") ? "both are clipped to rtu_mlnet.minimum_value / maximum_value; " : "")
                + (intervals.WidensOverGaps ? "made g rows after the last observed value (missing rows), half_width_h is multiplied by sqrt((h + g) / h) (rtu_mlnet.interval_gap_widening); " : "")
                + $"NaN: that horizon had fewer than {ConformalIntervals.MinimumScored} scored forecasts";
            metadata["rtu_mlnet.interval_gap_widening"] = intervals.WidensOverGaps ? "sqrt((h+g)/h)" : "none";
            metadata["rtu_mlnet.interval_levels"] = string.Join(",", ConformalIntervals.Levels.Select(l => l.ToString("R", CultureInfo.InvariantCulture)));
            metadata["rtu_mlnet.interval_relative"] = string.Join(",", Enumerable.Range(1, horizon).Select(h => weights.Intervals[0].IsRelative(h) ? "1" : "0"));
            metadata["rtu_mlnet.interval_scale_power"] = string.Join(",", Enumerable.Range(1, horizon).Select(h => weights.Intervals[0].Power(h).ToString("R", CultureInfo.InvariantCulture)));
            metadata["rtu_mlnet.interval_reference_level"] = string.Join(",", weights.Intervals[0].ReferenceLevel!.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            metadata["rtu_mlnet.interval_scored"] = string.Join(",", Enumerable.Range(1, horizon).Select(h => intervals.Scored(h).ToString(CultureInfo.InvariantCulture)));
        }
        return ToOnnx(weights, metadata);
    }

    // The model's own frozen description as ONNX weight records: the cell (which ignores the obs columns past its
    // input width), the heads with their output scaling, and the input standardisation (missing values → mean).
    private static RecurrentModelWeights ToOnnx(OnlineModelWeights w, Dictionary<string, string> metadata)
    {
        var cell = PadInputs(TrainedModelExport.FromLayer(w.Layer), w.ObservationSize - w.Layer.InputSize);
        PredictionHeadWeights? heads = null;
        if (w.HeadWeights is not null)
        {
            int outputs = w.HeadBias!.Length, rows = w.HeadWeights.Length / outputs;
            heads = new PredictionHeadWeights(new MlpWeights([new DenseWeights(rows, outputs, w.HeadWeights, w.HeadBias, Activation.Identity)]),
                w.OutputScale!, w.OutputOffset!);
        }
        return new RecurrentModelWeights(w.ObservationSize, null, cell, heads,
            new InputNormalizationWeights(w.InputMean, w.InputScale, (float)w.InputClip) { ImputeNonFinite = true })
        {
            PredictionIntervals = w.Intervals?.Select(i => new PredictionIntervalWeights(i.Level, i.HalfWidth)).ToArray(),
            HeadSkipConnection = w.HeadSeesInputs,
            OutputFeatures = true,
            Metadata = metadata,
        };
    }

    // Appends `extra` input rows of zeros to the cell's input weights: the cell ignores the last `extra` obs columns.
    private static CellWeights PadInputs(CellWeights cell, int extra) => cell.WithIgnoredInputs(extra);
}
