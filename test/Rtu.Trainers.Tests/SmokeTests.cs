namespace Rtu.Trainers.Tests;
[TestClass]
public sealed class SmokeTests { [TestMethod] public void Runs() => Assert.AreEqual(2, 1 + 1); }
