using System.Diagnostics;
using System.IO.Compression;

namespace Rtu.MLNet.Tests;

/// <summary>
/// `dotnet pack` gives packages that carry the README (README.md "Use it from your project"). The full local-feed
/// install (pack all three, a fresh project restores Rtu.MLNet from the folder feed with an empty package cache, runs a
/// keyed forecast) takes about two minutes on two cores: scripts/local-feed-install.sh, run here when
/// RTU_PACKAGE_TEST=1; the quick check below always runs.
/// </summary>
[TestClass]
public sealed class PackageTests
{
    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rtu.MLNet.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Rtu.MLNet.sln not found above the test assembly.");
    }

    private static (int Code, string Output) Run(string file, string arguments, int timeoutMs)
    {
        var psi = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root() };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeoutMs)) { p.Kill(entireProcessTree: true); return (-1, output + "\n(timed out)"); }
        return (p.ExitCode, output + stderr.Result);
    }

    [TestMethod]
    public void APackedLibraryCarriesTheReadme()
    {
        string output = Path.Combine(Path.GetTempPath(), $"rtu-pack-{Guid.NewGuid():N}");
        try
        {
            // Rtu.Trainers is already built in Release by the test run; packing it alone takes seconds.
            var (code, log) = Run("dotnet", $"pack src/Rtu.Trainers -c Release --no-build -o \"{output}\" --nologo", 120_000);
            Assert.AreEqual(0, code, log);
            string package = Directory.GetFiles(output, "Rtu.Trainers.*.nupkg").Single();
            using var zip = ZipFile.OpenRead(package);
            var readme = zip.GetEntry("README.md");
            Assert.IsNotNull(readme, "the package holds README.md at its root");
            using (var reader = new StreamReader(readme.Open())) StringAssert.StartsWith(reader.ReadToEnd(), "# Rtu.MLNet");
            var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var r = new StreamReader(nuspec.Open());
            StringAssert.Contains(r.ReadToEnd(), "<readme>README.md</readme>");
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, recursive: true); }
    }

    [TestMethod]
    public void TheLocalFeedInstallWorks()
    {
        if (Environment.GetEnvironmentVariable("RTU_PACKAGE_TEST") != "1")
            Assert.Inconclusive("Set RTU_PACKAGE_TEST=1 to run scripts/local-feed-install.sh (about two minutes).");
        string work = Path.Combine(Path.GetTempPath(), $"rtu-feed-{Guid.NewGuid():N}");
        try
        {
            var (code, log) = Run("bash", $"scripts/local-feed-install.sh \"{work}\"", 600_000);
            Assert.AreEqual(0, code, log);
            StringAssert.Contains(log, "installed from the local feed: a,b");
            StringAssert.Contains(log, "carries README.md");
        }
        finally { if (Directory.Exists(work)) Directory.Delete(work, recursive: true); }
    }
}
