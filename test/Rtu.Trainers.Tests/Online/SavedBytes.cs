using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>What a forecaster or its intervals write (Save), and a copy read back from it: one place for the tests that
/// rewrite saved layouts.</summary>
internal static class SavedBytes
{
    public static byte[] Saved(RtuForecaster forecaster) => Bytes(forecaster.Save);

    public static byte[] Saved(ConformalIntervals intervals) => Bytes(intervals.Save);

    public static ConformalIntervals Reloaded(ConformalIntervals intervals)
    {
        var copy = new ConformalIntervals(intervals.Horizon);
        copy.Load(new BinaryReader(new MemoryStream(Saved(intervals))));
        return copy;
    }

    /// <summary>
    /// The intervals as an older file holds them: the saved bytes without their last <paramref name="tailBytes"/> (the
    /// newer layouts' tails) and with marker −<paramref name="layout"/>, read back whole.
    /// </summary>
    public static ConformalIntervals ReadAsLayout(ConformalIntervals intervals, int layout, int tailBytes)
    {
        var old = Saved(intervals)[..^tailBytes];
        BitConverter.GetBytes(-layout).CopyTo(old, 0);
        var copy = new ConformalIntervals(intervals.Horizon);
        using var r = new BinaryReader(new MemoryStream(old));
        copy.Load(r);
        Assert.AreEqual(old.Length, r.BaseStream.Position, "the whole layout is read");
        return copy;
    }

    /// <summary>
    /// The saved bytes <paramref name="bytes"/> of <paramref name="forecaster"/> as settings layout 23 wrote them: without
    /// layout 24's two flags after layout 23's (the forecaster must judge gross spikes and first-row steps as layout 23 did,
    /// <see cref="RtuForecaster.UseGrossSpikesOfLayout23"/>, or meet no held gross spike that the next value disowns and no
    /// first-row step beyond a double's precision since).
    /// </summary>
    public static byte[] AsLayout23(byte[] bytes, RtuForecaster forecaster)
    {
        Assert.AreEqual(-24, BitConverter.ToInt32(bytes, 0), "the current layout");
        int flag = bytes.Length - forecaster.FirstSeasonsLength + 5 + RtuForecaster.Layout15Length + RtuForecaster.Layout18Length + forecaster.Layout19Length + RtuForecaster.Layout21Length + RtuForecaster.Layout22Length + RtuForecaster.Layout23Length;
        Assert.IsTrue(bytes[flag] is 0 or 1 && bytes[flag + 1] is 0 or 1, "layout 24's flags are bools");
        return Marked([.. bytes[..flag], .. bytes[(flag + RtuForecaster.Layout24Length)..]], -23);
    }

    /// <summary>
    /// The saved bytes <paramref name="bytes"/> of <paramref name="forecaster"/> as settings layout 22 wrote them: without
    /// layout 23's flags after layout 22's (the forecaster must scale its columns and take held jumps as layout 22 did,
    /// <see cref="RtuForecaster.UseScalingOfLayout22"/> and <see cref="RtuForecaster.UseJumpsOfLayout22"/>, or meet no
    /// departure from a constant column and no jump beyond <see cref="RtuForecaster.MaxJumpShift"/> since).
    /// </summary>
    public static byte[] AsLayout22(byte[] bytes, RtuForecaster forecaster)
    {
        bytes = AsLayout23(bytes, forecaster);
        int flag = bytes.Length - (forecaster.FirstSeasonsLength - RtuForecaster.Layout24Length) + 5 + RtuForecaster.Layout15Length + RtuForecaster.Layout18Length + forecaster.Layout19Length + RtuForecaster.Layout21Length + RtuForecaster.Layout22Length;
        Assert.IsTrue(bytes[flag] is 0 or 1 && bytes[flag + 1] is 0 or 1, "layout 23's flags are bools");
        return Marked([.. bytes[..flag], .. bytes[(flag + RtuForecaster.Layout23Length)..]], -22);
    }

