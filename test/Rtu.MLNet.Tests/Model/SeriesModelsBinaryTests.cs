using System.Text;
using Rtu.MLNet;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

/// <summary>A keyed part's per-series models are read like checkpoint streams: bounded, checked against the part's own model.</summary>
[TestClass]
public sealed class SeriesModelsBinaryTests
{
    private static readonly RtuForecasterSettings Settings = TestData.SmallForecastOptions().ToSettings(exogenousCount: 1);

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) write(w);
        return ms.ToArray();
    }

    private static Dictionary<string, RtuForecaster> Read(byte[] bytes, RtuForecaster prototype)
    {
        byte[] proto = Bytes(prototype.Save);
        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        return SeriesModelsBinary.Read(r, proto, RtuForecastEngine.SizeFixingBytes(proto), RtuForecaster.Load);
    }

    [TestMethod]
    public void ARoundTripKeepsEverySeriesAndAnyKey()
    {
        var a = new RtuForecaster(Settings);
        a.Observe(3, [0.5f], learn: true, default, default);
        var models = new Dictionary<string, RtuForecaster> { ["a"] = a, ["\uD800lone"] = new RtuForecaster(Settings) };
        var back = Read(Bytes(w => SeriesModelsBinary.Write(w, models, (m, bw) => m.Save(bw))), new RtuForecaster(Settings));
        CollectionAssert.AreEquivalent(models.Keys.ToArray(), back.Keys.ToArray());
        CollectionAssert.AreEqual(Bytes(a.Save), Bytes(back["a"].Save));
    }

    [TestMethod]
    public void CraftedCountsLengthsAndSizesAreRefused()
    {
        var prototype = new RtuForecaster(Settings);
        byte[] model = Bytes(prototype.Save);
        byte[] Part(int count, int keyLength, string key, int modelLength, byte[] body) => Bytes(w =>
        {
            w.Write(count); w.Write(keyLength);
            foreach (char c in key) w.Write((ushort)c);
            w.Write(modelLength); w.Write(body);
        });
        void Refused(byte[] bytes, string expected)
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Read(bytes, prototype));
            StringAssert.Contains(e.Message, expected);
        }
        Refused(Part(int.MaxValue, 1, "a", model.Length, model), "series count");
        Refused(Part(1, 1 << 30, "a", model.Length, model), "key length");
        Refused(Part(1, 1, "a", model.Length + 8, model), "bytes");
        var bigger = new RtuForecaster(Settings with { Lags = Settings.Lags + 1 });
        byte[] other = Bytes(bigger.Save);
        Refused(Part(1, 1, "a", other.Length, other), "bytes");   // another size altogether
        var sameLength = (byte[])model.Clone();
        sameLength[4] ^= 0x01;                                     // a settings byte: same length, other sizes
        Refused(Part(1, 1, "a", sameLength.Length, sameLength), "settings or sizes");
        Refused(Bytes(w => { w.Write(2); for (int i = 0; i < 2; i++) { w.Write(1); w.Write((ushort)'a'); w.Write(model.Length); w.Write(model); } }), "twice");
    }
}
