using Rtu.Trainers.IO;

namespace Rtu.Trainers.Tests.IO;

[TestClass]
public sealed class AtomicFileTests
{
    private string _dir = "";

    [TestInitialize]
    public void Setup() { _dir = Path.Combine(Path.GetTempPath(), $"atomic-{Guid.NewGuid():N}"); Directory.CreateDirectory(_dir); }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void WritesAndReplaces()
    {
        string path = Path.Combine(_dir, "model.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));
        AtomicFile.Write(path, s => s.Write([4, 5]));
        CollectionAssert.AreEqual(new byte[] { 4, 5 }, File.ReadAllBytes(path));
        Assert.HasCount(1, Directory.GetFiles(_dir), "no temporary file is left behind");
    }

    [TestMethod]
    public void AFailedWriteKeepsThePreviousFileAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_dir, "model.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9, 9, 9, 9]);
            throw new InvalidOperationException("serializer failed half-way");
        }));
        StringAssert.Contains(e.Message, "half-way");
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.HasCount(1, Directory.GetFiles(_dir));
    }

    [TestMethod]
    public void CreatesTheFolder()
    {
        string path = Path.Combine(_dir, "a", "b", "model.bin");
        AtomicFile.Write(path, s => s.WriteByte(7));
        Assert.AreEqual(7, File.ReadAllBytes(path)[0]);
    }
}
