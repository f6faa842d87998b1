using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>The lazy output of <see cref="RtuPolicyTransformer.Transform"/>: one sequential cursor runs the keyed streams row by row.</summary>
internal sealed class PolicyDataView : IDataView
{
    private readonly RtuPolicyTransformer _parent;
    private readonly IDataView _source;
    private readonly DataViewSchema.Column _obs;
    private readonly DataViewSchema.Column? _start, _key;

    public PolicyDataView(RtuPolicyTransformer parent, IDataView source, (DataViewSchema.Column Observation, DataViewSchema.Column? EpisodeStart, DataViewSchema.Column? Key) columns)
    {
        _parent = parent; _source = source; (_obs, _start, _key) = columns;
        Schema = parent.OutputSchema(source.Schema);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        int n = _source.Schema.Count;
        bool anyOutput = needed.Any(i => i >= n);
        var inputs = needed.Where(i => i < n).Select(i => _source.Schema[i]).ToList();
        if (anyOutput)
        {
            // The recurrent state must see every row of every key.
            foreach (var c in new[] { _obs, _start, _key })
                if (c is { } col && !inputs.Any(x => x.Index == col.Index)) inputs.Add(col);
        }
        return new Cursor(this, _source.GetRowCursor(inputs), needed, anyOutput);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly PolicyDataView _view;
        private readonly DataViewRowCursor _input;
        private readonly HashSet<int> _active;
        private readonly bool _anyOutput;
        private readonly Dictionary<string, PolicyStream> _streams = new(StringComparer.Ordinal);
        private readonly PolicyModel _model;
        private readonly float[] _obs, _action, _distribution;
        private readonly Action? _readObs;
        private readonly ValueGetter<bool>? _start;
        private readonly Func<string>? _key;
        private float _value;

        public Cursor(PolicyDataView view, DataViewRowCursor input, HashSet<int> active, bool anyOutput)
        {
            _view = view; _input = input; _active = active; _anyOutput = anyOutput;
            _model = view._parent.Model;
            _obs = new float[_model.ObservationSize]; _action = new float[_model.ActionLength]; _distribution = new float[_model.ActionDim];
            if (!anyOutput) return;
            _readObs = RtuSchema.MakeReaders(input, [view._obs], [_obs])[0];
            if (view._start is { } s) _start = input.GetGetter<bool>(s);
            if (view._key is { } k) _key = KeyReader.Create(input, k);
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _input.Position;
        public override long Batch => _input.Batch;
        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _view._source.Schema.Count ? _input.IsColumnActive(_view._source.Schema[column.Index]) : _active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (!_input.MoveNext()) return false;
            if (!_anyOutput) return true;
            _readObs!();
            bool start = false;
            _start?.Invoke(ref start);
            string key = _key?.Invoke() ?? "";
            if (!_streams.TryGetValue(key, out var stream))
            {
                stream = new PolicyStream(_model, learn: false, PolicyStream.SeedFor(key, _model.Options.SamplingSeed));
                _streams.Add(key, stream);
            }
            try { stream.Act(_obs, start, _action, _distribution, out _value); }
            catch (ArgumentException e) { throw new InvalidOperationException($"RtuPolicyTransformer: row {_input.Position}{(_key is null ? "" : $" (key '{key}')")}: {e.Message}", e); }
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int n = _view._source.Schema.Count;
            if (column.Index < n) return _input.GetGetter<TValue>(_view._source.Schema[column.Index]);
            if (!_active.Contains(column.Index))
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor; request it when creating the cursor.");
            int k = column.Index - n; // 0: action, 1: distribution, 2: value
            Delegate g = k switch
            {
                0 when _model.IsDiscrete => (ValueGetter<uint>)((ref uint dst) => dst = (uint)_action[0]),
                0 => Vector(_action),
                1 => Vector(_distribution),
                _ => (ValueGetter<float>)((ref float dst) => dst = _value),
            };
            return g as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; ask for a getter of its type, not {typeof(TValue).Name}.");
        }

        private static ValueGetter<VBuffer<float>> Vector(float[] src) => (ref VBuffer<float> dst) =>
        {
            var editor = VBufferEditor.Create(ref dst, src.Length);
            src.CopyTo(editor.Values);
            dst = editor.Commit();
        };

        protected override void Dispose(bool disposing)
        {
            if (disposing) _input.Dispose();
            base.Dispose(disposing);
        }
    }
}
