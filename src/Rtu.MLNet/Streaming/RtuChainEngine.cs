using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>
/// A streaming engine over a whole fitted ML.NET chain with an <see cref="RtuStateFeaturesTransformer"/> inside it, e.g.
/// <c>Concatenate → RtuStateFeatures → Sdca</c>: each <see cref="Observe"/> takes one row of one series (a
/// <typeparamref name="TRow"/> with the series key), runs the transforms before the RTU on it, advances that key's RTU
/// stream, runs the rest of the chain (the trainer's model) and returns its outputs as a <typeparamref name="TOut"/>.
/// Create it with <c>mlContext.Model.CreateRtuChainEngine&lt;TRow, TOut&gt;(chain)</c>.
/// </summary>
/// <remarks>
/// <para>Per key, the outputs equal <c>chain.Transform</c> on that key's rows (bit for bit): the stateless parts are the
/// fitted chain's own transformers, evaluated row by row as ML.NET's PredictionEngine does; the only state is the
/// RTU's, kept per key by an <see cref="RtuStateEngine"/>.</para>
/// <para>Thread-safe: calls for different keys run in parallel, calls for one key are serialised by its stream's lock.
/// Each concurrent call uses its own row pipeline (the chain's cursors), taken from a pool and returned after the call;
/// the pool grows to the number of concurrent callers. Allocation per call: the returned <typeparamref name="TOut"/>
/// and what the chain's own transformers allocate per row; nothing grows with the number of calls.</para>
/// <para>Checkpoints hold the RTU state of every key (state, traces, weights, statistics when the engine learns): the
/// stateless parts come from the fitted chain, so a checkpoint restores into an engine of the same chain.</para>
/// </remarks>
/// <typeparam name="TRow">The input row class, as for <c>mlContext.Data.LoadFromEnumerable</c>: the chain's input columns and the series key.</typeparam>
/// <typeparam name="TOut">The output class, as for <c>mlContext.Data.CreateEnumerable</c>: any columns of the chain's output (e.g. Score).</typeparam>
public sealed class RtuChainEngine<TRow, TOut> where TRow : class where TOut : class, new()
{
    private readonly MLContext _ml = new(seed: 0);
    private readonly ITransformer _prefix, _suffix;   // the chain's transformers before and after the RTU
    private readonly int _prefixCount, _suffixCount;
    private readonly RtuStateFeaturesOptions _options;
    private readonly RtuStateEngine _streams;
    private readonly string _keyColumn;
    private readonly bool _learn, _hasLabel;   // learning: input statistics always, the RTU and head from the label when there is one
    private readonly ConcurrentBag<Pipeline> _idle = [];

