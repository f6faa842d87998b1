using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class SeriesScaleTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void ASeriesInVerySmallUnitsIsForecastAsInItsOwn()
    {
        // The members' and the normaliser's scales were taken for none below an absolute 10⁻¹², so a series measured in
        // very small units was fitted in the wrong units (a noisy monthly sine times 10⁻²⁰: MASE against naive 0.721 for
        // 0.636 at 10⁰, an outside audit). Judged relative to the values' size, the forecasts are as good at every scale
        // down to where single precision ends (10⁻³⁸).
        var random = new Random(1);
        var sine = new double[60];
        for (int i = 0; i < sine.Length; i++)
            sine[i] = 1 + 0.1 * Math.Sin(i / 2.0) + 0.01 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        foreach (var (name, y, m) in new[] { ("noisy sine", sine, 12), ("UK spirits", RealSeries.HeldOut("heldout7", "UK_spirits_spending.csv"), 4) })
        {
            double unit = Mase(y, m, 1);
            foreach (double scale in new[] { 1e-10, 1e-13, 1e-15, 1e-20, 1e-30 })
            {
                double scaled = Mase(y, m, scale);
                TestContext.WriteLine($"{name} × {scale:G2}: MASE against naive {scaled:F4} (× 1: {unit:F4})");
                Assert.AreEqual(unit, scaled, 1e-3, $"{name} × {scale:G2}");
            }
        }
    }

    [TestMethod]
    public void AScaleIsJudgedAgainstTheValuesSize()
    {
        Assert.IsTrue(SeriesScale.IsScale(1e-20, 1e-15), "tiny units");
        Assert.IsFalse(SeriesScale.IsScale(1e-20, 1), "rounding at size 1");
        Assert.IsFalse(SeriesScale.IsScale(0, 0), "a constant series of zeros");
        Assert.IsTrue(SeriesScale.IsScale(1e-30, 0), "values around 0");
        Assert.IsTrue(SeriesScale.IsScale(1e-3, double.NaN), "no size known");
        Assert.AreEqual(1, SeriesScale.OrOne(0, 5));
        Assert.AreEqual(2.5, SeriesScale.OrOne(2.5, -5));
    }

    // The one-step MASE against naive of the forecaster's forecasts of y · scale.
    private static double Mase(double[] y, int m, double scale)
    {
        var scaled = y.Select(v => v * scale).ToArray();
        var made = ForecasterAlone.OneStep(scaled, m);
        double a = 0, b = 0;
        for (int t = 1; t < y.Length; t++) { a += Math.Abs(scaled[t] - made[t - 1]); b += Math.Abs(scaled[t] - scaled[t - 1]); }
        return a / b;
    }
}
