using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>
/// The row mapper of an RTU transformer: its rows carry recurrent state from one input row to the next. Each
/// <see cref="GetRow"/> (one per cursor or prediction engine) starts its own stream from the transformer's model.
/// With a series key column, a row keeps one kernel (one stream) per key, created on the key's first row, so the rows
/// of interleaved series give exactly what each series gives alone.
/// </summary>
internal sealed class RtuRowMapper : IRowToRowMapper
{
    private readonly DataViewSchema.Column[] _inputs;
    private readonly (string Name, int Size)[] _outputs;
    private readonly Func<Func<string?, IRtuRowKernel>> _cursorKernels;
    private readonly DataViewSchema.Column? _key;
    private readonly DataViewSchema.Column? _time;

    public RtuRowMapper(DataViewSchema inputSchema, DataViewSchema.Column[] inputs, (string Name, int Size)[] outputs, Func<IRtuRowKernel> kernelFactory)
        : this(inputSchema, inputs, outputs, null, _ => kernelFactory())
    {
    }

    /// <param name="inputSchema">The input schema.</param>
    /// <param name="inputs">The input columns the kernel reads, in order.</param>
    /// <param name="outputs">The output columns the kernel writes.</param>
    /// <param name="key">The series key column, or null for one stream per row cursor.</param>
    /// <param name="kernelFactory">A new stream for a key (null without a key column).</param>
    /// <param name="time">A timestamp column, passed to the kernel with each row, or null.</param>
    public RtuRowMapper(DataViewSchema inputSchema, DataViewSchema.Column[] inputs, (string Name, int Size)[] outputs, DataViewSchema.Column? key, Func<string?, IRtuRowKernel> kernelFactory,
        DataViewSchema.Column? time = null)
        : this(inputSchema, inputs, outputs, key, () => kernelFactory, time)
    {
    }

    /// <param name="inputSchema">The input schema.</param>
    /// <param name="inputs">The input columns the kernel reads, in order.</param>
    /// <param name="outputs">The output columns the kernel writes.</param>
    /// <param name="key">The series key column, or null.</param>
    /// <param name="cursorKernels">Called once per cursor: the kernel factory of that cursor's streams (streams of one
    /// cursor may share something, e.g. a global model's weights, that other cursors must not see).</param>
    /// <param name="time">A timestamp column, or null.</param>
    public RtuRowMapper(DataViewSchema inputSchema, DataViewSchema.Column[] inputs, (string Name, int Size)[] outputs, DataViewSchema.Column? key,
        Func<Func<string?, IRtuRowKernel>> cursorKernels, DataViewSchema.Column? time)
    {
        InputSchema = inputSchema; _inputs = inputs; _outputs = outputs; _cursorKernels = cursorKernels; _key = key; _time = time;
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
        if (anyOutput && _key is { } key && !needed.Any(n => n.Index == key.Index)) needed.Add(key);
        if (anyOutput && _time is { } time && !needed.Any(n => n.Index == time.Index)) needed.Add(time);
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
        private readonly Func<string>? _readKey;
        private readonly Dictionary<string, IRtuRowKernel>? _kernels;
        private readonly Func<long>? _readTime;
        private readonly Func<string?, IRtuRowKernel>? _factory;
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
                _factory = parent._cursorKernels();
                if (parent._key is { } key)
                {
                    _readKey = SeriesKeyColumn.MakeReader(input, key);
                    _kernels = new Dictionary<string, IRtuRowKernel>(StringComparer.Ordinal);
                }
                else _kernel = _factory(null);
                if (parent._time is { } time) _readTime = TimestampColumn.MakeReader(input, time);
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
            var kernel = _kernel;
            if (kernel is null)
            {
                string key = _readKey!();
                if (!_kernels!.TryGetValue(key, out kernel)) _kernels[key] = kernel = _factory!(key);
            }
            if (_readTime is null) kernel.Compute(_in, _out);
            else kernel.Compute(_readTime(), _input.Position, _in, _out);
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
