using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class SeasonHarmonicsTests
{
    [TestMethod]
    public void OneTablePerSeasonHoldsTheHarmonicsAtEveryPhase()
    {
        var table = SeasonHarmonics.Table(168, 4);
        Assert.AreSame(table, SeasonHarmonics.Table(168, 4), "every pool with that season shares one table");
        Assert.AreNotSame(table, SeasonHarmonics.Table(336, 4));
        Assert.AreEqual(168 * 8, table.Length);
        for (int phase = 0; phase < 168; phase++)
            for (int k = 1; k <= 4; k++)
            {
                double angle = 2 * Math.PI * k * phase / 168;
                Assert.AreEqual(Math.Cos(angle), table[(phase * 4 + k - 1) * 2]);
                Assert.AreEqual(Math.Sin(angle), table[(phase * 4 + k - 1) * 2 + 1]);
            }
    }
}
