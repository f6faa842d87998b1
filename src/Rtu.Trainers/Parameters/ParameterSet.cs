using System.Numerics;
using Rtu.Trainers.IO;

namespace Rtu.Trainers.Parameters;

/// <summary>A named slice of a <see cref="ParameterSet{T}"/>, with its logical shape (row-major).</summary>
public sealed record ParameterSegment(string Name, int Offset, int Length, int[] Shape);

/// <summary>
/// The learnable parameters of one component as one contiguous vector, with a gradient accumulator of the same
/// layout and named segments. Optimizers, gradient clipping, checkpoints and ONNX export all work on this flat
/// view, so no component needs its own copy of that machinery.
/// </summary>
public sealed class ParameterSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<string, ParameterSegment> _byName;

    /// <summary>Creates a zero-initialised set with the given segments laid out in order.</summary>
    public ParameterSet(string name, params (string Name, int[] Shape)[] segments)
    {
        Name = name; Layout = name;
        var list = new List<ParameterSegment>(segments.Length);
        int offset = 0;
        foreach (var (segName, shape) in segments)
        {
            int length = 1;
            foreach (int s in shape)
            {
                if (s < 0) throw new ArgumentOutOfRangeException(nameof(segments), s, $"Segment '{segName}' has a negative dimension.");
                length *= s;
            }
            list.Add(new ParameterSegment(segName, offset, length, shape));
            offset += length;
        }
        Segments = list;
        _byName = list.ToDictionary(s => s.Name);
        // On cache-line boundaries: the step kernels stream whole rows of both with vector loads (see AlignedArrays).
        Values = AlignedArrays.Allocate<T>(offset);
        Gradients = AlignedArrays.Allocate<T>(offset);
    }

    /// <summary>
    /// The component's name (used in checkpoints and error messages): <see cref="Layout"/>, or the older layout in
    /// <see cref="OlderLayouts"/> that <see cref="Read"/> last read (or <see cref="CopyValuesFrom"/> last copied), so that
    /// a component can keep an older file's meaning and <see cref="Write"/> stores it under the name it was read with.
    /// </summary>
    public string Name { get; private set; }

    /// <summary>The layout name this set was created with (the newest one).</summary>
    public string Layout { get; }

    /// <summary>
    /// Older layout names with the same segments that <see cref="Read"/> accepts (empty: only <see cref="Layout"/>). The
    /// component that owns the set reads <see cref="Name"/> to know which meaning the values have.
    /// </summary>
    public IReadOnlyList<string> OlderLayouts { get; init; } = [];

    /// <summary>Gives the values the meaning of <paramref name="name"/>, <see cref="Layout"/> or one of <see cref="OlderLayouts"/>.</summary>
    /// <exception cref="ArgumentException">Neither (named).</exception>
    public void UseLayout(string name)
    {
        if (!Accepts(name)) throw new ArgumentException($"'{name}' is neither '{Layout}' nor one of its older layouts.", nameof(name));
        Name = name;
    }

    private bool Accepts(string name) => name == Layout || OlderLayouts.Contains(name);

    /// <summary>
    /// Optional check of stored values that the layout alone cannot make (e.g. a structure the owner's options imply):
    /// given the stored name and values, returns null when they fit, else what is wrong. <see cref="Read"/> then throws
    /// <see cref="InvalidDataException"/> with that message and leaves the set unchanged.
    /// </summary>
    public Func<string, T[], string?>? CheckStored { get; init; }

    /// <summary>All parameter values, concatenated in segment order.</summary>
    public T[] Values { get; }

    /// <summary>Gradient accumulators, same layout as <see cref="Values"/>.</summary>
    public T[] Gradients { get; }

    /// <summary>The named segments in layout order.</summary>
    public IReadOnlyList<ParameterSegment> Segments { get; }

    /// <summary>Total number of scalars.</summary>
    public int Count => Values.Length;

    /// <summary>The segment called <paramref name="name"/>.</summary>
    public ParameterSegment Segment(string name) =>
        _byName.TryGetValue(name, out var s) ? s
        : throw new ArgumentException($"{Name} has no parameter '{name}'. It has: {string.Join(", ", _byName.Keys)}.", nameof(name));

    /// <summary>Values of one segment.</summary>
    public Span<T> Value(string name) { var s = Segment(name); return Values.AsSpan(s.Offset, s.Length); }

    /// <summary>Gradient of one segment.</summary>
    public Span<T> Gradient(string name) { var s = Segment(name); return Gradients.AsSpan(s.Offset, s.Length); }

    /// <summary>Sets every gradient accumulator to zero.</summary>
    public void ZeroGradients() => Array.Clear(Gradients);

    /// <summary>Copies the values of a set with the same layout.</summary>
    public void CopyValuesFrom(ParameterSet<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count != Count || other.Segments.Count != Segments.Count)
            throw new ArgumentException($"Cannot copy {other.Name} ({other.Count} values) into {Name} ({Count} values): layouts differ.", nameof(other));
        other.Values.CopyTo(Values, 0);
        if (Accepts(other.Name)) Name = other.Name; // the values keep their meaning (an older layout's, if read from one)
    }

    /// <summary>True when any value is NaN or infinite.</summary>
    public bool HasNonFiniteValues()
    {
        foreach (var v in Values) if (!T.IsFinite(v)) return true;
        return false;
    }

    /// <summary>True when any gradient is NaN or ±∞ (the online learners then skip the update).</summary>
    public bool HasNonFiniteGradients() => !System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<T>(Gradients);   // vectorised

    /// <summary>Writes the layout and values (as float64, so a float32 model reloads bit-exact).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Name);
        writer.Write(Segments.Count);
        foreach (var s in Segments)
        {
            writer.Write(s.Name);
            writer.Write(s.Length);
        }
        BinaryRuns.WriteFloat64<T>(writer, Values);
    }

    /// <summary>
    /// Reads values written by <see cref="Write"/>; the layout must match this set's exactly, under its name
    /// <see cref="Layout"/> or one of <see cref="OlderLayouts"/> (then <see cref="Name"/> becomes that name).
    /// </summary>
    /// <exception cref="InvalidDataException">The stored layout differs (another model size or architecture).</exception>
    public void Read(BinaryReader reader)
    {
        string name = reader.ReadString();
        int count = reader.ReadInt32();
        if (!Accepts(name) || count != Segments.Count)
            throw new InvalidDataException($"Stored parameters '{name}' with {count} segments do not match '{Layout}' with {Segments.Count}"
                + (OlderLayouts.Count > 0 ? $" (or the older {string.Join(", ", OlderLayouts.Select(o => $"'{o}'"))})." : "."));
        foreach (var s in Segments)
        {
            string segName = reader.ReadString();
            int length = reader.ReadInt32();
            if (segName != s.Name || length != s.Length)
                throw new InvalidDataException($"Stored segment '{segName}' ({length} values) does not match '{s.Name}' ({s.Length}) in '{Name}'.");
        }
        var values = new T[Count];
        // Checked after the conversion: a finite double beyond float's range (-1e300) is ∞ in a float set.
        BinaryRuns.ReadFloat64<T>(reader, values, (i, v, x) =>
        {
            if (!T.IsFinite(x)) throw new InvalidDataException($"Stored parameter {i} of '{Name}' is {v}, not finite as {typeof(T).Name}.");
        });
        if (CheckStored?.Invoke(name, values) is { } problem) throw new InvalidDataException(problem);
        values.CopyTo(Values, 0);
        Name = name;
    }
}
