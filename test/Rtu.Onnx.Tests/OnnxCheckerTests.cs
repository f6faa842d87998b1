using System.Diagnostics;

namespace Rtu.Onnx.Tests;

/// <summary>Every exported file passes onnx.checker.check_model(full_check=True) (Debian's python3-onnx).</summary>
[TestClass]
public sealed class OnnxCheckerTests
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
import sys, onnx
for p in sys.argv[1:]:
    m = onnx.load(p)
    onnx.checker.check_model(m, full_check=True)
    assert m.ir_version == 8, (p, m.ir_version)
    assert [(o.domain, o.version) for o in m.opset_import] == [("", 17)], (p, m.opset_import)
    assert m.producer_name == "Rtu.MLNet", p
    print("ok", p)
""";

    [TestMethod]
    public void EveryExportedFilePassesTheOnnxCheckerWithFullCheck()
    {
        var paths = TestFiles.AllCases().Select(c => TestFiles.Export((Arch)c[0], (Head)c[1], (bool)c[2])).ToList();
        var (code, stdout, stderr) = RunPython(paths);
        Assert.AreEqual(0, code, $"onnx.checker rejected a file:\n{stderr}\n{stdout}");
        Assert.AreEqual(paths.Count, stdout.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)), stdout);
    }

    internal static (int Code, string Stdout, string Stderr) RunPython(IReadOnlyList<string> paths)
    {
        const string install = "The ONNX checker is not installed: run `apt-get install -y python3-onnx` (the test uses /usr/bin/python3).";
        if (!File.Exists(Python)) Assert.Fail(install + $" ({Python} does not exist)");
        var probe = Run(new[] { "-c", "import onnx" });
        if (probe.Code != 0) Assert.Fail(install + "\n" + probe.Stderr);
        return Run(new[] { "-c", Script }.Concat(paths));
    }

    private static (int Code, string Stdout, string Stderr) Run(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderrTask = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            Assert.Fail("python3 onnx checker timed out");
        }
        return (p.ExitCode, stdout, stderrTask.Result);
    }
}
