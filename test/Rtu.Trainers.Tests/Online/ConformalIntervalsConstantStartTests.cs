using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The first error above 0 after errors of exactly 0 (a constant start) starts the scales and width factors afresh
/// (intervals layout 9, <see cref="ConformalIntervals.ForgetsConstantStart"/>).
/// </summary>
[TestClass]
public sealed class ConformalIntervalsConstantStartTests
{
    // `constant` values of 100 forecast exactly, then noise of standard deviation 5 about the forecast 100: the 80 %
    // intervals' coverage of the next twelve rows, and their mean width, over seeds.
    private static (double Coverage, double Width) AfterTheConstantStart(Func<ConformalIntervals> make, int constant = 10)
    {
        int hits = 0, n = 0;
        double width = 0;
        for (int seed = 1; seed <= 40; seed++)
        {
            var rng = new Random(seed);
            var intervals = make();
            for (int t = 0; t < constant + 12; t++)
            {
                double half = intervals.HalfWidth(1, 0);
                double y = t < constant ? 100 : 100 + 5 * PromoData.Gaussian(rng);
                if (t >= constant + 1 && double.IsFinite(half)) { n++; hits += Math.Abs(y - 100) <= half ? 1 : 0; width += 2 * half; }
                intervals.Observe(y, learn: true);
                intervals.Remember([100f]);
            }
        }
        return ((double)hits / n, width / n);
    }

    [TestMethod]
    public void AfterAConstantStartTheIntervalsCoverWhatFollows()
    {
        // Before (layout 8), the first departure's error was averaged with the ten errors of 0 and the factors had shrunk
        // on ten hits of intervals of width 0: the next rows' 80 % intervals were a fraction of the noise's spread.
        var (coverage, width) = AfterTheConstantStart(() => new ConformalIntervals(1));
        var (before, widthBefore) = AfterTheConstantStart(() => ReadAsLayout(new ConformalIntervals(1), 8, new ConformalIntervals(1).LaterLayoutsLength(8)));
        Console.WriteLine($"80 % coverage of rows 11–21: {coverage:P1} (layout 8: {before:P1}), mean width {width:F2} ({widthBefore:F2}; the true 80 % width 12.8)");
        Assert.IsGreaterThan(0.65, coverage);
        Assert.IsLessThan(0.55, before);
        Assert.IsGreaterThan(1.5 * widthBefore, width);
    }

    [TestMethod]
    public void AfterALongConstantStartTheScalesLearnAsFastAsAfterAShortOne()
    {
        // The means count from the first error above 0, not from the first row: after 400 constant rows the next errors
        // weigh 1/2, 1/3, … as after 10, not 1/100 (a review: coverage 61–63 % after 100–400 constant rows, 71 % after 10,
        // when the first error alone was taken afresh).
        var (shortStart, _) = AfterTheConstantStart(() => new ConformalIntervals(1), 10);
        var (longStart, width) = AfterTheConstantStart(() => new ConformalIntervals(1), 400);
        Console.WriteLine($"80 % coverage of the twelve rows after 10 constant rows {shortStart:P1}, after 400 {longStart:P1} (width {width:F2})");
        Assert.AreEqual(shortStart, longStart, 1e-12, "the same rows after either start");
    }

    [TestMethod]
    public void ErrorsThatWereNeverAll0AreScoredAsBefore()
    {
        // A series whose first error is above 0 never meets the rule: every width is the layout-8 intervals'.
        var rng = new Random(3);
        var a = new ConformalIntervals(2);
        var old = ReadAsLayout(new ConformalIntervals(2), 8, new ConformalIntervals(2).LaterLayoutsLength(8));
        Assert.IsTrue(a.ForgetsConstantStart);
        Assert.IsFalse(old.ForgetsConstantStart, "a layout-8 file continues as it was");
        for (int t = 0; t < 300; t++)
        {
            double y = 50 + 3 * PromoData.Gaussian(rng);
            a.Observe(y, learn: true); old.Observe(y, learn: true);
            a.Remember([50f, 50f]); old.Remember([50f, 50f]);
            for (int h = 1; h <= 2; h++)
                for (int level = 0; level < 2; level++) Assert.AreEqual(old.HalfWidth(h, level), a.HalfWidth(h, level), $"t={t}, h={h}");
        }
    }

    [TestMethod]
    public void TheFlagIsSavedAndReadBackAndADamagedCountIsRefused()
    {
        var a = new ConformalIntervals(1);
        a.Observe(1, learn: true); a.Remember([1f]);
        var bytes = Saved(a);
        Assert.AreEqual(1, bytes[^9], "layout 9's flag, then the count the scales started from");
        var copy = new ConformalIntervals(1);
        copy.Load(new BinaryReader(new MemoryStream(bytes)));
        Assert.IsTrue(copy.ForgetsConstantStart);
        bytes[^9] = 0;
        copy = new ConformalIntervals(1);
        copy.Load(new BinaryReader(new MemoryStream(bytes)));
        Assert.IsFalse(copy.ForgetsConstantStart);
        var beyond = (byte[])bytes.Clone();
        beyond[^9] = 1;
        BitConverter.GetBytes(2L).CopyTo(beyond, beyond.Length - 8);   // started after more errors than were scored
        Assert.ThrowsExactly<InvalidDataException>(() => new ConformalIntervals(1).Load(new BinaryReader(new MemoryStream(beyond))));
        Assert.ThrowsExactly<EndOfStreamException>(() => new ConformalIntervals(1).Load(new BinaryReader(new MemoryStream(bytes[..^1]))));
    }
}
