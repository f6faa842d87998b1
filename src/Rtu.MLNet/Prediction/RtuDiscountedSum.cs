using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>How well predictions of a discounted sum match the true discounted return.</summary>
/// <param name="Msre">Mean squared return error: mean over the scored rows of (prediction_t − G_t)².</param>
/// <param name="NormalizedMsre">Msre / Var(G): 1 is as good as predicting the mean return, 0 is perfect.</param>
/// <param name="ReturnVariance">Var(G) over the scored rows.</param>
/// <param name="Rows">Rows scored (the last rows, whose return the data cannot complete, are left out).</param>
public readonly record struct RtuDiscountedSumMetrics(double Msre, double NormalizedMsre, double ReturnVariance, int Rows);

/// <summary>
/// Offline ground truth for <see cref="RtuDiscountedSumOptions"/>: the true discounted return of a signal and the
/// MSRE of predictions against it.
/// </summary>
public static class RtuDiscountedSum
{
    /// <summary>Tail weight below which the unseen part of a return is neglected: rows within ln(ε)/ln(γ) of the end are not scored.</summary>
    public const double TailWeight = 1e-3;

    /// <summary>
    /// G_t = Σ_{k≥1} γ^(k−1) c_{t+k} for every row (computed backwards; missing signal values count as 0), and the
    /// number of leading rows whose return is complete up to <see cref="TailWeight"/>.
    /// </summary>
    public static (double[] Returns, int CompleteRows) Returns(IReadOnlyList<float> signal, double gamma)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!(gamma > 0 && gamma < 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in (0, 1).");
        var g = new double[signal.Count];
        double next = 0;
        for (int t = signal.Count - 1; t >= 0; t--)
        {
            g[t] = next;
            double c = float.IsFinite(signal[t]) ? signal[t] : 0;
            next = c + gamma * g[t];
        }
        int tail = (int)Math.Ceiling(Math.Log(TailWeight) / Math.Log(gamma));
        return (g, Math.Max(0, signal.Count - tail));
    }

    /// <summary>MSRE of <paramref name="predictions"/> against the true returns of <paramref name="signal"/>, over rows [from, complete rows).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="signal"/> or <paramref name="predictions"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="from"/> is negative.</exception>
    /// <exception cref="ArgumentException">Counts differ, or too few rows are left to score.</exception>
    public static RtuDiscountedSumMetrics Evaluate(IReadOnlyList<float> signal, IReadOnlyList<float> predictions, double gamma, int from = 0)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        if (predictions.Count != signal.Count) throw new ArgumentException($"{predictions.Count} predictions for {signal.Count} signal values.", nameof(predictions));
        var (g, complete) = Returns(signal, gamma);
        int n = complete - from;
        if (n < 2) throw new ArgumentException($"Too few rows to score: {signal.Count} rows, a γ = {gamma} return needs {signal.Count - complete} rows after each scored one.", nameof(signal));
        double sq = 0, mean = 0;
        for (int t = from; t < complete; t++) { double e = predictions[t] - g[t]; sq += e * e; mean += g[t]; }
        mean /= n;
        double v = 0;
        for (int t = from; t < complete; t++) v += (g[t] - mean) * (g[t] - mean);
        v /= n;
        return new RtuDiscountedSumMetrics(sq / n, v > 0 ? sq / n / v : double.NaN, v, n);
    }

    /// <summary>
    /// Scores a transformed view: reads the signal column and the prediction column (the verb's output, one Single
    /// per row) in row order and reports the MSRE against the true discounted return.
    /// </summary>
    public static RtuDiscountedSumMetrics Evaluate(IDataView scored, RtuDiscountedSumOptions options, int from = 0)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(options);
        var signalColumn = scored.Schema.GetColumnOrNull(options.SignalColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(scored), $"Signal column '{options.SignalColumnName}' was not found.");
        var predictionColumn = scored.Schema.GetColumnOrNull(options.OutputColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(scored), $"Prediction column '{options.OutputColumnName}' was not found: transform the data with the fitted verb first.");
        // ML.NET's own error for a getter of the wrong type ("Invalid TValue in GetGetter") names no column.
        if (signalColumn.Type != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(scored), $"Signal column '{options.SignalColumnName}' is {signalColumn.Type}; it must be Single.");
        if (predictionColumn.Type is not VectorDataViewType { ItemType: var item } || item != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(scored), $"Prediction column '{options.OutputColumnName}' is {predictionColumn.Type}; it must be the verb's vector of Single.");
        var signal = new List<float>();
        var predictions = new List<float>();
        using var cursor = scored.GetRowCursor([signalColumn, predictionColumn]);
        var s = cursor.GetGetter<float>(signalColumn);
        var p = cursor.GetGetter<VBuffer<float>>(predictionColumn);
        float sv = 0; VBuffer<float> pv = default;
        while (cursor.MoveNext())
        {
            s(ref sv); p(ref pv);
            signal.Add(sv); predictions.Add(pv.GetItemOrDefault(0));
        }
        return Evaluate(signal, predictions, options.Gamma, from);
    }
}
