using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>Shared plumbing of the RTU transformers: schema checks, lazy stateful cursors and row mappers.</summary>
internal static class RtuSchema
{
    /// <summary>Checks that <paramref name="schema"/> has the column with a Single (or Single vector) type of the right size.</summary>
    public static DataViewSchema.Column CheckInput(DataViewSchema schema, RtuInputColumn c, string component)
    {
        var col = schema.GetColumnOrNull(c.Name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{component}: input column '{c.Name}' ({c.Role}) was not found in the schema. Columns present: {string.Join(", ", schema.Where(x => !x.IsHidden).Select(x => x.Name))}.");
        CheckType(col.Name, col.Type, c, component);
        return col;
    }

    public static void CheckType(string name, DataViewType type, RtuInputColumn c, string component)
    {
        if (type is VectorDataViewType vt)
        {
            if (c.ScalarOnly)
                throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be a Single scalar, but it is {type}.");
            if (vt.ItemType != NumberDataViewType.Single)
                throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be {Expected(c)}, but it is a vector of {vt.ItemType}; convert it with mlContext.Transforms.Conversion.ConvertType.");
            if (!vt.IsKnownSize)
                throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be a vector of known size, but its size is variable.");
            if (c.Size > 0 && vt.Size != c.Size)
                throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be a vector of {c.Size} Single values (the size seen at training), but it has {vt.Size}.");
        }
        else if (type != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be {Expected(c)}, but it is {type}; convert it with mlContext.Transforms.Conversion.ConvertType.");
        else if (c.Size > 1)
            throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be a vector of {c.Size} Single values (the size seen at training), but it is a scalar.");
    }

    // What the column must be, for the messages: the series column was told "Single or a vector of Single", and a vector
    // was then refused as not a scalar.
    private static string Expected(RtuInputColumn c) => c.ScalarOnly ? "a Single scalar" : "Single or a vector of Single";

    /// <summary>Width of a checked input column: 1 for a scalar, the vector size otherwise.</summary>
    public static int Width(DataViewType type) => type is VectorDataViewType vt ? vt.Size : 1;

    /// <summary>The estimator-side check on a <see cref="SchemaShape"/>: presence, item type, scalar/vector kind.</summary>
    public static void CheckShape(SchemaShape shape, RtuInputColumn c, string component)
    {
        var found = shape.Where(x => x.Name == c.Name).ToList();
        if (found.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(shape), $"{component}: input column '{c.Name}' ({c.Role}) was not found in the schema. Columns present: {string.Join(", ", shape.Select(x => x.Name))}.");
        var col = found[^1];
        if (col.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(shape), $"{component}: column '{c.Name}' ({c.Role}) must be {Expected(c)}, but its item type is {col.ItemType}; convert it with mlContext.Transforms.Conversion.ConvertType.");
        if (col.Kind == SchemaShape.Column.VectorKind.VariableVector)
            throw new ArgumentOutOfRangeException(nameof(shape), $"{component}: column '{c.Name}' ({c.Role}) must be a vector of known size, but its size is variable.");
        if (c.ScalarOnly && col.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(shape), $"{component}: column '{c.Name}' ({c.Role}) must be a Single scalar, but it is a vector.");
    }

    // SchemaShape.Column's constructor is internal to ML.NET (and SchemaShape.Create too); outside estimators reach it
    // by reflection. Resolved once; a clear error if a future ML.NET changes it.
    private static readonly System.Reflection.ConstructorInfo? ColumnCtor = typeof(SchemaShape.Column).GetConstructors(
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
        .FirstOrDefault(c => c.GetParameters().Length == 5 && c.GetParameters()[0].ParameterType == typeof(string));

    /// <summary>The input shape plus the output columns (replacing same-named ones): known-size vectors of Single.</summary>
    public static SchemaShape AppendShape(SchemaShape input, IEnumerable<(string Name, int Size)> outputs)
    {
        if (ColumnCtor is null) throw new NotSupportedException("This ML.NET version does not expose SchemaShape.Column's constructor to reflection; use the transformer's GetOutputSchema(DataViewSchema) instead.");
        var list = outputs.ToList();
        var names = list.Select(o => o.Name).ToHashSet();
        var cols = input.Where(c => !names.Contains(c.Name)).ToList();
        var annotations = new SchemaShape(Array.Empty<SchemaShape.Column>());
        foreach (var (name, _) in list)
            cols.Add((SchemaShape.Column)ColumnCtor.Invoke([name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false, annotations]));
        return new SchemaShape(cols);
    }

    /// <summary>The <see cref="SchemaShape"/> of a schema (what ML.NET's internal SchemaShape.Create does).</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema)
    {
        if (ColumnCtor is null) throw new NotSupportedException("This ML.NET version does not expose SchemaShape.Column's constructor to reflection.");
        var annotations = new SchemaShape(Array.Empty<SchemaShape.Column>());
        var cols = new List<SchemaShape.Column>();
        foreach (var c in schema)
        {
            if (c.IsHidden) continue;
            var kind = c.Type is VectorDataViewType v ? (v.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector) : SchemaShape.Column.VectorKind.Scalar;
            var item = c.Type is VectorDataViewType vt ? vt.ItemType : c.Type;
            cols.Add((SchemaShape.Column)ColumnCtor.Invoke([c.Name, kind, item, item is KeyDataViewType, annotations]));
        }
        return new SchemaShape(cols);
    }

    /// <summary>The input schema plus the output columns at the end (hiding same-named input columns).</summary>
    public static DataViewSchema AppendSchema(DataViewSchema input, IReadOnlyList<(string Name, int Size)> outputs)
    {
        var b = new DataViewSchema.Builder();
        b.AddColumns(input);
        foreach (var (name, size) in outputs) b.AddColumn(name, new VectorDataViewType(NumberDataViewType.Single, size));
        return b.ToSchema();
    }

    /// <summary>Reads one row's inputs into dense float arrays (vectors densified).</summary>
    public static Action[] MakeReaders(DataViewRow row, IReadOnlyList<DataViewSchema.Column> columns, float[][] into)
    {
        var readers = new Action[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            var dst = into[i];
            string name = columns[i].Name;   // the column at fault (an outside audit: the message named the first column, the series')
            if (columns[i].Type is VectorDataViewType)
            {
                var g = row.GetGetter<VBuffer<float>>(columns[i]);
                VBuffer<float> buf = default;
                readers[i] = () =>
                {
                    g(ref buf);
                    if (buf.Length != dst.Length) throw new InvalidOperationException($"Column '{name}' delivered a vector of {buf.Length} values at row {row.Position}, expected {dst.Length}.");
                    int k = 0;
                    foreach (float v in buf.DenseValues()) dst[k++] = v;
                };
            }
            else
            {
                var g = row.GetGetter<float>(columns[i]);
                float v = 0;
                readers[i] = () => { g(ref v); dst[0] = v; };
            }
        }
        return readers;
    }
}
