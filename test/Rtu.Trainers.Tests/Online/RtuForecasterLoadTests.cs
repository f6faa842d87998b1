using Rtu.Tests.Shared;
using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary><see cref="RtuForecaster.Load"/> refuses every bad file with one exception type.</summary>
[TestClass]
public sealed class RtuForecasterLoadTests
{
    [TestMethod]
    public void ATruncatedFileIsRefusedWithInvalidDataException()
    {
        // Cut anywhere, a file of a forecaster keeping a glitch's rows (the state before them, the rows, the first seasons'
        // record) or with exogenous columns and a horizon of 3 is refused with InvalidDataException; the readers' own
        // EndOfStreamException escaped before (an outside review).
        var y = RealSeries.Co2();
        var run = ForecasterAlone.New(12);
        var z = (double[])y.Clone();
        z[200] += 1500; z[201] += 2000;
        ForecasterAlone.OneStep(run, z[..202]);
        Assert.IsTrue(run.HoldsRowsToJudge, "a run kept");
        var exogenous = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, ExogenousCount = 2, Learner = new RtuLearnerSettings { Horizon = 3 } });
        var forecast = new float[3];
        for (int t = 0; t < 60; t++) exogenous.Observe(y[t], [t % 3, 0.5f], learn: true, forecast, default);
        foreach (var f in new[] { run, exogenous })
        {
            var bytes = Saved(f);
            int checkedCuts = 0;
            for (int cut = 0; cut < bytes.Length; cut += cut < bytes.Length - 4096 ? 61 : 1, checkedCuts++)
            {
                var e = Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes[..cut]))), $"cut at {cut} of {bytes.Length}");
                Assert.IsFalse(string.IsNullOrEmpty(e.Message));
            }
            Assert.IsTrue(checkedCuts > 4096);
            CollectionAssert.AreEqual(bytes, Saved(RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)))), "the whole file");
        }
    }
}
