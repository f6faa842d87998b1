using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>Shared pieces of the online models' binary form: float vectors with their length, and deep copies through it.</summary>
internal static class ModelBinary
{
    /// <summary>A deep copy made by writing the model and reading it back: the copy continues bit for bit, independently.</summary>
    public static T Copy<T>(Action<BinaryWriter> save, Func<BinaryReader, T> load)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) save(w);
        ms.Position = 0;
        using var r = new BinaryReader(ms);
        return load(r);
    }

    public static void WriteFloats(BinaryWriter w, ReadOnlySpan<float> x)
    {
        w.Write(x.Length);
        BinaryRuns.Write<float>(w, x);
    }

    /// <exception cref="InvalidDataException">The stored length differs from <paramref name="x"/>'s, or a value is NaN or ∞.</exception>
    public static void ReadFloats(BinaryReader r, Span<float> x)
    {
        int n = r.ReadInt32();
        if (n != x.Length) throw new InvalidDataException($"Stored vector has {n} values, expected {x.Length}.");
        BinaryRuns.Read<float>(r, x);
        foreach (float v in x)
            if (!float.IsFinite(v)) throw new InvalidDataException("Stored learner state contains NaN or ∞.");
    }
}
