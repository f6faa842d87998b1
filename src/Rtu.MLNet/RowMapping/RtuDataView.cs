using Microsoft.ML;

namespace Rtu.MLNet;

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
        // A column of another schema (its index beyond this one's, or another column there) was taken as an output.
        foreach (var c in needed)
            if (c.Index < 0 || c.Index >= Schema.Count || Schema[c.Index].Name != c.Name)
                throw new ArgumentOutOfRangeException(nameof(columnsNeeded), $"Column '{c.Name}' (index {c.Index}) is not a column of this view's schema: ask for columns of its Schema.");
        var inputCols = _mapper.GetDependencies(needed).ToList();
        var input = _source.GetRowCursor(inputCols, null);
        return _mapper.CreateRow(input, needed.Select(c => c.Index).ToHashSet(), eager: true);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
