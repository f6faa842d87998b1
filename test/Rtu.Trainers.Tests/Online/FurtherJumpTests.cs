using Rtu.Tests.Shared;
using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A held gross possible spike that began a run (<see cref="GlitchRun"/>) and that the next value went on beyond (further
/// the same way by half its jump or more, <c>SpikeRewind.WentFurther</c>) is a candidate level shift, as one the next
/// value stayed near: a flood's rise is data, not two spikes; a glitch that grows and comes back is undone with its run.
/// </summary>
[TestClass]
public sealed class FurtherJumpTests
{
    private const int Onset = 700;

    // Daily river flow: two calm years near 3.5 m³/s, then a flood of record (62.6, 142.4, then a recession toward the
    // baseflow), as an outside audit's flood_of_record_daily.csv.
    private static double[] Flood(int seed)
    {
        var rng = new Random(seed);
        var y = new double[Onset + 120];
        for (int t = 0; t < y.Length; t++) y[t] = 3.5 + 0.3 * Math.Sin(2 * Math.PI * t / 365) + 0.05 * PromoData.Gaussian(rng);
        y[Onset] += 59;
        for (int t = Onset + 1; t < y.Length; t++) y[t] += 139 * Math.Pow(0.82, t - Onset - 1);
        return y;
    }

    // The forecaster as settings layout 18 wrote it (a held jump is a shift only when the next value stayed near it), read back fresh.
    private static RtuForecaster Layout18(int season) => RtuForecaster.Load(new BinaryReader(new MemoryStream(AsLayout18(ForecasterAlone.New(season)))));

    [TestMethod]
    public void AFloodsRiseIsTakenAsDataAtItsPeak()
    {
        // Before (layout 18), the first two flood rows were held as gross spikes and forecast past as missing: the day after
        // the peak was forecast near the baseflow. Now the peak, beyond the held first row, takes that row as a shift, and
        // the next day is forecast from the flood.
        for (int seed = 1; seed <= 3; seed++)
        {
            var y = Flood(seed);
            var made = ForecasterAlone.OneStep(ForecasterAlone.New(7), y);
            var before = ForecasterAlone.OneStep(Layout18(7), y);
            double flood = ForecasterAlone.RestMae(y, made, Onset), floodBefore = ForecasterAlone.RestMae(y, before, Onset);
            Console.WriteLine($"seed {seed}: the day after the peak {y[Onset + 2]:F1} forecast {made[Onset + 1]:F1} (layout 18: {before[Onset + 1]:F1}); MAE from the onset {floodBefore:F2} → {flood:F2}");
            Assert.IsLessThan(10, before[Onset + 1], "layout 18 forecast past the peak as missing");
            Assert.IsGreaterThan(0.5 * y[Onset + 2], made[Onset + 1], $"seed {seed}: the day after the peak");
            Assert.IsLessThan(0.9 * floodBefore, flood, $"seed {seed}");
        }
    }

    [TestMethod]
    public void ASpikeThatReturnsOrTurnsBackIsForecastAsBefore()
    {
        // Only a next value beyond the held one changes anything: a lone spike, or a spike whose next value turns back below
        // half of it, is forecast bit for bit as layout 18 forecasts it (a next value of 50 is a glitch of two rows, undone).
        var y = Flood(4)[..Onset];
        foreach (double next in new[] { 3.5, 20.0 })
        {
            var z = y.Concat(new[] { 60.0, next, 3.5, 3.6, 3.4 }).ToArray();
            CollectionAssert.AreEqual(ForecasterAlone.OneStep(Layout18(7), z), ForecasterAlone.OneStep(ForecasterAlone.New(7), z), $"next {next}");
        }
    }

    [TestMethod]
    public void SavedDuringTheFloodItContinuesBitForBit()
    {
        // Saved at every row of the flood (the first row held, the peak taking it as a shift), read back and continued: the
        // same forecasts as the forecaster that was never saved; a layout-18 file keeps the old rule, and saves it again.
        var y = Flood(5);
        for (int at = Onset - 1; at <= Onset + 3; at++)
        {
            var f = ForecasterAlone.New(7);
            var a = new float[1]; var b = new float[1];
            for (int t = 0; t < at; t++) f.Observe(y[t], default, learn: true, a, default);
            var g = RtuForecaster.Load(new BinaryReader(new MemoryStream(Saved(f))));
            for (int t = at; t < y.Length; t++)
            {
                f.Observe(y[t], default, learn: true, a, default);
                g.Observe(y[t], default, learn: true, b, default);
                CollectionAssert.AreEqual(a, b, $"saved before row {at}, t={t}");
            }
        }
        var old = Layout18(7);
        var made = ForecasterAlone.OneStep(old, y[..(Onset + 1)]);
        var again = RtuForecaster.Load(new BinaryReader(new MemoryStream(Saved(old))));
        Assert.AreEqual(-19, BitConverter.ToInt32(Saved(again), 0), "saved in the current layout");
        var rest = y[(Onset + 1)..];
        CollectionAssert.AreEqual(ForecasterAlone.OneStep(old, rest), ForecasterAlone.OneStep(again, rest), "the old rule, read back");
        Assert.IsLessThan(10, made[^1]);
    }

    [TestMethod]
    public void AGlitchThatGrowsForTwoRowsCostsTheRowItReturnsAt()
    {
        // The price of the rule: two glitch rows, the second beyond the first, look like a flood's rise until the third row;
        // taken as a shift (on US GNP, as a change of units: the series started afresh) at the second, the third (back at
        // the old level) is forecast at the glitch's. The fourth, back too, has the run undone: from the row after it on,
        // the MAE is the clean run's within 5 % (the rule without runs, screened in the seventy-first pass, left the series
        // started afresh: from the return row on, 1,000 then 2,000 sd, 10.9 for 0.044).
        var y = RealSeries.HeldOut("heldout2", "NelPlo_gnp.real.csv");
        double sd = ForecasterAlone.Sd(y);
        int at = y.Length / 2;
        foreach (var (first, second) in new[] { (100.0, 100.0), (100.0, 150.0), (100.0, 200.0), (1000.0, 2000.0) })
        {
            var z = (double[])y.Clone();
            z[at] += first * sd; z[at + 1] += second * sd;
            var made = ForecasterAlone.OneStep(ForecasterAlone.New(1), z);
            double rest = ForecasterAlone.RestMae(y, made, at + 5), clean = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(y, 1), at + 5);
            double old = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(Layout18(1), z), at + 5);
            Console.WriteLine($"glitch {first}, {second} sd: the return row forecast {made[at + 1]:G4} for {y[at + 2]:G4}; the rest's MAE {rest:G4} (clean {clean:G4}, layout 18 {old:G4})");
            Assert.AreEqual(1, rest / clean, 0.05, $"glitch {first}, {second}");
        }
    }
}
