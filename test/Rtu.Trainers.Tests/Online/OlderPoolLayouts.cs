using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>Pools read as an earlier layout wrote them, for the tests of what such a pool keeps.</summary>
internal static class OlderPoolLayouts
{
    /// <summary>
    /// <paramref name="pool"/> saved, then read back as a layout-<paramref name="version"/> file (20 or later): the
    /// fields of the later layouts cut off its end and the marker −version written; checks the current layout was
    /// written and the older form is read to its end.
    /// </summary>
    public static ForecastPool ReadAs(ForecastPool pool, int version, int season, int horizon)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray();
        Assert.AreEqual(-ForecastPool.LayoutVersion, BitConverter.ToInt32(bytes, 0), "the current layout");
        byte[] older = bytes[..^pool.LaterLayoutsLength(version)];
        BitConverter.GetBytes(-version).CopyTo(older, 0);
        var old = new ForecastPool(season, horizon);
        using var r = new BinaryReader(new MemoryStream(older));
        old.Load(r);
        Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position, $"the layout-{version} form is read to its end");
        return old;
    }
}
