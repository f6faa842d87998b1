using Rtu.Trainers.IO;

namespace Rtu.Trainers.Tests.IO;

/// <summary>Issue 12, defect 10: temporary files of killed saves were never removed.</summary>
[TestClass]
public sealed class AtomicFileCleanupTests
{
    private string _dir = "";

    [TestInitialize]
    public void Setup() { _dir = Path.Combine(Path.GetTempPath(), $"atomic-clean-{Guid.NewGuid():N}"); Directory.CreateDirectory(_dir); }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void TheNextSaveRemovesTemporaryFilesThatKilledSavesLeft()
    {
        string path = Path.Combine(_dir, "model.zip");
        AtomicFile.Write(path, s => s.Write([1]));
        // What a SIGKILL during two saves leaves: unlocked temporaries with the writer's naming scheme.
        string stale1 = Path.Combine(_dir, $".model.zip.{Guid.NewGuid():N}.tmp");
        string stale2 = Path.Combine(_dir, $".model.zip.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(stale1, [9, 9]);
        File.WriteAllBytes(stale2, []);
        // Files that only look alike are left alone: another target's temporary, a user's file.
        string other = Path.Combine(_dir, $".other.zip.{Guid.NewGuid():N}.tmp");
        string user = Path.Combine(_dir, ".model.zip.notes.tmp");
        File.WriteAllBytes(other, [1]);
        File.WriteAllBytes(user, [1]);
        CollectionAssert.AreEquivalent(new[] { stale1, stale2 }, AtomicFile.TemporaryFiles(path).ToArray());

        AtomicFile.Write(path, s => s.Write([2]));
        Assert.IsFalse(File.Exists(stale1));
        Assert.IsFalse(File.Exists(stale2));
        Assert.IsTrue(File.Exists(other));
        Assert.IsTrue(File.Exists(user));
        CollectionAssert.AreEqual(new byte[] { 2 }, File.ReadAllBytes(path));
    }

    [TestMethod]
    public void ASaveInProgressKeepsItsTemporaryFileWhileAnotherSaveCleansUp()
    {
        string path = Path.Combine(_dir, "ckpt.bin");
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var slow = Task.Run(() => AtomicFile.Write(path, s =>
        {
            s.Write([1, 1, 1]);
            inside.Set();
            release.Wait();
            s.Write([1]);
        }));
        inside.Wait();
        var inProgress = AtomicFile.TemporaryFiles(path);
        Assert.HasCount(1, inProgress);
        AtomicFile.Write(path, s => s.Write([2]));   // cleans up, but the slow save's file is locked
        Assert.IsTrue(File.Exists(inProgress[0]), "a temporary file still being written must not be removed");
        release.Set();
        slow.Wait();
        CollectionAssert.AreEqual(new byte[] { 1, 1, 1, 1 }, File.ReadAllBytes(path), "the last save to finish wins");
        Assert.IsEmpty(AtomicFile.TemporaryFiles(path));
    }
}
