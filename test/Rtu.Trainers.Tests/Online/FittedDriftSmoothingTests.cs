using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>Simple exponential smoothing with a least-squares drift (an ARIMA(0,1,1) with drift; the pool's member without a season, layout 15).</summary>
[TestClass]
public sealed class FittedDriftSmoothingTests
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    // The batch formula: SES with a fixed drift c run from the first value (ŷ_1 = y_0 + c, ŷ_{s+1} = ŷ_s + α(y_s − ŷ_s) + c,
    // a missing y_s adding c alone) over y_0 … y_t; returns the sum of squared one-step errors and ŷ_{t+1}.
    private static (double Squares, double Next) Run(double[] y, int t, double alpha, double c)
    {
        double forecast = double.NaN, squares = 0;
        for (int s = 0; s <= t; s++)
        {
            if (double.IsNaN(forecast)) { if (!double.IsNaN(y[s])) forecast = y[s] + c; continue; }
            if (double.IsNaN(y[s])) { forecast += c; continue; }
            double e = y[s] - forecast;
            squares += e * e;
            forecast += alpha * e + c;
        }
        return (squares, forecast);
    }

    [TestMethod]
    public void ForecastsAsTheLeastSquaresDriftOfTheBestSmoothingConstant()
    {
        // At every row, per α the sum of squares is a quadratic in c (three runs give it), minimised at c*; the fit
        // forecasts as the α with the lowest minimum, at c*, every horizon one drift step further.
        var y = IntegratedSeries.Drifting(90, 5, 0.7);
        y[40] = double.NaN;
        var fit = new FittedDriftSmoothing(3);
        var path = new double[3];
        int scored = 0, checkedRows = 0;
        bool started = false;
        for (int t = 0; t < y.Length; t++)
        {
            fit.Update(y[t], learn: true);
            if (!double.IsNaN(y[t])) { if (started) scored++; started = true; }
            fit.Forecast(path);
            if (scored < FittedDriftSmoothing.MinimumScored) { Assert.IsTrue(path.All(double.IsNaN), $"t={t}"); continue; }
            double bestSquares = double.PositiveInfinity, bestAlpha = 0, bestDrift = 0;
            foreach (double alpha in Alphas)
            {
                double s0 = Run(y, t, alpha, 0).Squares, sPlus = Run(y, t, alpha, 1).Squares, sMinus = Run(y, t, alpha, -1).Squares;
                double curvature = (sPlus + sMinus) / 2 - s0, slope = (sMinus - sPlus) / 4;   // S(c) = s0 − 2·slope·c + curvature·c²
                double c = slope / curvature, minimum = s0 - slope * slope / curvature;
                if (minimum < bestSquares * (1 - 1e-9)) { bestSquares = minimum; bestAlpha = alpha; bestDrift = c; }
            }
            Assert.AreEqual(bestAlpha, fit.Constants.Alpha, $"t={t}");
            Assert.AreEqual(bestDrift, fit.Constants.Drift, 1e-7 * Math.Max(1, Math.Abs(bestDrift)), $"t={t}");
            double next = Run(y, t, bestAlpha, bestDrift).Next;
            for (int h = 1; h <= 3; h++) Assert.AreEqual(next + (h - 1) * bestDrift, path[h - 1], 1e-9 * Math.Abs(next), $"t={t}, h={h}");
            checkedRows++;
        }
        Assert.IsGreaterThan(80, checkedRows);
    }

    [TestMethod]
    public void ARandomWalkWithDriftIsForecastWithItsDrift()
    {
        // Steps of mean 1 and deviation 1: the naive forecast misses the drift every step, the fit does not.
        var y = IntegratedSeries.Drifting(300, 9, 1.0);
        var fit = new FittedDriftSmoothing(1);
        var (fitError, naiveError) = GridFitChecks.OneStepErrors(GridFit.Of(fit, 1), y);
        Assert.IsLessThan(0.75 * naiveError, fitError, $"fit {fitError:F1} against naive {naiveError:F1}");
        Assert.AreEqual(1.0, fit.Constants.Drift, 0.2, "the drift");
    }

    [TestMethod]
    public void SaveLoadShiftAndRescaleContinueAsTheMovedSeries()
    {
        GridFitChecks.SaveLoadShiftAndRescaleContinueAsTheMovedSeries(() => GridFit.Of(new FittedDriftSmoothing(2), 2), IntegratedSeries.Drifting(240, 8, 0.5));
    }
}