    /// <summary>
    /// The saved bytes <paramref name="bytes"/> of <paramref name="forecaster"/> as settings layout 21 wrote them: without
    /// layout 22's flag after layout 21's (the forecaster must judge its first rows as layout 21 did,
    /// <see cref="RtuForecaster.UseFirstRowsJudgementOfLayout21"/>, or hold no kept first rows that a later judgement
    /// would judge again) and, with an exogenous effect, without the columns' season judgement after the effect's state
    /// (it must fit the effect from the first row, <see cref="RtuForecaster.UseEffectFittingOfLayout21"/>, and hold no
    /// kept rows: the effect is found by its bytes).
    /// </summary>
    public static byte[] AsLayout21(byte[] bytes, RtuForecaster forecaster)
    {
        bytes = AsLayout22(bytes, forecaster);
        int flag = bytes.Length - (forecaster.FirstSeasonsLength - RtuForecaster.Layout23Length - RtuForecaster.Layout24Length) + 5 + RtuForecaster.Layout15Length + RtuForecaster.Layout18Length + forecaster.Layout19Length + RtuForecaster.Layout21Length;
        Assert.IsTrue(bytes[flag] is 0 or 1, "layout 22's flag is a bool");
        bytes = [.. bytes[..flag], .. bytes[(flag + RtuForecaster.Layout22Length)..]];
        var effect = forecaster.ExogenousEffect;
        if (effect is not null)
        {
            var judgement = forecaster.ExogenousSeasonJudgement!;
            Assert.IsFalse(judgement.Judges, "a layout-21 forecaster fits its effect from the first row (UseEffectFittingOfLayout21)");
            byte[] block = [1, (byte)(effect.FitsEachHorizon ? 1 : 0), (byte)(effect.CarriesNextEffect ? 1 : 0), .. Bytes(effect.Save), .. Bytes(judgement.Save)];
            int at = Enumerable.Range(0, bytes.Length - block.Length + 1).First(i => bytes.AsSpan(i, block.Length).SequenceEqual(block));
            int end = at + block.Length;
            bytes = [.. bytes[..(end - judgement.SavedLength)], .. bytes[end..]];
        }
        return Marked(bytes, -21);
    }

    /// <summary>
    /// The saved bytes <paramref name="bytes"/> of <paramref name="forecaster"/> as settings layout 20 (19 without exogenous
    /// columns) wrote them: without layout 21's flag after layout 19's section (the forecaster's replays must keep the RTU's
    /// weights as they are, <see cref="RtuForecaster.UseReplaysOfLayout20"/>, or it must hold no kept rows that a later
    /// replay would observe again).
    /// </summary>
    public static byte[] AsLayout20(byte[] bytes, RtuForecaster forecaster)
    {
        bytes = AsLayout21(bytes, forecaster);
        int flag = bytes.Length - (forecaster.FirstSeasonsLength - RtuForecaster.Layout22Length - RtuForecaster.Layout23Length - RtuForecaster.Layout24Length) + 5 + RtuForecaster.Layout15Length + RtuForecaster.Layout18Length + forecaster.Layout19Length;
        Assert.IsTrue(bytes[flag] is 0 or 1, "layout 21's flag is a bool");
        return Marked([.. bytes[..flag], .. bytes[(flag + RtuForecaster.Layout21Length)..]], forecaster.Settings.ExogenousCount > 0 ? -20 : -19);
    }

    /// <summary>Bytes of the first seasons' section as layouts 19 and 20 wrote it (without layout 21's, 22's, 23's and 24's flags).</summary>
    private static int FirstSeasonsLength20(RtuForecaster forecaster) => forecaster.FirstSeasonsLength - RtuForecaster.Layout21Length - RtuForecaster.Layout22Length - RtuForecaster.Layout23Length - RtuForecaster.Layout24Length;

    /// <summary>
    /// The saved bytes <paramref name="bytes"/> of <paramref name="forecaster"/> as settings layout 19 wrote them: as layout
    /// 20 wrote them (<see cref="AsLayout20"/>), marked −19, and with exogenous columns without the flag layout 20 writes
    /// after layout 16's (the effect must not carry the next row's effect on, <see cref="RtuForecaster.UseEffectOfLayout19"/>).
    /// Without exogenous columns layout 20 was never written: layout 19 is layout 20's bytes.
    /// </summary>
    public static byte[] AsLayout19(byte[] bytes, RtuForecaster forecaster)
    {
        bytes = AsLayout20(bytes, forecaster);
        int marker = BitConverter.ToInt32(bytes, 0);
        if (forecaster.Settings.ExogenousCount == 0) { Assert.AreEqual(-19, marker, "without exogenous columns, layout 19"); return bytes; }
        Assert.AreEqual(-20, marker, "layout 20");
        var effect = forecaster.ExogenousEffect;
        if (effect is null) return Marked(bytes, -19);   // no effect: only the use flag (false) is written
        Assert.IsFalse(effect.CarriesNextEffect, "a layout-19 effect does not carry the next row's effect on (UseEffectOfLayout19)");
        byte[] block = [1, (byte)(effect.FitsEachHorizon ? 1 : 0), 0, .. Bytes(effect.Save)];
        int at = Enumerable.Range(0, bytes.Length - block.Length + 1).First(i => bytes.AsSpan(i, block.Length).SequenceEqual(block));
        return Marked([.. bytes[..(at + 2)], .. bytes[(at + 3)..]], -19);
    }

