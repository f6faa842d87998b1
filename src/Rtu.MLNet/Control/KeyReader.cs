using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>Reads a key column of any supported scalar type as a string (the id of a policy stream).</summary>
internal static class KeyReader
{
    public static bool IsSupported(DataViewType type) => type is TextDataViewType || (type is KeyDataViewType k && k.RawType == typeof(uint))
        || type == NumberDataViewType.Int32 || type == NumberDataViewType.Int64 || type == NumberDataViewType.UInt32
        || type == NumberDataViewType.UInt64 || type == NumberDataViewType.Int16 || type == NumberDataViewType.UInt16
        || type == NumberDataViewType.Single || type == NumberDataViewType.Double;

    public static Func<string> Create(DataViewRow row, DataViewSchema.Column column)
    {
        var t = column.Type;
        if (t is TextDataViewType) { var g = row.GetGetter<ReadOnlyMemory<char>>(column); ReadOnlyMemory<char> v = default; return () => { g(ref v); return v.ToString(); }; }
        if (t is KeyDataViewType k)
            return k.RawType == typeof(uint) ? Of<uint>(row, column) : throw new NotSupportedException($"Key column '{column.Name}' has raw type {k.RawType.Name}; convert it to text or UInt32.");
        if (t == NumberDataViewType.Int32) return Of<int>(row, column);
        if (t == NumberDataViewType.Int64) return Of<long>(row, column);
        if (t == NumberDataViewType.UInt32) return Of<uint>(row, column);
        if (t == NumberDataViewType.UInt64) return Of<ulong>(row, column);
        if (t == NumberDataViewType.Int16) return Of<short>(row, column);
        if (t == NumberDataViewType.UInt16) return Of<ushort>(row, column);
        if (t == NumberDataViewType.Single) return Of<float>(row, column);
        if (t == NumberDataViewType.Double) return Of<double>(row, column);
        throw new NotSupportedException($"Key column '{column.Name}' has unsupported type {t}.");
    }

    private static Func<string> Of<T>(DataViewRow row, DataViewSchema.Column column) where T : IFormattable
    {
        var g = row.GetGetter<T>(column);
        T v = default!;
        return () => { g(ref v); return v.ToString(null, CultureInfo.InvariantCulture); };
    }
}
