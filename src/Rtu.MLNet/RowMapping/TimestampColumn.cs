using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>
/// A timestamp column (DateTime, DateTimeOffset or Int64) read as ticks: DateTime ticks (a DateTimeOffset at UTC) or
/// the Int64 value itself. Any transformer that needs rows in time order can use it.
/// </summary>
internal static class TimestampColumn
{
    public static DataViewSchema.Column Check(DataViewSchema schema, string name, string component)
    {
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{component}: timestamp column '{name}' was not found in the schema. Columns present: {string.Join(", ", schema.Where(x => !x.IsHidden).Select(x => x.Name))}.");
        if (col.Type is not (DateTimeDataViewType or DateTimeOffsetDataViewType) && col.Type != NumberDataViewType.Int64)
            throw new ArgumentOutOfRangeException(nameof(schema), $"{component}: timestamp column '{name}' must be DateTime, DateTimeOffset or Int64, but it is {col.Type}.");
        return col;
    }

    public static void CheckShape(SchemaShape shape, string name, string component)
    {
        var found = shape.Where(x => x.Name == name).ToList();
        if (found.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(shape), $"{component}: timestamp column '{name}' was not found in the schema. Columns present: {string.Join(", ", shape.Select(x => x.Name))}.");
        // The type too, as the key and input columns are checked (it was first refused at Fit, after the pipeline was built).
        var c = found[^1];
        if (c.Kind != SchemaShape.Column.VectorKind.Scalar || (c.ItemType is not (DateTimeDataViewType or DateTimeOffsetDataViewType) && c.ItemType != NumberDataViewType.Int64))
            throw new ArgumentOutOfRangeException(nameof(shape), $"{component}: timestamp column '{name}' must be DateTime, DateTimeOffset or Int64, but it is {Describe(c)}.");
    }

    // A shape column's type as DataViewType prints it ("Double", "Vector<Single, 3>"), or near it for a vector.
    internal static string Describe(SchemaShape.Column c) => c.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => c.ItemType.ToString()!,
        SchemaShape.Column.VectorKind.Vector => $"a vector of {c.ItemType}",
        _ => $"a vector of {c.ItemType} of variable size",
    };

    /// <summary>Whether the column holds dates (calendar steps apply) rather than plain numbers.</summary>
    public static bool AreDates(DataViewSchema.Column column) => column.Type is DateTimeDataViewType or DateTimeOffsetDataViewType;

    public static Func<long> MakeReader(DataViewRow row, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case DateTimeDataViewType:
            {
                var g = row.GetGetter<DateTime>(column); DateTime v = default;
                return () => { g(ref v); return v.Ticks; };
            }
            case DateTimeOffsetDataViewType:
            {
                var g = row.GetGetter<DateTimeOffset>(column); DateTimeOffset v = default;
                return () => { g(ref v); return v.UtcTicks; };
            }
            default:
            {
                var g = row.GetGetter<long>(column); long v = 0;
                return () => { g(ref v); return v; };
            }
        }
    }

    /// <summary>A timestamp for messages: a date for dates, the number otherwise.</summary>
    public static string Format(long ticks, bool areDates) =>
        areDates ? new DateTime(ticks).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
