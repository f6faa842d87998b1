using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class OutputPathsTests
{
    [TestMethod]
    public void ADirectoryOrAFolderThatCannotBeMadeIsRefusedBeforeTheRun()
    {
        // The app checks the files it will write before it reads the series: a directory named as the output, or a folder
        // that cannot be made, was found only after the whole run. A new folder is made; files are not written.
        string root = Path.Combine(Path.GetTempPath(), "rtu-output-paths-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var e = Assert.ThrowsExactly<IOException>(() => OutputPaths.Check(Path.Combine(root, "f.csv"), root));
            StringAssert.Contains(e.Message, "is a directory");
            var blocked = Path.Combine(root, "file");
            File.WriteAllText(blocked, "");
            e = Assert.ThrowsExactly<IOException>(() => OutputPaths.Check(Path.Combine(blocked, "f.csv")));
            StringAssert.Contains(e.Message, "cannot be made");
            string nested = Path.Combine(root, "a", "b", "f.csv");
            OutputPaths.Check(nested);
            Assert.IsTrue(Directory.Exists(Path.GetDirectoryName(nested)));
            Assert.IsFalse(File.Exists(nested));
            Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(nested)!), "the write check leaves nothing behind");
            // A folder that exists but cannot be written was found only after the run, as "Could not find file".
            if (OperatingSystem.IsLinux())
                StringAssert.Contains(Assert.ThrowsExactly<IOException>(() => OutputPaths.Check("/proc/rtu-forecast.csv")).Message, "cannot be written");
            e = Assert.ThrowsExactly<IOException>(() => CsvSeries.Read(root, null, []));
            StringAssert.Contains(e.Message, "is a directory", "an input directory is named as one");
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [TestMethod]
    public void AnOutputThatIsTheInputFileIsRefused()
    {
        string root = Path.Combine(Path.GetTempPath(), $"rtu-input-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            string input = Path.Combine(root, "data.csv");
            var e = Assert.ThrowsExactly<ArgumentException>(() => OutputPaths.CheckNotInput(input, Path.Combine(root, "out.csv"), Path.Combine(root, "sub", "..", "data.csv")));
            StringAssert.Contains(e.Message, "is the input file");
            OutputPaths.CheckNotInput(input, Path.Combine(root, "out.csv"), Path.Combine(root, "data.png"));   // others are fine
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [TestMethod]
    public void TwoOutputsNamingOneFileAreRefused()
    {
        // An outside audit: --output f.csv --model f.csv wrote the forecasts and then the model over them ("Wrote f.csv"
        // twice, exit 0), and --dump-members with the input's path replaced the user's data (CheckNotInput covers it now).
        string dir = Path.GetTempPath();
        var e = Assert.ThrowsExactly<ArgumentException>(() => OutputPaths.CheckDistinct(("--output", Path.Combine(dir, "f.csv")), ("--plot", Path.Combine(dir, "f.png")), ("--model", Path.Combine(dir, "F.csv"))));
        StringAssert.Contains(e.Message, "--output and --model would both write");
        OutputPaths.CheckDistinct(("--output", Path.Combine(dir, "f.csv")), ("--plot", Path.Combine(dir, "f.png")));
        e = Assert.ThrowsExactly<ArgumentException>(() => OutputPaths.CheckNotInput(Path.Combine(dir, "in.csv"), Path.Combine(dir, "f.csv"), Path.Combine(dir, "in.csv")));
        StringAssert.Contains(e.Message, "--dump-members");
    }
}
