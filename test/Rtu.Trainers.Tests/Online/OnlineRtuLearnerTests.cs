using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class OnlineRtuLearnerTests
{
    private static OnlineRtuLearner Trained(int rows)
    {
        var l = new OnlineRtuLearner(2, new RtuLearnerSettings { Layer = RtuLearnerSettings.DefaultLayer with { Units = 4 }, Horizon = 3 });
        var outputs = new float[3];
        for (int t = 0; t < rows; t++) l.Step([MathF.Sin(t / 3f), 1], Math.Sin((t - 1) / 3.0), learn: true, default, outputs);
        return l;
    }

    private static byte[] Bytes(OnlineRtuLearner l)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) l.Save(w);
        return ms.ToArray();
    }

    private static OnlineRtuLearner Read(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return OnlineRtuLearner.Load(r);
    }

    [TestMethod]
    public void ADamagedPendingValueOrLabelIsRefused()
    {
        var l = Trained(50);
        byte[] intact = Bytes(l);
        // The pending value follows the row count (long), the ring position (int) and the pending flag (true).
        byte[] counters = [.. BitConverter.GetBytes(l.Rows)];
        int at = Enumerable.Range(0, intact.Length - 21).Single(i => intact.AsSpan(i, 8).SequenceEqual(counters) && intact[i + 12] == 1) + 13;
        Assert.IsTrue(double.IsFinite(BitConverter.ToDouble(intact, at)));
        Assert.IsNotNull(Read(intact));

        foreach (double bad in new[] { double.NaN, double.NegativeInfinity, 1e300 })  // 1e300 is +inf as the float it was
        {
            var bytes = (byte[])intact.Clone();
            BitConverter.GetBytes(bad).CopyTo(bytes, at);
            var e = Assert.Throws<InvalidDataException>(() => Read(bytes));
            StringAssert.Contains(e.Message, "pending value");
        }
        // The labels close the file (H − 1 = 2 doubles): NaN is a missing label, ∞ is damage.
        var missing = (byte[])intact.Clone();
        BitConverter.GetBytes(double.NaN).CopyTo(missing, intact.Length - 8);
        Assert.IsNotNull(Read(missing));
        var infinite = (byte[])intact.Clone();
        BitConverter.GetBytes(double.PositiveInfinity).CopyTo(infinite, intact.Length - 8);
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => Read(infinite)).Message, "labels");
    }
}
