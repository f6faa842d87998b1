namespace Rtu.Forecasting;

/// <summary>Prequential forecast errors over the rows where the forecast and both baselines are defined.</summary>
internal sealed class Metrics
{
    private double _abs, _sq, _smape, _naive, _seasonal;

    public int Count { get; private set; }

    public double Mae => _abs / Count;

    public double Rmse => Math.Sqrt(_sq / Count);

    /// <summary>Symmetric MAPE in percent: mean of 200·|F − A| / (|A| + |F|) (a row with A = F = 0 counts 0).</summary>
    public double Smape => _smape / Count;

    public double NaiveMae => _naive / Count;

    public double SeasonalNaiveMae => _seasonal / Count;

    /// <summary>MAE relative to the naive forecast's MAE on the same rows.</summary>
    public double MaseNaive => _abs / _naive;

    /// <summary>MAE relative to the seasonal-naive forecast's MAE on the same rows.</summary>
    public double MaseSeasonal => _abs / _seasonal;

    public void Add(double actual, double forecast, double naive, double seasonalNaive)
    {
        double e = forecast - actual;
        _abs += Math.Abs(e);
        _sq += e * e;
        double denominator = Math.Abs(actual) + Math.Abs(forecast);
        _smape += denominator == 0 ? 0 : 200 * Math.Abs(e) / denominator;
        _naive += Math.Abs(naive - actual);
        _seasonal += Math.Abs(seasonalNaive - actual);
        Count++;
    }
}
