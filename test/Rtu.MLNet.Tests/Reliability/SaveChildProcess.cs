using Microsoft.ML;
using Rtu.Trainers.IO;

namespace Rtu.MLNet.Tests.Reliability;

/// <summary>
/// Entry point of this test assembly when a test re-launches it (<c>dotnet exec Rtu.MLNet.Tests.dll MODE …</c>) as a
/// child process to be killed during a save; the test host never calls it.
/// </summary>
public static class SaveChildProcess
{
    public static int Main(string[] args)
    {
        if (args.Length == 0) return 0;
        switch (args[0])
        {
            case "hang-in-save":
                // Writes half a checkpoint-sized payload, says so, and waits to be killed inside the save.
                AtomicFile.Write(args[1], s =>
                {
                    s.Write(new byte[1 << 20]);
                    ((FileStream)s).Flush(flushToDisk: true);
                    File.WriteAllText(args[2], "inside");
                    Thread.Sleep(Timeout.Infinite);
                });
                return 1;
            case "save-loop":
                SaveLoop(args[1], args[2], args[3]);
                return 1;
            default:
                return 2;
        }
    }

    // Saves a model and a checkpoint over and over (until killed); writes the ready file after the first of each.
    private static void SaveLoop(string modelPath, string checkpointPath, string ready)
    {
        var ml = new MLContext(seed: 1);
        var rows = TestData.Series(60);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(data);
        var engine = model.CreateStreamingEngine();
        for (int i = 0; ; i++)
        {
            for (int k = 0; k < 200; k++) engine.Observe($"s{k}", rows[i % rows.Length].Value + k, [rows[i % rows.Length].Temperature]);
            engine.Checkpoint(checkpointPath);
            ml.Model.SaveRtu(model, data.Schema, modelPath);
            if (i == 0) File.WriteAllText(ready, "ready");
        }
    }
}
