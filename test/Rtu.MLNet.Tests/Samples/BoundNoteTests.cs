using Rtu.Forecasting;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's note when the forecaster took a bound the series sat at (samples/Rtu.Forecasting/BoundNote.cs).</summary>
[TestClass]
public sealed class BoundNoteTests
{
    private static ForecastPool Observed(IEnumerable<double> y)
    {
        var pool = new ForecastPool(1, 1);
        foreach (double v in y) pool.Observe(pool.Clean(v, learn: true), learn: true);
        return pool;
    }

    [TestMethod]
    public void ACeilingSatAtIsNotedAndNoBoundIsNot()
    {
        double[] climb = [60, 70, 80, 100, 100, 100, 90, 80, 100, 100, 100, 85];
        string? line = BoundNote.Line(Observed(climb));
        Assert.IsNotNull(line);
        StringAssert.Contains(line, "highest value, 100");
        StringAssert.Contains(line, "--max-value");
        Assert.IsNull(BoundNote.Line(Observed([60, 70, 80, 100, 100, 90, 80, 100, 85])), "one run: no bound");
    }

    [TestMethod]
    public void AFloorAtZeroOfACountIsNotNotedButAnotherFloorIs()
    {
        Assert.IsNull(BoundNote.Line(Observed([5, 0, 0, 0, 3, 0, 0, 0, 4])), "a count's 0: the clip at 0 acts anyway");
        string? line = BoundNote.Line(Observed([-5, -20, -20, -20, -8, -20, -20, -20, -3]));
        Assert.IsNotNull(line);
        StringAssert.Contains(line, "lowest value, -20");
    }
}