    internal RtuChainEngine(ITransformer chain, string? seriesKeyColumnName, bool? learn)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var parts = Flatten(chain).ToList();
        var rtus = parts.Select((t, i) => (t, i)).Where(p => p.t is RtuStateFeaturesTransformer).ToList();
        if (rtus.Count == 0)
            throw new ArgumentException($"The chain has no RtuStateFeaturesTransformer (it holds: {string.Join(" → ", parts.Select(p => p.GetType().Name))}); a chain engine serves a chain with exactly one.", nameof(chain));
        if (rtus.Count > 1) throw new NotSupportedException($"The chain holds {rtus.Count} RtuStateFeaturesTransformers; a chain engine serves a chain with exactly one.");
        var (rtuPart, at) = rtus[0];
        var rtu = (RtuStateFeaturesTransformer)rtuPart;
        _options = rtu.Options;
        _prefix = new TransformerChain<ITransformer>(parts.Take(at).ToArray());
        _suffix = new TransformerChain<ITransformer>(parts.Skip(at + 1).ToArray());
        _prefixCount = at; _suffixCount = parts.Count - at - 1;
        if (parts.FirstOrDefault(p => p is not RtuStateFeaturesTransformer && !p.IsRowToRowMapper) is { } notMapper)
            throw new NotSupportedException($"{notMapper.GetType().Name} in the chain is not a row-to-row mapper, so it cannot be evaluated one row at a time.");
        _keyColumn = seriesKeyColumnName ?? _options.SeriesKeyColumnName
            ?? throw new ArgumentException("The RtuStateFeatures transformer has no series key column: name the column that says which series a row belongs to (seriesKeyColumnName).", nameof(seriesKeyColumnName));
        if (_options.SeriesKeyColumnName is { } own && own != _keyColumn)
            throw new ArgumentException($"The RtuStateFeatures transformer is keyed by '{own}', not '{_keyColumn}'.", nameof(seriesKeyColumnName));
        _learn = learn ?? _options.LearnDuringTransform;
        _hasLabel = _learn && _options.LabelColumnName is not null;
        _streams = rtu.CreateStreamingEngine(_learn);
        _idle.Add(CreatePipeline());   // builds the chain once now: a wrong row class or a missing column throws here
    }

    /// <summary>Whether the RTU keeps learning (input statistics, and the RTU and head from each row's label).</summary>
    public bool Learn => _learn;

    /// <summary>The series key column read from each row.</summary>
    public string SeriesKeyColumnName => _keyColumn;

    /// <summary>The keys seen so far.</summary>
    public IReadOnlyCollection<string> StreamIds => _streams.StreamIds;

    /// <summary>
    /// Advances the row's series by one row and returns the chain's outputs for it (a new object per call).
    /// </summary>
    /// <exception cref="InvalidOperationException">The row has a missing series key, or a transformer of the chain refused the row.</exception>
    public TOut Observe(TRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!_idle.TryTake(out var pipeline)) pipeline = CreatePipeline();
        bool reusable = false;
        try
        {
            pipeline.Current = row;
            if (!pipeline.Output.MoveNext()) throw new InvalidOperationException("The chain's row pipeline ended unexpectedly.");
            reusable = true;
            return pipeline.Output.Current;
        }
        finally
        {
            pipeline.Current = null;
            // A pipeline whose cursors threw mid-row is dropped, not reused.
            if (reusable) _idle.Add(pipeline); else pipeline.Output.Dispose();
        }
    }

    /// <summary>Forgets a key's stream; its next row starts again from the fitted model.</summary>
    public bool RemoveStream(string streamId) => _streams.RemoveStream(streamId);

    /// <summary>Writes the RTU stream of every key (see <see cref="RtuStateEngine.Checkpoint(Stream)"/>).</summary>
    public void Checkpoint(Stream destination) => _streams.Checkpoint(destination);

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically.</summary>
    public void Checkpoint(string path) => _streams.Checkpoint(path);

    /// <summary>Replaces every key's stream with a checkpoint's, taken from an engine of the same chain; a failed restore leaves the engine unchanged.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, truncated, corrupt, of a newer format, or of another model.</exception>
    public void Restore(Stream source) => _streams.Restore(source);

    /// <summary>Restores from a checkpoint file.</summary>
    public void Restore(string path) => _streams.Restore(path);

    private static IEnumerable<ITransformer> Flatten(ITransformer t)
    {
        if (t is IEnumerable<ITransformer> chain) { foreach (var inner in chain) foreach (var x in Flatten(inner)) yield return x; }
        else yield return t;
    }

    // One row pipeline, as ML.NET's PredictionEngine builds one: a cursor over an endless source that yields the
    // current row, the row mappers of the chain's transformers over it (no IDataView cursors, which may read ahead on
    // background threads), and an enumerator of the outputs; moving the enumerator pulls one row through the chain.
    private Pipeline CreatePipeline()
    {
        var pipeline = new Pipeline();
        var source = _ml.Data.LoadFromEnumerable(Feed(pipeline));
        var cursor = source.GetRowCursor(source.Schema);
        DataViewRow before = cursor;
        if (_prefixCount > 0)
        {
            var prefix = _prefix.GetRowToRowMapper(source.Schema);
            before = prefix.GetRow(cursor, prefix.OutputSchema);
        }
        var schema = before.Schema;
        const string component = "RtuChainEngine";
        var key = SeriesKeyColumn.Check(schema, _keyColumn, component);
        var features = RtuSchema.CheckInput(schema, new RtuInputColumn(_options.InputColumnName, "features", 0, false), component);
        var columns = _hasLabel ? [features, RtuSchema.CheckInput(schema, new RtuInputColumn(_options.LabelColumnName!, "label", 1, true), component)] : new[] { features };
        var outputs = RtuStateFeaturesTransformer.Outputs(_options);
        bool prediction = outputs.Length > 1;
        var mapper = new RtuRowMapper(schema, columns, outputs, key, k => new StreamKernel(this, k!, prediction));
        var state = mapper.CreateRow(before, Enumerable.Range(0, mapper.OutputSchema.Count).ToHashSet(), eager: false);
        DataViewRow after = state;
        if (_suffixCount > 0)
        {
            var suffix = _suffix.GetRowToRowMapper(mapper.OutputSchema);
            after = suffix.GetRow(state, suffix.OutputSchema);
        }
        var view = new OneRowView(cursor, state, after);
        pipeline.Output = _ml.Data.CreateEnumerable<TOut>(view, reuseRowObject: false).GetEnumerator();
        return pipeline;
    }

    private static IEnumerable<TRow> Feed(Pipeline pipeline)
    {
        while (true) yield return pipeline.Current ?? throw new InvalidOperationException("No row to feed.");
    }

    private sealed class Pipeline
    {
        public TRow? Current;
        public IEnumerator<TOut> Output = null!;
    }

    // One key's stream as seen from a pipeline: the engine's stream of that key (shared by every pipeline).
    private sealed class StreamKernel(RtuChainEngine<TRow, TOut> engine, string key, bool prediction) : IRtuRowKernel
    {
        private readonly float[] _predictions = new float[engine._streams.Horizon];

        public void Compute(float[][] inputs, float[][] outputs)
        {
            // As the transformer's own rows: the RTU learns from a label, the statistics whenever the engine learns.
            bool label = engine._hasLabel;
            engine._streams.Observe(key, inputs[0], label ? inputs[1][0] : float.NaN, label, engine._learn, outputs[0], prediction ? outputs[1] : _predictions);
        }
    }

    // The chain's output row as a view whose one cursor advances the source by one row per MoveNext and steps the RTU
    // (always: every row must advance its stream, even when nothing after the RTU reads its outputs).
    private sealed class OneRowView(DataViewRowCursor source, RtuRowMapper.RtuRow state, DataViewRow output) : IDataView
    {
        public bool CanShuffle => false;

        public DataViewSchema Schema => output.Schema;

        public long? GetRowCount() => null;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(source, state, output);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [GetRowCursor(columnsNeeded, rand)];

        private sealed class Cursor(DataViewRowCursor source, RtuRowMapper.RtuRow state, DataViewRow output) : DataViewRowCursor
        {
            public override DataViewSchema Schema => output.Schema;

            public override long Position => source.Position;

            public override long Batch => 0;

            public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column) => output.IsColumnActive(column);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => output.GetGetter<TValue>(column);

            public override bool MoveNext()
            {
                if (!source.MoveNext()) return false;
                state.EnsureComputed();
                return true;
            }
        }
    }
}
