using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>
/// A column that says which series (stream, sensor, user …) a row belongs to, read as a string key: text as is,
/// integers (Int32, Int64, UInt32) in invariant decimal, ML.NET key types by their key value text when the column
/// carries KeyValues annotations (e.g. after MapValueToKey) and by their 1-based index otherwise. Any transformer that
/// keeps one state per series can use it.
/// </summary>
internal static class SeriesKeyColumn
{
    /// <summary>Checks that <paramref name="name"/> exists and has a supported key type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing column or unsupported type (the message lists the supported ones).</exception>
    public static DataViewSchema.Column Check(DataViewSchema schema, string name, string component)
    {
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{component}: series key column '{name}' was not found in the schema. Columns present: {string.Join(", ", schema.Where(x => !x.IsHidden).Select(x => x.Name))}.");
        if (!IsSupported(col.Type))
            throw new ArgumentOutOfRangeException(nameof(schema), $"{component}: series key column '{name}' must be text, Int32, Int64, UInt32 or an ML.NET key, but it is {col.Type}.");
        return col;
    }

    /// <summary>The estimator-side check on a <see cref="SchemaShape"/>.</summary>
    public static void CheckShape(SchemaShape shape, string name, string component)
    {
        var found = shape.Where(x => x.Name == name).ToList();
        if (found.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(shape), $"{component}: series key column '{name}' was not found in the schema. Columns present: {string.Join(", ", shape.Select(x => x.Name))}.");
        var c = found[^1];
        if (c.Kind != SchemaShape.Column.VectorKind.Scalar || !(c.IsKey || IsSupported(c.ItemType)))
            throw new ArgumentOutOfRangeException(nameof(shape), $"{component}: series key column '{name}' must be a scalar text, Int32, Int64, UInt32 or key column, but it is {TimestampColumn.Describe(c)}.");
    }

    private static bool IsSupported(DataViewType t) =>
        t is TextDataViewType or KeyDataViewType || t == NumberDataViewType.Int32 || t == NumberDataViewType.Int64 || t == NumberDataViewType.UInt32;

    /// <summary>
    /// A reader of the current row's key. Each distinct key is allocated once (interned): reading a key already seen
    /// allocates nothing. A missing key (empty text, key value 0) throws an <see cref="InvalidOperationException"/>.
    /// </summary>
    public static Func<string> MakeReader(DataViewRow row, DataViewSchema.Column column)
    {
        string name = column.Name;
        switch (column.Type)
        {
            case TextDataViewType:
            {
                var g = row.GetGetter<ReadOnlyMemory<char>>(column);
                var intern = new Dictionary<string, string>(StringComparer.Ordinal);
                var lookup = intern.GetAlternateLookup<ReadOnlySpan<char>>();
                ReadOnlyMemory<char> v = default;
                return () =>
                {
                    g(ref v);
                    var span = v.Span;
                    if (span.IsEmpty) throw Missing(name, row.Position);
                    if (lookup.TryGetValue(span, out var s)) return s;
                    s = span.ToString();
                    intern[s] = s;
                    return s;
                };
            }
            case KeyDataViewType keyType:
            {
                // A key's raw type may be any unsigned integer (a SchemaDefinition or TextLoader can make Byte, UInt16 or
                // UInt64 keys); ML.NET's getter must be asked for exactly that type.
                var read = KeyIndexReader(row, column, keyType);
                string[]? names = KeyValueNames(column);
                var cache = new Dictionary<ulong, string>();
                return () =>
                {
                    ulong v = read();
                    if (v == 0) throw Missing(name, row.Position, isKey: true);
                    if (cache.TryGetValue(v, out var s)) return s;
                    s = names is not null && v <= (ulong)names.Length ? names[v - 1] : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    cache[v] = s;
                    return s;
                };
            }
            default:
                return Integer(row, column);
        }
    }

    private static Func<ulong> KeyIndexReader(DataViewRow row, DataViewSchema.Column column, KeyDataViewType type)
    {
        if (type.RawType == typeof(byte)) { var g = row.GetGetter<byte>(column); byte v = 0; return () => { g(ref v); return v; }; }
        if (type.RawType == typeof(ushort)) { var g = row.GetGetter<ushort>(column); ushort v = 0; return () => { g(ref v); return v; }; }
        if (type.RawType == typeof(ulong)) { var g = row.GetGetter<ulong>(column); ulong v = 0; return () => { g(ref v); return v; }; }
        { var g = row.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v; }; }
    }

    private static Func<string> Integer(DataViewRow row, DataViewSchema.Column column)
    {
        var cache = new Dictionary<long, string>();
        Func<long> read;
        if (column.Type == NumberDataViewType.Int32) { var g = row.GetGetter<int>(column); int v = 0; read = () => { g(ref v); return v; }; }
        else if (column.Type == NumberDataViewType.UInt32) { var g = row.GetGetter<uint>(column); uint v = 0; read = () => { g(ref v); return v; }; }
        else { var g = row.GetGetter<long>(column); long v = 0; read = () => { g(ref v); return v; }; }
        return () =>
        {
            long k = read();
            if (cache.TryGetValue(k, out var s)) return s;
            s = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            cache[k] = s;
            return s;
        };
    }

    // The key values' text when the column carries them (MapValueToKey does), so keys read as the original ids.
    private static string[]? KeyValueNames(DataViewSchema.Column column)
    {
        var kv = column.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (kv is null || kv.Value.Type is not VectorDataViewType { ItemType: TextDataViewType }) return null;
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.Annotations.GetValue(KeyValuesKind, ref values);
        var names = values.DenseValues().Select(m => m.ToString()).ToArray();
        // Duplicate or empty texts would merge or lose series: fall back to the indices.
        return names.All(n => n.Length > 0) && names.Distinct(StringComparer.Ordinal).Count() == names.Length ? names : null;
    }

    private const string KeyValuesKind = "KeyValues";   // ML.NET's AnnotationUtils.Kinds.KeyValues

    // Key value 0 is also what a fitted MapValueToKey gives a value it did not see at its Fit: say so, since such a row
    // usually holds a new series, not a missing key (the key as text gives a new series its own stream).
    private static InvalidOperationException Missing(string name, long position, bool isKey = false) =>
        new($"Row {position} has a missing series key in column '{name}' (empty text or key value 0): every row must name its series." +
            (isKey ? " A fitted MapValueToKey also maps a value it did not see at Fit to key 0: to forecast series first seen after Fit, use the text column as the series key." : ""));
}
