using System.Globalization;
using Rtu.MLNet.Core;
using Rtu.Onnx;
using Rtu.Onnx.Export;

namespace Rtu.MLNet;

/// <summary>
/// ONNX export of fitted RTU transformers: the one-step graph of <c>Rtu.Onnx</c> (input <c>obs [N,d]</c> and the
/// recurrent state <c>state_*</c>; outputs <c>features</c>, <c>prediction</c> and <c>next_state_*</c>), with the
/// running input statistics and the label scaling frozen into the graph. The file runs in ONNX Runtime
/// (<see cref="Rtu.Onnx.Runtime.OnnxRecurrentRunner"/>) and inside an ML.NET pipeline through
/// <c>mlContext.Transforms.ApplyOnnxModel</c>, which is stateless row by row: each row then carries its stream's state
/// in the <c>state_*</c> columns and the caller keeps <c>next_state_*</c> for that stream's next row.
/// </summary>
/// <remarks>
/// The exported graph is the transformer's inference mode: the weights and the input statistics as they are now,
/// frozen (<c>LearnDuringTransform = false</c>, or a streaming engine's <c>Predict</c>). Streams start from zero state
/// (as a Transform cursor with <c>ResetStateOnTransform = true</c>); the online learning itself (RTRL, TD(λ), Adam,
/// the running statistics) is not part of the graph.
/// </remarks>
public static class RtuOnnxExport
{
    /// <summary>Metadata key naming the exported Rtu.MLNet component.</summary>
    public const string ComponentKey = "rtu_mlnet.component";

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
        var o = transformer.Options;
        var model = transformer.Model;
        var learner = model.Learner;
        var norm = model.Normalizer;
        int d = model.InputSize;
        if (learner.Rows == 0)
            throw new InvalidOperationException(
                "The RTU state-feature transformer has not seen any rows: its input statistics are empty, so there is nothing to export. Fit it on data first.");
        PredictionHeadWeights? heads = null;
        if (o.PredictionColumnName is not null)
        {
            // prediction_1 = μ_c/(1 − γ) + σ_c·v; prediction_h = h·μ_c + σ_c·output_h (RtuFeatureModel.Observe).
            double mu = norm.Mean(d), sigma = norm.Scale(d), gamma = learner.Settings.Gamma;
            int horizon = learner.Settings.Horizon;
            var offset = new float[horizon];
            offset[0] = (float)(mu / (1 - gamma));
            for (int h = 1; h < horizon; h++) offset[h] = (float)((h + 1) * mu);
            heads = new PredictionHeadWeights(new MlpWeights([HeadLayer(learner)]), Filled(horizon, (float)sigma), offset);
        }
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
                (learner.Settings.Gamma > 0 ? "discounted sum (TD) of the next labels for h = 1, " : "next label for h = 1, ") + "the sum of the next h labels for h > 1";
            metadata["rtu_mlnet.label_mean"] = norm.Mean(d).ToString("R", CultureInfo.InvariantCulture);
            metadata["rtu_mlnet.label_scale"] = norm.Scale(d).ToString("R", CultureInfo.InvariantCulture);
        }
        return new RecurrentModelWeights(d, null, TrainedModelExport.FromLayer(learner.Layer), heads,
            Normalization(norm, Enumerable.Range(0, d).ToArray()))
        {
            HeadSkipConnection = learner.Settings.SkipConnection,
            OutputFeatures = true,
            Metadata = metadata,
        };
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
    /// state only.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The transformer has seen no values (nothing was fitted).</exception>
    /// <exception cref="NotSupportedException">An architecture or activation the ONNX graph does not cover.</exception>
    public static void ExportToOnnx(this RtuForecastingTransformer transformer, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        OnnxExporter.Export(ToOnnxWeights(transformer), path);
    }

    /// <summary>The weight records <see cref="ExportToOnnx(RtuForecastingTransformer, string)"/> writes (a snapshot).</summary>
    /// <exception cref="InvalidOperationException">The transformer has seen no values (nothing was fitted).</exception>
    /// <exception cref="NotSupportedException">An architecture or activation the ONNX graph does not cover.</exception>
    public static RecurrentModelWeights ToOnnxWeights(this RtuForecastingTransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        var model = transformer.Model;
        var s = model.Settings;
        int horizon = model.Horizon;
        var norm = model.Normalizer;
        if (model.Rows == 0 || norm.Counts[1] == 0)
            throw new InvalidOperationException(
                "The RTU forecaster has not seen any values of the series: its statistics are empty, so there is nothing to export. Fit it on data first.");
        var learner = model.Learner;

        // obs columns → normaliser features: lags and the seasonal change use the change statistics (0), the level 1, exogenous 2...
        var features = new List<int>();
        for (int k = 0; k < s.Lags; k++) features.Add(0);
        if (s.SeasonLength > 1) features.Add(0);
        if (s.IncludeLevel) features.Add(1);
        for (int e = 0; e < s.ExogenousCount; e++) features.Add(2 + e);
        // With a season and H > 1 the h-step heads also read e_h, the seasonal-naive guess of their target (already in
        // normalised units, |e_h| ≤ Clip·h): obs carries e_2 … e_H, standardised as e_h / h so the clip matches.
        int extra = s.SeasonLength > 1 && horizon > 1 ? horizon - 1 : 0;
        for (int h = 2; h <= horizon && extra > 0; h++) features.Add(-h);

        // ŷ_{t+h} = y_last + (h + g)·μ_d + σ_d·w·output_h: prediction_h = h·μ_d + σ_d·w·output_h.
        double mu = norm.Mean(0), sigma = norm.Scale(0), w = model.ShrinkFactor;
        var offset = new float[horizon];
        for (int h = 0; h < horizon; h++) offset[h] = (float)((h + 1) * mu);
        var heads = new PredictionHeadWeights(new MlpWeights([ForecastHeadLayer(learner, s.InputSize, extra)]), Filled(horizon, (float)(sigma * w)), offset);
        var metadata = new Dictionary<string, string>
        {
            [ComponentKey] = "RtuForecasting",
            ["rtu_mlnet.obs"] = $"[N,{features.Count}] raw engineered inputs: " + string.Join(", ", ObsNames(s, horizon)) + " (NaN = missing/unknown)",
            ["rtu_mlnet.prediction"] = "forecast change from the last observed value y_last: F_h = y_last + prediction_h + g * change_mean, g = rows since y_last (0 when the current value is observed); "
                + "forecast_h = F_h + seasonal_naive_weights[h] * (S_h - F_h) where the seasonal-naive value S_h = y[t+h-m*ceil(h/m)] is known, else F_h",
            ["rtu_mlnet.seasonal_naive_weights"] = string.Join(",", model.SeasonalNaiveWeights.Select(b => b.ToString("R", CultureInfo.InvariantCulture))),
            ["rtu_mlnet.change_mean"] = mu.ToString("R", CultureInfo.InvariantCulture),
            ["rtu_mlnet.change_scale"] = sigma.ToString("R", CultureInfo.InvariantCulture),
            ["rtu_mlnet.shrink_factor"] = w.ToString("R", CultureInfo.InvariantCulture),
            ["rtu_mlnet.lags"] = s.Lags.ToString(CultureInfo.InvariantCulture),
            ["rtu_mlnet.season_length"] = s.SeasonLength.ToString(CultureInfo.InvariantCulture),
            ["rtu_mlnet.include_level"] = s.IncludeLevel ? "true" : "false",
            ["rtu_mlnet.exogenous_count"] = s.ExogenousCount.ToString(CultureInfo.InvariantCulture),
            ["rtu_mlnet.horizon"] = horizon.ToString(CultureInfo.InvariantCulture),
        };
        // The cell does not read e_h: zero input weights for those columns.
        return new RecurrentModelWeights(features.Count, null, PadInputs(TrainedModelExport.FromLayer(learner.Layer), extra), heads,
            Normalization(norm, features.ToArray()))
        {
            HeadSkipConnection = true,
            OutputFeatures = true,
            Metadata = metadata,
        };
    }

    private static IEnumerable<string> ObsNames(RtuForecasterSettings s, int horizon)
    {
        for (int k = 0; k < s.Lags; k++) yield return k == 0 ? "d_t" : $"d_t-{k}";
        if (s.SeasonLength > 1) yield return $"d_t+1-{s.SeasonLength}";
        if (s.IncludeLevel) yield return "level";
        for (int e = 0; e < s.ExogenousCount; e++) yield return $"exogenous[{e}]";
        if (s.SeasonLength > 1)
            for (int h = 2; h <= horizon; h++)
                yield return $"e_{h} (seasonal-naive guess of the next {h} normalised changes)";
    }

    // Appends `extra` input rows of zeros to the cell's input weights: the cell ignores the last `extra` obs columns.
    private static CellWeights PadInputs(CellWeights cell, int extra)
    {
        if (extra == 0) return cell;
        static float[] Pad(float[] w, int rowWidth, int rows) { var p = new float[w.Length + rows * rowWidth]; w.CopyTo(p, 0); return p; }
        return cell switch
        {
            RtuWeights r => r with { InputDim = r.InputDim + extra, W1 = Pad(r.W1, r.Units, extra), W2 = Pad(r.W2, r.Units, extra) },
            OnlineLruWeights l => l with { InputDim = l.InputDim + extra, BRe = Pad(l.BRe, l.Units, extra), BIm = Pad(l.BIm, l.Units, extra) },
            GruWeights g => g with { InputDim = g.InputDim + extra, Wx = Pad(g.Wx, 3 * g.Hidden, extra) },
            GatedRtuWeights q => q with { InputDim = q.InputDim + extra, W1 = Pad(q.W1, q.Units, extra), W2 = Pad(q.W2, q.Units, extra), Wa = Pad(q.Wa, q.Units, extra), Wi = Pad(q.Wi, q.Units, extra) },
            MemorylessWeights m => new MemorylessWeights(m.Layer with { InputSize = m.Layer.InputSize + extra, W = Pad(m.Layer.W, m.Layer.OutputSize, extra) }),
            _ => throw new NotSupportedException($"ONNX export of a forecaster with a {cell.Architecture} cell and seasonal h-step heads is not supported."),
        };
    }

    // The forecaster's heads over [state; engineered inputs; e_2 … e_H] (the skip columns are zero without the skip
    // connection). Column h−1 of the h-step head weighs e_h: its weight a_h times h, as the graph feeds e_h / h.
    private static DenseWeights ForecastHeadLayer(OnlineRtuLearner learner, int inputSize, int extra)
    {
        var phi = HeadLayer(learner);
        int m = learner.StateSize, f = learner.HeadInputSize, horizon = learner.Settings.Horizon, rows = m + inputSize + extra;
        var weights = new float[rows * horizon];
        Array.Copy(phi.W, weights, phi.W.Length); // rows 0..f−1: φ = [state; inputs]
        if (extra > 0)
        {
            var hw = learner.HorizonHeads!.Value("w");
            for (int k = 1; k < horizon; k++) weights[(m + inputSize + k - 1) * horizon + k] = hw[(k - 1) * (f + 1) + f] * (k + 1);
        }
        return new DenseWeights(rows, horizon, weights, phi.B, Activation.Identity);
    }

    // obs column j is standardised with the statistics of normaliser feature map[j], clamped to ±Clip; NaN → mean.
    private static InputNormalizationWeights Normalization(RunningNormalizer norm, int[] map)
    {
        var mean = new float[map.Length];
        var std = new float[map.Length];
        for (int j = 0; j < map.Length; j++)
        {
            // map[j] = −h: the seasonal guess e_h, already normalised; e_h / h clamped to ±Clip is e_h clamped to ±Clip·h.
            mean[j] = map[j] < 0 ? 0f : (float)norm.Mean(map[j]);
            std[j] = map[j] < 0 ? -map[j] : (float)norm.Scale(map[j]);
        }
        return new InputNormalizationWeights(mean, std, (float)norm.Clip) { ImputeNonFinite = true };
    }

    // All H outputs as one dense layer over φ = [state; inputs]: column 0 the TD/regression head, column k the (k+1)-step
    // head without its weight on the per-horizon input e_{k+1} (0 for the state features and for a forecaster without a
    // season; ForecastHeadLayer adds it otherwise).
    private static DenseWeights HeadLayer(OnlineRtuLearner learner)
    {
        int f = learner.HeadInputSize, horizon = learner.Settings.Horizon;
        var weights = new float[f * horizon];
        var bias = new float[horizon];
        var w = learner.Head.Value("w");
        for (int i = 0; i < f; i++) weights[i * horizon] = w[i];
        bias[0] = learner.Head.Value("b")[0];
        if (learner.HorizonHeads is { } hh)
        {
            var hw = hh.Value("w");
            var hb = hh.Value("b");
            for (int k = 1; k < horizon; k++)
            {
                for (int i = 0; i < f; i++) weights[i * horizon + k] = hw[(k - 1) * (f + 1) + i];
                bias[k] = hb[k - 1];
            }
        }
        return new DenseWeights(f, horizon, weights, bias, Activation.Identity);
    }

    private static float[] Filled(int n, float value)
    {
        var a = new float[n];
        Array.Fill(a, value);
        return a;
    }
}
