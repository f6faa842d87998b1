using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class OptionErrorTests
{
    [TestMethod]
    public void TheLibrarysRefusalNamesTheAppsOption()
    {
        // The library refuses Units = 0 naming its property; the app's error line names --units and the value, on one line.
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RtuForecastingOptions { Units = 0 }.Validate());
        string message = OptionError.Message(e);
        Assert.StartsWith("--units: ", message);
        StringAssert.Contains(message, "(got 0)");
        Assert.DoesNotContain("Parameter", message);
        Assert.DoesNotContain("\n", message);
        // Anything else is its own message.
        var io = new IOException("Input 'x' is a directory.");
        Assert.AreEqual(io.Message, OptionError.Message(io));
        var other = new ArgumentException("bad", "SomethingElse");
        Assert.AreEqual(other.Message, OptionError.Message(other));
    }
}
