namespace Rtu.MLNet;

/// <summary>
/// What a transformer with a timestamp column learned about time at Fit: the regular step, whether the timestamps are
/// dates, and each series' last timestamp (the unkeyed series under the empty key), where a Transform continues. A model
/// frozen from a streaming engine (<see cref="RtuForecastEngine.ToModel"/>) holds its streams' last timestamps instead.
/// </summary>
internal sealed record SeriesTimeline(SeriesTimeStep Step, bool AreDates, IReadOnlyDictionary<string, long> FitEnd)
{
    public SeriesClock ClockFor(string? key, bool continueFromFit, long period) =>
        new(Step, AreDates, continueFromFit && FitEnd.TryGetValue(key ?? "", out long end) ? end : null, lastIsFitEnd: true, period);

    public void Write(BinaryWriter w)
    {
        w.Write(AreDates);
        Step.Write(w);
        var keys = FitEnd.Keys.Order(StringComparer.Ordinal).ToArray();
        w.Write(keys.Length);
        foreach (var k in keys)
        {
            w.Write(k.Length);
            foreach (char c in k) w.Write((ushort)c);
            w.Write(FitEnd[k]);
        }
    }

    public static SeriesTimeline Read(BinaryReader r)
    {
        bool dates = r.ReadBoolean();
        var step = SeriesTimeStep.Read(r);
        int n = r.ReadInt32();
        if (n < 0 || n > (r.BaseStream.Length - r.BaseStream.Position) / 12) throw RtuFormatError.Create($"the stored series end count ({n}) is corrupt.");
        var ends = new Dictionary<string, long>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            int length = r.ReadInt32();
            if (length < 0 || length > (r.BaseStream.Length - r.BaseStream.Position) / 2) throw RtuFormatError.Create("a stored series key is corrupt.");
            var chars = new char[length];
            for (int k = 0; k < length; k++) chars[k] = (char)r.ReadUInt16();
            if (!ends.TryAdd(new string(chars), r.ReadInt64())) throw RtuFormatError.Create("a series end is stored twice.");
        }
        return new SeriesTimeline(step, dates, ends);
    }
}
