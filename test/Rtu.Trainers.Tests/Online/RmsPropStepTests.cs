using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The learned members' RMSProp step reads an error or a derivative of rounding size as 0 (<see cref="RmsPropStep.RoundingShare"/>):
/// on values a member forecasts exactly its constants stay where they are. Before, the normalised step turned the signs
/// of rounding into full steps (an outside review's cases, each moved by 0.1 to 0.5).
/// </summary>
[TestClass]
public sealed class RmsPropStepTests
{
    [TestMethod]
    public void RoundingIsReadAsZeroAndAnythingLargerAsItIs()
    {
        Assert.AreEqual(0.0, RmsPropStep.WithoutRounding(1e-18, 5.3));
        Assert.AreEqual(0.0, RmsPropStep.WithoutRounding(-5.3e-12, 5.3));
        Assert.AreEqual(-5.4e-12, RmsPropStep.WithoutRounding(-5.4e-12, 5.3));
        Assert.AreEqual(1e-30, RmsPropStep.WithoutRounding(1e-30, 0), "no size: nothing is rounding");
        Assert.AreEqual(1e-30, RmsPropStep.WithoutRounding(1e-30, double.PositiveInfinity), "a size beyond the doubles: left as it is");
        Assert.IsTrue(double.IsNaN(RmsPropStep.WithoutRounding(double.NaN, 1)), "NaN stays NaN: the members skip it as before");
    }

    [TestMethod]
    public void ALearnedThetaKeepsItsAlphaOnAConstantRun()
    {
        // Before: α from 0.3 to 0.535 over 200 values of 14.5; from 0.5 to 0.787 over 123.456.
        foreach (double c in new[] { 14.5, 0.1, 3.7, 123.456, 1e-3 })
            foreach (double alpha in new[] { 0.3, 0.5, 0.7 })
            {
                var theta = new LearnedTheta(alpha);
                for (int t = 0; t < 200; t++) theta.Update(c, t, learn: true);
                Assert.AreEqual(alpha, theta.Alpha, 1e-12, $"{c}, α {alpha}");
            }
    }

    [TestMethod]
    public void ALearnedHoltWintersKeepsItsConstantsOnAConstantRun()
    {
        // Before: 123.456 four hundred times took (0.3, 0.1, 0.2, 0.95) to (0.668, 0.026, 0.308, 0.903).
        foreach (bool multiplicative in new[] { false, true })
            foreach (double c in new[] { 14.5, 0.1, 3.7, 123.456 })
            {
                var hw = new LearnedHoltWinters(4, 0.3, 0.1, 0.2, 0.95, multiplicative);
                hw.Initialise(c, multiplicative ? [1.0, 1.0, 1.0, 1.0] : new double[4]);
                for (int t = 0; t < 400; t++) hw.Update(c, t % 4, learn: true);
                string what = $"{c}, {(multiplicative ? "multiplicative" : "additive")}";
                Assert.AreEqual(0.3, hw.Alpha, 1e-12, what);
                Assert.AreEqual(0.1, hw.Beta, 1e-12, what);
                Assert.AreEqual(0.2, hw.Gamma, 1e-12, what);
                Assert.AreEqual(0.95, hw.Phi, 1e-12, what);
            }
    }

    [TestMethod]
    public void ALearnedAirlineKeepsItsCoefficientsOnASeriesItForecastsExactly()
    {
        // A season plus a straight line: the airline's forecast y_t + y_{t−m+1} − y_{t−m} is exact, so every residual and
        // derivative is rounding. Before: θ −0.4 → −0.30 and Θ −0.6 → −0.52, moved on 269 of 400 rows.
        double[] season = [3.1, 7.7, 1.3, 9.9];
        foreach (bool logarithmic in new[] { false, true })
            foreach (double slope in new[] { 0.1, 0.3, 0.7 })
            {
                var model = new LearnedAirline(4, 1, -0.4, -0.6, logarithmic);
                for (int t = 0; t < 400; t++) model.Update(logarithmic ? Math.Exp(0.01 * (season[t % 4] + slope * t)) : season[t % 4] + slope * t, learn: true);
                Assert.AreEqual(-0.4, model.Theta, 1e-12, $"slope {slope}, logarithmic {logarithmic}");
                Assert.AreEqual(-0.6, model.SeasonalTheta, 1e-12, $"slope {slope}, logarithmic {logarithmic}");
            }
    }
}
