namespace Rtu.Trainers.Tests.Online;

/// <summary>The one-step score the tests of the pool's least-squares members share.</summary>
internal static class OneStepScore
{
    /// <summary>Forecasts one step ahead into a path of length 1.</summary>
    public delegate void Forecaster(Span<double> path);

    /// <summary>
    /// Mean squared one-step error over rows [<paramref name="from"/>, n) of a model fed the series, learning throughout:
    /// at row t the model forecasts y_t from rows before t, then takes y_t.
    /// </summary>
    public static double Mse(Forecaster forecast, Action<double, bool> update, double[] y, int from)
    {
        var path = new double[1];
        double sum = 0;
        int count = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (t >= from) { forecast(path); sum += (y[t] - path[0]) * (y[t] - path[0]); count++; }
            update(y[t], true);
        }
        return sum / count;
    }
}