    private static byte[] Marked(byte[] bytes, int marker)
    {
        var copy = (byte[])bytes.Clone();
        BitConverter.GetBytes(marker).CopyTo(copy, 0);
        return copy;
    }

    /// <summary>
    /// The saved bytes <paramref name="bytes"/> of <paramref name="forecaster"/> (holding no run of gross spikes) as
    /// settings layout 18 wrote them: without layout 19's section (whether runs of gross spikes are undone, and the run's
    /// record) after layout 18's.
    /// </summary>
    public static byte[] AsLayout18(byte[] bytes, RtuForecaster forecaster)
    {
        bytes = AsLayout19(bytes, forecaster);
        int section = bytes.Length - FirstSeasonsLength20(forecaster) + 5 + RtuForecaster.Layout15Length + RtuForecaster.Layout18Length;
        Assert.IsTrue(bytes[section] is 0 or 1, "layout 19's flag is a bool");
        Assert.AreEqual(0, bytes[section + 1 + 16], "no run kept (after the flag and the range of the values seen)");
        byte[] old = [.. bytes[..section], .. bytes[(section + forecaster.Layout19Length)..]];
        BitConverter.GetBytes(-18).CopyTo(old, 0);
        return old;
    }

    /// <summary>A saved forecaster as settings layout 18 wrote it (<see cref="AsLayout18(byte[], RtuForecaster)"/>).</summary>
    public static byte[] AsLayout18(RtuForecaster forecaster) => AsLayout18(Saved(forecaster), forecaster);

    /// <summary>
    /// The saved bytes <paramref name="bytes"/> of <paramref name="forecaster"/> as settings layout 17 wrote them (16 for
    /// settings without a value range): as layout 18 wrote them (<see cref="AsLayout18(byte[], RtuForecaster)"/>), without
    /// layout 18's section (the gross spikes' lift: a flag, the persistences' sum and count, the largest jumps that stayed)
    /// after layout 15's and, without a range, without the range layout 18 ends the settings with.
    /// </summary>
    public static byte[] AsLayout17(byte[] bytes, RtuForecaster forecaster)
    {
        bytes = AsLayout18(bytes, forecaster);
        int section = bytes.Length - (FirstSeasonsLength20(forecaster) - forecaster.Layout19Length) + 5 + RtuForecaster.Layout15Length;
        Assert.IsTrue(bytes[section] is 0 or 1, "layout 18's flag is a bool");
        byte[] old = [.. bytes[..section], .. bytes[(section + RtuForecaster.Layout18Length)..]];
        var settings = forecaster.Settings;
        bool ranged = settings.MinimumValue != double.NegativeInfinity || settings.MaximumValue != double.PositiveInfinity;
        if (!ranged)
        {
            int end = Bytes(settings.Write).Length;   // the range is the settings' last 16 bytes
            old = [.. old[..(end - 16)], .. old[end..]];
        }
        BitConverter.GetBytes(ranged ? -17 : -16).CopyTo(old, 0);
        return old;
    }

    /// <summary>A saved forecaster as settings layout 17 (16 without a range) wrote it (<see cref="AsLayout17(byte[], RtuForecaster)"/>).</summary>
    public static byte[] AsLayout17(RtuForecaster forecaster) => AsLayout17(Saved(forecaster), forecaster);

    /// <summary>Bytes of the first seasons' section (the flags, layout 15's section, the review's record) as layout 17 wrote it.</summary>
    public static int FirstSeasonsLength17(RtuForecaster forecaster) => FirstSeasonsLength20(forecaster) - RtuForecaster.Layout18Length - forecaster.Layout19Length;

