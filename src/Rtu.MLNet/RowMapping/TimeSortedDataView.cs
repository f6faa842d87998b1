using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>
/// The rows of a view in timestamp order (a stable sort: rows with equal timestamps keep their order, so each key's
/// rows are in time order whatever the interleaving). Every cursor reads the whole input once and buffers the columns
/// it needs (one copy of those columns in memory, at most <see cref="RtuLimits.MaxSortedRows"/> rows), then replays them.
/// </summary>
internal sealed class TimeSortedDataView : IDataView
{
    private readonly IDataView _source;
    private readonly DataViewSchema.Column _time;
    private readonly string _component;

    public TimeSortedDataView(IDataView source, DataViewSchema.Column time, string component)
    {
        _source = source; _time = time; _component = component;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => _source.Schema[c.Index]).Append(_time).DistinctBy(c => c.Index).ToArray();
        using var cursor = _source.GetRowCursor(needed);
        var buffers = needed.Select(c => ColumnBuffer.For(cursor, c)).ToArray();
        var readTime = TimestampColumn.MakeReader(cursor, _time);
        var times = new List<long>();
        while (cursor.MoveNext())
        {
            if (times.Count >= RtuLimits.MaxSortedRows)
                throw new InvalidOperationException($"{_component}: SortByTimestamp buffers the rows to sort them, and the input has more than RtuLimits.MaxSortedRows ({RtuLimits.MaxSortedRows:N0}) rows: sort them before loading instead.");
            times.Add(readTime());
            foreach (var b in buffers) b.Append();
        }
        var order = Enumerable.Range(0, times.Count).OrderBy(i => times[i]).ToArray();   // OrderBy is stable
        return new Cursor(this, buffers, order);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(TimeSortedDataView view, ColumnBuffer[] buffers, int[] order) : DataViewRowCursor
    {
        private long _position = -1;
        private bool _ended;

        public override DataViewSchema Schema => view.Schema;

        // −1 before the first MoveNext and once it has returned false, as ML.NET's cursors report.
        public override long Position => _ended ? -1 : _position;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) =>
        {
            Row();
            id = new DataViewRowId((ulong)_position, 0);
        };

        // The row a getter reads: none before the first MoveNext or past the end, where ML.NET's cursors throw
        // InvalidOperationException (this one threw IndexOutOfRangeException).
        private int Row() => _position >= 0 && !_ended ? order[_position]
            : throw new InvalidOperationException("Values cannot be fetched at this time: the cursor is before its first MoveNext or past its end.");

        public override bool IsColumnActive(DataViewSchema.Column column) => buffers.Any(b => b.Column.Index == column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var buffer = buffers.FirstOrDefault(b => b.Column.Index == column.Index)
                ?? throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
            return ((ColumnBuffer<TValue>)buffer).Getter(Row);
        }

        public override bool MoveNext()
        {
            if (_ended || _position + 1 >= order.Length) { _ended = true; return false; }
            _position++;
            return true;
        }
    }

    private abstract class ColumnBuffer(DataViewSchema.Column column)
    {
        public DataViewSchema.Column Column { get; } = column;

        public abstract void Append();

        public static ColumnBuffer For(DataViewRow row, DataViewSchema.Column column)
        {
            var raw = column.Type.RawType;
            var type = typeof(ColumnBuffer<>).MakeGenericType(raw);
            return (ColumnBuffer)Activator.CreateInstance(type, row, column)!;
        }
    }

    // One column's values, copied out of the cursor's buffers (vectors and text are owned by the source row).
    private sealed class ColumnBuffer<T> : ColumnBuffer
    {
        private readonly ValueGetter<T> _get;
        private readonly List<T> _values = [];

        public ColumnBuffer(DataViewRow row, DataViewSchema.Column column) : base(column) => _get = row.GetGetter<T>(column);

        public override void Append()
        {
            T value = default!;
            _get(ref value);
            _values.Add(Own(value));
        }

        private static T Own(T value) => value switch
        {
            ReadOnlyMemory<char> text => (T)(object)text.ToString().AsMemory(),
            VBuffer<float> v => (T)(object)Copy(v),
            VBuffer<double> v => (T)(object)Copy(v),
            VBuffer<ReadOnlyMemory<char>> v => (T)(object)Copy(v),
            VBuffer<int> v => (T)(object)Copy(v),
            VBuffer<long> v => (T)(object)Copy(v),
            VBuffer<uint> v => (T)(object)Copy(v),
            VBuffer<bool> v => (T)(object)Copy(v),
            _ => value,
        };

        private static VBuffer<TItem> Copy<TItem>(VBuffer<TItem> v)
        {
            VBuffer<TItem> copy = default;
            v.CopyTo(ref copy);
            return copy;
        }

        // A copy per read: a consumer that edits its buffer in place never reaches the stored rows.
        public ValueGetter<T> Getter(Func<int> index) => (ref T value) => value = Own(_values[index()]);
    }
}
