using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>An input column an RTU transformer reads: a Single scalar (size 1) or a known-size vector of Single.</summary>
internal readonly record struct RtuInputColumn(string Name, string Role, int Size, bool ScalarOnly);

/// <summary>One stream's computation: reads the input columns of one row (NaN: missing), writes the output columns.</summary>
internal interface IRtuRowKernel
{
    void Compute(float[][] inputs, float[][] outputs);
}

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
                throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be Single or a vector of Single, but it is a vector of {vt.ItemType}; convert it with mlContext.Transforms.Conversion.ConvertType.");
            if (!vt.IsKnownSize)
                throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be a vector of known size, but its size is variable.");
            if (c.Size > 0 && vt.Size != c.Size)
                throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be a vector of {c.Size} Single values (the size seen at training), but it has {vt.Size}.");
        }
        else if (type != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be Single or a vector of Single, but it is {type}; convert it with mlContext.Transforms.Conversion.ConvertType.");
        else if (c.Size > 1)
            throw new ArgumentOutOfRangeException(nameof(type), $"{component}: column '{name}' ({c.Role}) must be a vector of {c.Size} Single values (the size seen at training), but it is a scalar.");
    }

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
            throw new ArgumentOutOfRangeException(nameof(shape), $"{component}: column '{c.Name}' ({c.Role}) must be Single or a vector of Single, but its item type is {col.ItemType}; convert it with mlContext.Transforms.Conversion.ConvertType.");
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
            if (columns[i].Type is VectorDataViewType)
            {
                var g = row.GetGetter<VBuffer<float>>(columns[i]);
                VBuffer<float> buf = default;
                readers[i] = () =>
                {
                    g(ref buf);
                    if (buf.Length != dst.Length) throw new InvalidOperationException($"Column '{columns[0].Name}' delivered a vector of {buf.Length} values, expected {dst.Length}.");
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

/// <summary>
/// The row mapper of an RTU transformer: its rows carry recurrent state from one input row to the next. Each
/// <see cref="GetRow"/> (one per cursor or prediction engine) starts its own stream from the transformer's model.
/// </summary>
internal sealed class RtuRowMapper : IRowToRowMapper
{
    private readonly DataViewSchema.Column[] _inputs;
    private readonly (string Name, int Size)[] _outputs;
    private readonly Func<IRtuRowKernel> _kernelFactory;

    public RtuRowMapper(DataViewSchema inputSchema, DataViewSchema.Column[] inputs, (string Name, int Size)[] outputs, Func<IRtuRowKernel> kernelFactory)
    {
        InputSchema = inputSchema; _inputs = inputs; _outputs = outputs; _kernelFactory = kernelFactory;
        OutputSchema = RtuSchema.AppendSchema(inputSchema, outputs);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var cols = dependingColumns.ToList();
        var needed = new List<DataViewSchema.Column>();
        bool anyOutput = cols.Any(c => c.Index >= InputSchema.Count);
        // The recurrent state must see every row: whenever an output is needed, every input column is needed.
        if (anyOutput) needed.AddRange(_inputs);
        foreach (var c in cols) if (c.Index < InputSchema.Count && !needed.Any(n => n.Index == c.Index)) needed.Add(InputSchema[c.Index]);
        return needed;
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        var active = activeColumns.Select(c => c.Index).ToHashSet();
        return new RtuRow(this, input, active, eager: false);
    }

    internal RtuRow CreateRow(DataViewRow input, HashSet<int> active, bool eager) => new(this, input, active, eager);

    /// <summary>A row over the input row; computes the outputs once per input position, in order.</summary>
    internal sealed class RtuRow : DataViewRowCursor
    {
        private readonly RtuRowMapper _parent;
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly bool _anyOutput;
        private readonly IRtuRowKernel? _kernel;
        private readonly float[][] _in, _out;
        private readonly Action[]? _readers;
        private long _computedPosition = long.MinValue;

        public RtuRow(RtuRowMapper parent, DataViewRow input, HashSet<int> active, bool eager)
        {
            _parent = parent; _input = input; _active = active;
            int n = parent.InputSchema.Count;
            _anyOutput = active.Any(i => i >= n);
            _in = parent._inputs.Select(c => new float[RtuSchema.Width(c.Type)]).ToArray();
            _out = parent._outputs.Select(o => new float[o.Size]).ToArray();
            if (_anyOutput)
            {
                _kernel = parent._kernelFactory();
                _readers = RtuSchema.MakeReaders(input, parent._inputs, _in);
            }
            Eager = eager;
        }

        private bool Eager { get; }

        public override DataViewSchema Schema => _parent.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _parent.InputSchema.Count ? _input.IsColumnActive(_parent.InputSchema[column.Index]) : _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int n = _parent.InputSchema.Count;
            if (column.Index < n) return _input.GetGetter<TValue>(_parent.InputSchema[column.Index]);
            if (!_active.Contains(column.Index))
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this row; request it when creating the cursor.");
            if (typeof(TValue) != typeof(VBuffer<float>))
                throw new InvalidOperationException($"Column '{column.Name}' is a vector of Single; ask for VBuffer<float>, not {typeof(TValue).Name}.");
            int k = column.Index - n;
            ValueGetter<VBuffer<float>> g = (ref VBuffer<float> dst) =>
            {
                EnsureComputed();
                var src = _out[k];
                var editor = VBufferEditor.Create(ref dst, src.Length);
                src.CopyTo(editor.Values);
                dst = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)g;
        }

        /// <summary>
        /// Advances the stream by one row unless this input row was already computed: cursors compute every row
        /// eagerly in <see cref="MoveNext"/>; a prediction engine's input row moves its position on every prediction.
        /// </summary>
        internal void EnsureComputed()
        {
            long pos = _input.Position;
            if (pos == _computedPosition) return;
            Compute();
            _computedPosition = pos;
        }

        internal void Compute()
        {
            foreach (var r in _readers!) r();
            _kernel!.Compute(_in, _out);
        }

        public override bool MoveNext()
        {
            if (_input is not DataViewRowCursor cursor) throw new InvalidOperationException("This row is not a cursor.");
            if (!cursor.MoveNext()) return false;
            if (_anyOutput) { Compute(); _computedPosition = cursor.Position; }
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Eager) _input.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>The lazy output of an RTU transformer: one sequential cursor carries the state row to row.</summary>
internal sealed class RtuDataView : IDataView
{
    private readonly IDataView _source;
    private readonly RtuRowMapper _mapper;

    public RtuDataView(IDataView source, RtuRowMapper mapper) { _source = source; _mapper = mapper; }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _mapper.OutputSchema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var inputCols = _mapper.GetDependencies(needed).ToList();
        var input = _source.GetRowCursor(inputCols, null);
        return _mapper.CreateRow(input, needed.Select(c => c.Index).ToHashSet(), eager: true);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