    /// <summary>
    /// A saved forecaster as settings layout 8 wrote it: without the first seasons' review that layout 9 writes last (its
    /// flag and record), with marker −8.
    /// </summary>
    public static byte[] AsLayout8(RtuForecaster forecaster)
    {
        var old = AsLayout17(forecaster)[..^FirstSeasonsLength17(forecaster)];
        BitConverter.GetBytes(-8).CopyTo(old, 0);
        return old;
    }

    /// <summary>
    /// A saved forecaster as settings layout 9 wrote it: without the flags for the provisional judgement of the first rows
    /// (layout 10), the review's seasonal estimates (layout 11), the members' say on gross spikes (layout 12) and a shift
    /// in proportion judged by its jump (layout 14) written after the review's flag, with marker −9.
    /// </summary>
    public static byte[] AsLayout9(RtuForecaster forecaster) => WithoutFlags(Saved(forecaster), forecaster, 4, -9);

    /// <summary>
    /// A saved forecaster as settings layout 10 wrote it: without the flags for the review's seasonal estimates (layout 11),
    /// the members' say on gross spikes (layout 12) and the shift judged by its jump (layout 14) written after the
    /// provisional flag, with marker −10.
    /// </summary>
    public static byte[] AsLayout10(RtuForecaster forecaster) => WithoutFlags(Saved(forecaster), forecaster, 3, -10);

    /// <summary>
    /// A saved forecaster as settings layout 11 wrote it: without the flags for the members' say on gross spikes (layout
    /// 12) and the shift judged by its jump (layout 14) written after the estimates' flag, with marker −11.
    /// </summary>
    public static byte[] AsLayout11(RtuForecaster forecaster) => WithoutFlags(Saved(forecaster), forecaster, 2, -11);

    /// <summary>
    /// The saved bytes <paramref name="bytes"/> of <paramref name="forecaster"/> as settings layout
    /// <paramref name="marker"/> (12 or 13) wrote them: without the flag for a shift in proportion judged by its jump that
    /// layout 14 writes after the gross spikes' flag (a forecaster with exogenous columns also holds the effect's block
    /// that layout 13 added: see ExogenousEffectTests).
    /// </summary>
    public static byte[] WithoutJumpFlag(byte[] bytes, RtuForecaster forecaster, int marker) => WithoutFlags(bytes, forecaster, 1, -marker);

    /// <summary>
    /// A saved forecaster as settings layout 14 wrote it: without layout 15's section (the held spikes' lift: a flag, the
    /// persistences' sum and count) after the jump flag, with marker −14.
    /// </summary>
    public static byte[] AsLayout14(RtuForecaster forecaster) => WithoutFlags(Saved(forecaster), forecaster, 0, -14);

    // The saved bytes (the current layout) without layout 18's and 19's sections and the last `count` of the flags that follow the
    // review's flag, marked as layout `marker`.
    private static byte[] WithoutFlags(byte[] bytes, RtuForecaster forecaster, int count, int marker)
    {
        bytes = AsLayout17(bytes, forecaster);
        int at = bytes.Length - FirstSeasonsLength17(forecaster) + 1 + (4 - count);
        for (int k = 0; k < count; k++) Assert.IsTrue(bytes[at + k] is 0 or 1, "the flags are bools");
        // Layout 15's section (a held spike's lift: a flag, a sum and a count) follows the flags: no layout before had it.
        byte[] old = [.. bytes[..at], .. bytes[(at + count + RtuForecaster.Layout15Length)..]];
        BitConverter.GetBytes(marker).CopyTo(old, 0);
        return old;
    }

    /// <summary>A forecaster read back from <see cref="AsLayout9"/>: it reviews its first seasons but judges its first rows strictly.</summary>
    public static RtuForecaster ReadAsLayout9(RtuForecaster forecaster) => RtuForecaster.Load(new BinaryReader(new MemoryStream(AsLayout9(forecaster))));

    /// <summary>A forecaster read back from <see cref="AsLayout10"/>: its review observes missing values and spikes again as missing.</summary>
    public static RtuForecaster ReadAsLayout10(RtuForecaster forecaster) => RtuForecaster.Load(new BinaryReader(new MemoryStream(AsLayout10(forecaster))));

