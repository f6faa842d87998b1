using System.Diagnostics;
using Rtu.Trainers.IO;

namespace Rtu.MLNet.Tests.Reliability;

/// <summary>
/// Issue 12, defects 9 and 10: a process killed during a save must leave the previous file intact (the README's
/// <c>File.Create</c> pattern left 0-byte checkpoints), and its temporary file must go at the next save.
/// These tests re-launch this assembly as a child process and kill it.
/// </summary>
[TestClass]
public sealed class KillDuringSaveTests
{
    private string _dir = "";

    [TestInitialize]
    public void Setup() { _dir = Path.Combine(Path.GetTempPath(), $"kill-save-{Guid.NewGuid():N}"); Directory.CreateDirectory(_dir); }

    [TestCleanup]
    public void Cleanup() { try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } }

    private static Process StartChild(params string[] args)
    {
        string assembly = typeof(SaveChildProcess).Assembly.Location;
        // The test host runs under the dotnet host; use the same one (PATH may not have it).
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(assembly);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    // Waits for the child's signal file (a generous bound: it only guards against a child that died or hangs).
    private static void WaitForFile(Process child, string file)
    {
        for (int i = 0; i < 1200 && !File.Exists(file); i++)
        {
            if (child.HasExited) Assert.Fail($"child exited with {child.ExitCode}: {child.StandardError.ReadToEnd()}");
            Thread.Sleep(50);
        }
        Assert.IsTrue(File.Exists(file), "the child never reached the save");
    }

    private static void Kill(Process child)
    {
        child.Kill(entireProcessTree: true);
        child.WaitForExit();
    }

    [TestMethod]
    public void AKillInsideACheckpointSaveKeepsThePreviousCheckpointAndTheNextSaveRemovesTheTemporaryFile()
    {
        string path = Path.Combine(_dir, "engine.ckpt");
        var engine = ReliabilityFixture.EngineWithStreams(3);
        engine.Checkpoint(path);
        byte[] previous = File.ReadAllBytes(path);

        string inside = Path.Combine(_dir, "inside");
        using var child = StartChild("hang-in-save", path, inside);
        WaitForFile(child, inside);
        Kill(child);   // SIGKILL in the middle of the save: no finally, no cleanup

        CollectionAssert.AreEqual(previous, File.ReadAllBytes(path), "the previous checkpoint must survive intact");
        var restored = ReliabilityFixture.Forecaster.CreateStreamingEngine();
        restored.Restore(path);
        Assert.AreEqual(3, restored.StreamIds.Count);
        Assert.HasCount(1, AtomicFile.TemporaryFiles(path), "the killed save's temporary file is left behind");

        engine.Observe("s00000", 12f, [0f]);
        engine.Checkpoint(path);
        Assert.IsEmpty(AtomicFile.TemporaryFiles(path), "the next save to the same path removes it");
        restored.Restore(path);
        CollectionAssert.AreEqual(engine.Forecast("s00000"), restored.Forecast("s00000"));
    }

    [TestMethod]
    public void KillsDuringSaveLoopsNeverLeaveAnUnreadableModelOrCheckpoint()
    {
        string model = Path.Combine(_dir, "model.zip"), checkpoint = Path.Combine(_dir, "engine.ckpt");
        var rng = new Random(5);
        for (int round = 0; round < 2; round++)
        {
            string ready = Path.Combine(_dir, $"ready{round}");
            using var child = StartChild("save-loop", model, checkpoint, ready);
            WaitForFile(child, ready);
            Thread.Sleep(rng.Next(0, 150));   // a seeded point somewhere in the loop of saves
            Kill(child);

            var loaded = ReliabilityFixture.Ml.Model.LoadRtu(model, out _);
            var engine = ((RtuForecastingTransformer)loaded).CreateStreamingEngine();
            engine.Restore(checkpoint);
            Assert.AreEqual(200, engine.StreamIds.Count);
        }
        // One more save of each removes whatever temporaries the kills left.
        var data = ReliabilityFixture.Ml.Data.LoadFromEnumerable(TestData.Series(60));
        var fitted = ReliabilityFixture.Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(data);
        ReliabilityFixture.Ml.Model.SaveRtu(fitted, data.Schema, model);
        fitted.CreateStreamingEngine().Checkpoint(checkpoint);
        Assert.IsEmpty(AtomicFile.TemporaryFiles(model));
        Assert.IsEmpty(AtomicFile.TemporaryFiles(checkpoint));
    }
}
