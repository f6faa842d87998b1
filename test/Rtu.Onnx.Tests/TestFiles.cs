using Rtu.Onnx.Export;

namespace Rtu.Onnx.Tests;

/// <summary>A fresh temporary folder per test class run.</summary>
internal static class TestFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "rtu-onnx-tests-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    });

    public static string Dir => Root.Value;

    public static string PathFor(string name) => Path.Combine(Dir, name);

    public static IEnumerable<object[]> AllCases()
    {
        int i = 0;
        foreach (Arch a in Enum.GetValues<Arch>())
            foreach (Head h in Enum.GetValues<Head>())
            {
                yield return new object[] { a, h, (i % 2) == 0 };
                i++;
            }
    }

    public static string Export(Arch a, Head h, bool mlp)
    {
        string path = PathFor($"{a}_{h}_{(mlp ? "mlp" : "nomlp")}.onnx");
        OnnxExporter.Export(ModelFactory.Create(a, h, mlp, Seed(a, h)), path);
        return path;
    }

    public static int Seed(Arch a, Head h) => 1000 + 10 * (int)a + (int)h;
}
