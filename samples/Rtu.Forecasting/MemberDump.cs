using System.Globalization;
using Rtu.Trainers.Online;

namespace Rtu.Forecasting;

/// <summary>
/// Diagnostic (<c>--dump-members</c>): streams the series once more through a copy of the untrained forecaster, as the
/// pipeline does, and writes per row t and horizon h what the forecast pool made at row t for y_{t+h}: every member's
/// forecast, the combination before its correction and the final forecast. <c>scripts/replay_pool.py</c> replays the
/// combination from this file and scores candidate members or rules offline, without rebuilding the model.
/// The pipeline's own run is untouched: this is a second, separate pass that costs nothing when the option is off.
/// </summary>
internal static class MemberDump
{
    /// <summary>
    /// Writes the CSV <paramref name="path"/>: row, h, actual (raw y_t), cleaned (the value the members learnt at row t),
    /// final, uncorrected, then one column per member (<see cref="ForecastPool.MemberNames"/>); empty cells: none.
    /// </summary>
    public static void Write(string path, RtuForecaster start, float[] values, float[][] exogenous)
    {
        var f = start.Clone();
        int horizon = f.Horizon;
        var forecast = new float[horizon];
        var members = new double[ForecastPool.MemberCount];
        var exo = new float[exogenous.Length];
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var w = new StreamWriter(path);
        w.WriteLine("row,h,actual,cleaned,final,uncorrected," + string.Join(',', ForecastPool.MemberNames.Select(n => n.Replace(',', ';'))));
        for (int t = 0; t < values.Length; t++)
        {
            for (int e = 0; e < exo.Length; e++) exo[e] = exogenous[e][t];
            f.Observe(values[t], exo, learn: true, forecast, default);
            for (int h = 1; h <= horizon; h++)
            {
                f.Pool.WriteMemberForecasts(h, members);
                w.Write($"{t},{h},{Format(values[t])},{Format(f.LastValue)},{Format(forecast[h - 1])},{Format(f.Pool.UncorrectedForecast(h))}");
                foreach (double v in members) { w.Write(','); w.Write(Format(v)); }
                w.WriteLine();
            }
        }
    }

    private static string Format(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
