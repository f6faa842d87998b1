using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The least-squares trust factor every learned correction and gate is scaled by (<see cref="SkillShrinkage"/>).</summary>
[TestClass]
public sealed class SkillShrinkageTests
{
    private static SkillShrinkage Copy(SkillShrinkage s)
    {
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) s.Save(w);
        stream.Position = 0;
        var copy = new SkillShrinkage(floor: 1e-300);
        copy.Load(new BinaryReader(stream), "test ");
        return copy;
    }

    [TestMethod]
    public void TheFactorIsTheClippedLeastSquaresRatioAndAChangeOfUnitsKeepsIt()
    {
        var s = new SkillShrinkage(floor: 1e-300);
        s.Observe(2, 4); s.Observe(1, 2);   // E[c·v] = 5, E[v²] = 10
        Assert.AreEqual(0.5, s.Factor, 1e-15);
        s.Rescale(1e6);
        s.Observe(2e3, 4e3);
        Assert.AreEqual(0.5, s.Factor, 1e-12, "the moments in the new units");
    }

    [TestMethod]
    public void MomentsRescaledBeyondTheDoublesStayFiniteAndReadBack()
    {
        // A damaged file's moments of 1e300 passed the load check; a change of units by 1e6 took them to ∞, which the load
        // check refuses: the forecaster could not read its own save (an outside review).
        var s = new SkillShrinkage(floor: 1e-300);
        s.Observe(1e150, 1e150);
        s.Rescale(1e12);
        var copy = Copy(s);
        copy.Observe(1, 1);
        Assert.IsTrue(double.IsFinite(copy.Factor));
        var negative = new SkillShrinkage(floor: 1e-300);
        negative.Observe(-1e150, 1e150);
        negative.Rescale(1e12);
        Assert.AreEqual(0.0, Copy(negative).Factor);
    }
}
