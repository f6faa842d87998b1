using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Tests.Parameters;

[TestClass]
public sealed class ParameterSetTests
{
    private static ParameterSet<float> Set(string name, params string[] older) =>
        new(name, ("w", [2, 3]), ("b", [3])) { OlderLayouts = older };

    private static byte[] Written(ParameterSet<float> set)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) set.Write(w);
        return stream.ToArray();
    }

    private static void ReadInto(ParameterSet<float> set, byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        set.Read(r);
    }

    [TestMethod]
    public void AnOlderLayoutIsReadAndKeepsItsName()
    {
        var old = Set("cell_v2");
        for (int i = 0; i < old.Count; i++) old.Values[i] = i + 0.5f;
        var current = Set("cell_v3", "cell_v2");
        Assert.AreEqual("cell_v3", current.Name);
        ReadInto(current, Written(old));
        Assert.AreEqual("cell_v2", current.Name);
        Assert.AreEqual("cell_v3", current.Layout);
        CollectionAssert.AreEqual(old.Values, current.Values);
        CollectionAssert.AreEqual(Written(old), Written(current), "written back under the older name");

        ReadInto(current, Written(Set("cell_v3")));
        Assert.AreEqual("cell_v3", current.Name, "reading the current layout gives the current meaning back");
    }

    [TestMethod]
    public void OtherLayoutsAreRefusedWithTheirNames()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ReadInto(Set("cell_v3", "cell_v2"), Written(Set("cell_v1"))));
        StringAssert.Contains(e.Message, "'cell_v1'");
        StringAssert.Contains(e.Message, "'cell_v3'");
        StringAssert.Contains(e.Message, "'cell_v2'");
        // Without older layouts only the set's own name is read.
        Assert.ThrowsExactly<InvalidDataException>(() => ReadInto(Set("cell_v3"), Written(Set("cell_v2"))));
        Assert.AreEqual("name", Assert.ThrowsExactly<ArgumentException>(() => Set("cell_v3", "cell_v2").UseLayout("cell_v1")).ParamName);
    }

    [TestMethod]
    public void CopiedValuesTakeTheirLayoutNameAlong()
    {
        var source = Set("cell_v3", "cell_v2");
        source.UseLayout("cell_v2");
        var copy = Set("cell_v3", "cell_v2");
        copy.CopyValuesFrom(source);
        Assert.AreEqual("cell_v2", copy.Name);
        // A set that does not know the name keeps its own (other cells: names equal, nothing changes).
        var plain = Set("other");
        plain.CopyValuesFrom(source);
        Assert.AreEqual("other", plain.Name);
    }

    [TestMethod]
    public void AStoredValueBeyondTheSetsPrecisionIsRefused()
    {
        // Found by ForecastEngineCheckpointsFuzz (seasons 1 and 4, RTU_FUZZ_CASES=20000): a crafted checkpoint's finite
        // -1e300 became -∞ in a float set and the next Observe threw an ArgumentException instead of the load failing.
        var wide = new ParameterSet<double>("cell_v3", ("w", [2, 3]), ("b", [3]));
        wide.Values[4] = -1e300;
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) wide.Write(w);
        var set = Set("cell_v3");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ReadInto(set, stream.ToArray()));
        StringAssert.Contains(e.Message, "parameter 4");
        Assert.IsTrue(set.Values.All(v => v == 0), "a refused read leaves the set as it was");
        var doubles = new ParameterSet<double>("cell_v3", ("w", [2, 3]), ("b", [3]));
        doubles.Read(new BinaryReader(new MemoryStream(stream.ToArray())));
        Assert.AreEqual(-1e300, doubles.Values[4], "a double set holds it");
    }
}