    /// <summary>A forecaster read back from <see cref="AsLayout11"/>: an early possible spike far from the combination alone is forecast past as missing.</summary>
    public static RtuForecaster ReadAsLayout11(RtuForecaster forecaster) => RtuForecaster.Load(new BinaryReader(new MemoryStream(AsLayout11(forecaster))));

    /// <summary>Bytes after a forecaster's jump flag in settings layout 8 (no exogenous values): the held row's record and the first rows' record.</summary>
    public static int AfterJumpFlag => 9 + 1 + 4 + StartupSpikes.MaxRows * 8;

    /// <summary>Bytes after a forecaster's gap flag (settings layout 7): the jump flag and the records after it.</summary>
    public static int AfterGapFlag => 1 + AfterJumpFlag;

    /// <summary>
    /// A saved forecaster without its jump flag (settings layout 8), as layout 7 wrote it; the marker is left as it is,
    /// for the caller to set.
    /// </summary>
    public static byte[] WithoutJumpFlag(byte[] bytes)
    {
        int at = bytes.Length - AfterJumpFlag - 1;
        Assert.IsTrue(bytes[at] is 0 or 1, "the jump flag is a bool");
        return [.. bytes[..at], .. bytes[(at + 1)..]];
    }

    /// <summary>
    /// A saved forecaster without its gap and jump flags (settings layouts 7 and 8), as layouts 5 and 6 wrote it; the
    /// marker is left as it is, for the caller to set.
    /// </summary>
    public static byte[] WithoutGapFlag(byte[] bytes)
    {
        bytes = WithoutJumpFlag(bytes);
        int at = bytes.Length - AfterJumpFlag - 1;
        Assert.IsTrue(bytes[at] is 0 or 1, "the gap flag is a bool");
        return [.. bytes[..at], .. bytes[(at + 1)..]];
    }

    /// <summary>
    /// Reads <paramref name="f"/> back from its saved bytes, which it must save again the same, and has both observe
    /// <paramref name="series"/> from row <paramref name="from"/> on, learning: every forecast bit for bit the same.
    /// </summary>
    public static void ReadBackContinuesBitForBit(RtuForecaster f, double[] series, int from, string what)
    {
        byte[] bytes = Saved(f);
        var g = RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)));
        CollectionAssert.AreEqual(bytes, Saved(g), $"{what}: read back, it saves the same bytes");
        var fa = new float[1]; var ga = new float[1];
        for (int t = from; t < series.Length; t++)
        {
            f.Observe(series[t], default, learn: true, fa, default);
            g.Observe(series[t], default, learn: true, ga, default);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(fa[0]), BitConverter.SingleToInt32Bits(ga[0]), $"{what}, row {t}");
        }
    }

    /// <summary>A fresh forecaster of season <paramref name="season"/> as settings layout 6 wrote it: without gap smoothing.</summary>
    /// <summary>A fresh forecaster of <paramref name="settings"/> as settings layout 7 wrote it (no jump flag: it keeps a held jump cleaned), read back.</summary>
    public static RtuForecaster Layout7(RtuForecasterSettings settings)
    {
        var old = WithoutJumpFlag(AsLayout8(new RtuForecaster(settings)));
        BitConverter.GetBytes(-7).CopyTo(old, 0);
        return RtuForecaster.Load(new BinaryReader(new MemoryStream(old)));
    }

    public static RtuForecaster Layout6(int season)
    {
        var old = WithoutGapFlag(AsLayout8(ForecasterAlone.New(season)));
        BitConverter.GetBytes(-6).CopyTo(old, 0);
        return RtuForecaster.Load(new BinaryReader(new MemoryStream(old)));
    }

    /// <summary>
    /// A saved forecaster whose kept-rows record (first rows or first seasons) begins at byte <paramref name="record"/>
    /// (its flag) is refused with InvalidDataException when the record's count is any of <paramref name="counts"/>, or
    /// when the record says no rows are kept while it counts some.
    /// </summary>
    public static void KeptRowsRecordRefused(byte[] bytes, int record, params int[] counts)
    {
        foreach (int count in counts)
        {
            var bad = (byte[])bytes.Clone();
            BitConverter.GetBytes(count).CopyTo(bad, record + 1);
            Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(bad))), $"count {count}");
        }
        var closed = (byte[])bytes.Clone();
        closed[record] = 0;
        Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(closed))), "rows kept while none are");
    }

    public static byte[] Bytes(Action<BinaryWriter> save)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) save(w);
        return ms.ToArray();
    }
}
