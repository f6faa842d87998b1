namespace Rtu.Onnx.Tests;

[TestClass]
public static class AssemblyHooks
{
    [AssemblyCleanup]
    public static void RemoveTemporaryFiles()
    {
        try { Directory.Delete(TestFiles.Dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
