using Microsoft.ML;
using static Rtu.MLNet.Tests.OlderLibraryFiles;

namespace Rtu.MLNet.Tests.Forecasting;

/// <summary>
/// A keyed forecaster with a season and its engine's checkpoint, written when the forecast pool's layout was 24 (main
/// @2696c2c; Data/README.md): the M4 Comb then stored its own copy of the d = 2 member's Holt fit, which layout 25 shares.
/// The model loads and predicts as written, the older library's checkpoint restores into an engine of the loaded model
/// and continues as written, and both saved again by this library are shorter by exactly that copy and restore alike.
/// </summary>
[TestClass]
public sealed class PoolLayout24FilesTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static List<float[]> Expected(string kind) => OlderLibraryFiles.Expected("pool-layout24-expected.csv", kind);

    // Rows 130–149 observed by the engine: each fitted key's forecasts and those of a key first seen after the fit.
    private static (List<float[]> Seen, List<float[]> Fresh) Continue(RtuForecastEngine engine, KeyedSeriesRow[] rows)
    {
        var (seen, fresh) = (new List<float[]>(), new List<float[]>());
        for (int t = 130; t < 150; t++)
        {
            seen.Add(engine.Observe(rows[t].Key, rows[t].Value, [rows[t].Temperature]));
            fresh.Add(engine.Observe("fresh", rows[t].Value, [rows[t].Temperature]));
        }
        return (seen, fresh);
    }

    [TestMethod]
    public void ALayout24ModelAndCheckpointLoadRestoreAndContinueAsWritten()
    {
        var rows = KeyedRows();
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(100));
        var model = (RtuForecastingTransformer)Ml.Model.LoadRtu(DataFile("pool-layout24-keyed.zip"), out var schema);
        Assert.AreEqual(12, model.Options.SeasonLength, "a pool with a season, so with the Comb");
        TestData.AssertSame(Expected("forecast"), TestData.Column(model.Transform(test), "Forecast"));

        var engine = model.CreateStreamingEngine();
        engine.Restore(DataFile("pool-layout24-engine.ckpt"));
        var (seen, fresh) = Continue(engine, rows);
        TestData.AssertSame(Expected("restored"), seen);
        TestData.AssertSame(Expected("restored-fresh"), fresh);

        // Saved again by this library (layout 37): the model and a checkpoint of the restored engine (taken before the
        // rows above were observed again) load and restore alike; each of the checkpoint's three streams is 175 B shorter
        // (721 without the Comb's copy of the Holt fit, 1 more for the intervals' layout-6 flag, 1 for each of the pool's
        // layout-26 and layout-27 flags, 106 for layout 28's sections: the resolution's flag, two values and two counts, the
        // seasonal zeros' flag, two sums, a count and 12 runs of zero seasons; 9 for layout 29's flag and size; 1 longer
        // for layout 30's flag, no rolling median with a season, 1 for the intervals' layout-7 flag, and 1 longer for the
        // forecaster's layout-13 flag of its exogenous effect, false: a forecaster read from an older file has none; 1 longer
        // for the pool's layout-31 flag and 1 for the forecaster's layout-14 flag, both false for a file of an older layout;
        // 100 longer for the intervals' layout-8 section: its flag, then per horizon the fast scale, two likelihood
        // means, their count and whether it is in use; 27 longer for the pool's layout-32 section: a flag, the last shift's
        // row, move, kind and value, and the flag of the combination above 0; 1 longer for the pool's layout-33 flag of the
        // early seasonal naive's move and 25 for the intervals' layout-9 section (a flag and, per horizon, the count the scales started from);
        // 17 longer for the forecaster's layout-15 section: the held spikes' lift flag, false, and a sum and count of 0; 1
        // longer for the pool's layout-34 flag, no values given a second season back without a second season; 30 longer
        // for the pool's layout-35 section: a flag, the watched shift's row, move, level and count, and the frozen fits' flag;
        // 33 longer for the pool's layout-36 section: a flag, the saturated bounds and their four counts; 15 longer for the
        // pool's layout-37 section: a flag, a count, a flag and a row of values ≤ 0 held, and the first season's combination flag;
        // 49 longer for the forecaster's settings layout 18: the range at the settings' end, ±∞, and the gross spikes' lift
        // flag, false, with a sum, a count and the largest jumps up and down that stayed, all 0; 118 longer for the
        // forecaster's settings layout-19 section: the glitch runs' flag, false, the range of the values seen and an empty
        // record of a run's eight rows, each a value and the one exogenous value; 1 longer for the settings layout-21 flag of the
        // replays, false; 1 longer for the settings layout-22 flag of the first rows' judgement across 0, false; 1 longer for
        // the pool's layout-38 flag of a spike below the negative of its forecast judged gross; 1 longer for the pool's
        // layout-39 flags of the conditioned least-squares fits and the runs beyond a double's precision; 2 longer for the settings layout-23 flags of the exogenous
        // columns' restart after a constant history and of the held jumps' limit, both false; 1 longer for the pool's
        // layout-40 flag of a frozen pool's gross runs; 2 longer for the settings layout-24 flags of the disowned gross
        // spikes and the first rows' steps, both false; 1 longer for the pool's layout-41 flag of
        // the bursts alternating sides; 89 longer for the pool's layout-42 section: the sharp moves' flag, false, the next
        // slot, four empty remembered moves, no row noted and a word of clear bits).
        string dir = Path.Combine(Path.GetTempPath(), $"pool-layout24-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var before = model.CreateStreamingEngine();
            before.Restore(DataFile("pool-layout24-engine.ckpt"));
            string checkpoint = Path.Combine(dir, "engine.ckpt"), file = Path.Combine(dir, "model.zip");
            before.Checkpoint(checkpoint);
            Assert.AreEqual(new FileInfo(DataFile("pool-layout24-engine.ckpt")).Length - 3 * 82, new FileInfo(checkpoint).Length);
            Ml.Model.SaveRtu(model, schema, file);
            var again = ((RtuForecastingTransformer)Ml.Model.LoadRtu(file, out _)).CreateStreamingEngine();
            again.Restore(checkpoint);
            var (seenAgain, freshAgain) = Continue(again, rows);
            TestData.AssertSame(seen, seenAgain);
            TestData.AssertSame(fresh, freshAgain);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
