using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.Onnx.Export;
using Rtu.Trainers.Environments;

namespace Rtu.MLNet;

/// <summary>
/// A trained recurrent PPO policy as an ML.NET transformer: reads an observation column (plus optional episode-start
/// and key columns) and adds the action, the action probabilities (discrete) or mean (continuous) and the value.
/// Rows are read in order; each key's recurrent state is carried from its previous row (rows of different keys may
/// interleave); each cursor starts every key from a blank state. The policy is frozen (inference); for serving one
/// decision at a time, and for a policy that keeps learning, use <see cref="CreateStreamingEngine"/>.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// | Input columns | |
/// | -- | -- |
/// | Observation | known-size vector of Single (Single when it has one element), the raw observation (NaN/∞ rejected) |
/// | Episode start (optional) | Boolean: true restarts the key's state |
/// | Key (optional) | text, or any integer or floating-point scalar |
///
/// | Output columns | |
/// | -- | -- |
/// | Action | UInt32 index (discrete) or vector of Single (continuous) |
/// | Probabilities / Mean | vector of Single |
/// | Value | Single |
/// ]]></format>
/// Save with <c>mlContext.Model.SaveRtu</c>; export with <see cref="ExportToOnnx"/>.
/// </remarks>
public sealed class RtuPolicyTransformer : ITransformer
{
    private const string Component = nameof(RtuPolicyTransformer);
    private readonly MLContext _context;

    internal RtuPolicyTransformer(MLContext context, PolicyModel model)
    {
        _context = context; Model = model;
    }

    internal PolicyModel Model { get; }

    /// <summary>The options it was trained with (a copy: changing it has no effect).</summary>
    public RtuPolicyOptions Options => Model.Options.Clone();

    /// <summary>Length of the observation vector.</summary>
    public int ObservationSize => Model.ObservationSize;

    /// <summary>The action space of the environment it was trained on.</summary>
    public ActionSpace ActionSpace => Model.Space;

    /// <summary>The MLContext it was created with.</summary>
    internal MLContext Context => _context;

    /// <summary>False: rows carry state, so use <see cref="CreateStreamingEngine"/> for one-at-a-time predictions.</summary>
    public bool IsRowToRowMapper => false;

    private string DistributionColumn => Model.IsDiscrete ? Model.Options.ProbabilitiesColumnName : Model.Options.MeanColumnName;

    internal (DataViewSchema.Column Observation, DataViewSchema.Column? EpisodeStart, DataViewSchema.Column? Key) CheckInputs(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var o = Model.Options;
        var obs = RtuSchema.CheckInput(schema, new RtuInputColumn(o.ObservationColumnName, "observation", ObservationSize, false), Component);
        DataViewSchema.Column? start = null, key = null;
        if (o.EpisodeStartColumnName is { } s)
        {
            start = Find(schema, s, "episode start");
            if (start.Value.Type != BooleanDataViewType.Instance)
                throw new ArgumentOutOfRangeException(nameof(schema), $"{Component}: column '{s}' (episode start) must be Boolean, but it is {start.Value.Type}.");
        }
        if (o.KeyColumnName is { } k)
        {
            key = Find(schema, k, "key");
            if (KeyReader.IsSupported(key.Value.Type) is false)
                throw new ArgumentOutOfRangeException(nameof(schema), $"{Component}: column '{k}' (key) must be a text, integer or floating-point scalar, but it is {key.Value.Type}.");
        }
        return (obs, start, key);
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role) => schema.GetColumnOrNull(name)
        ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{Component}: input column '{name}' ({role}) was not found in the schema. Columns present: {string.Join(", ", schema.Where(x => !x.IsHidden).Select(x => x.Name))}.");

    /// <summary>Checks the input columns and adds Action, Probabilities (or Mean) and Value.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInputs(inputSchema);
        return OutputSchema(inputSchema);
    }

    internal DataViewSchema OutputSchema(DataViewSchema input)
    {
        var b = new DataViewSchema.Builder();
        b.AddColumns(input);
        var o = Model.Options;
        b.AddColumn(o.ActionColumnName, Model.IsDiscrete ? NumberDataViewType.UInt32 : new VectorDataViewType(NumberDataViewType.Single, Model.ActionLength));
        b.AddColumn(DistributionColumn, new VectorDataViewType(NumberDataViewType.Single, Model.ActionDim));
        b.AddColumn(o.ValueColumnName, NumberDataViewType.Single);
        return b.ToSchema();
    }

    /// <summary>Lazily adds the policy's outputs; each cursor runs every key from a blank state, in row order.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cols = CheckInputs(input.Schema);
        return new PolicyDataView(this, input, cols);
    }

    /// <summary>Not supported: the rows carry recurrent state. Use <see cref="CreateStreamingEngine"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException($"{Component} carries recurrent state from row to row and has no row-to-row mapper: use Transform over a table, or CreateStreamingEngine() to act one observation at a time.");

    /// <summary>Not supported: use <see cref="RtuModel"/>.Save (mlContext.Model.SaveRtu).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw RtuModel.ModelSaveRefused("an RTU policy's weights");

    /// <summary>
    /// A thread-safe keyed engine: <c>Act(id, observation)</c> and <c>Reward(id, reward, done)</c>. With
    /// <paramref name="learn"/> (default false) each key keeps learning by PPO from its own rewards (<see cref="RtuPolicyOptions.OnlineLearning"/>).
    /// </summary>
    public RtuPolicyEngine CreateStreamingEngine(bool learn = false) => new(Model, learn);

    /// <summary>
    /// Writes the policy's one-step ONNX graph (atomically): input <c>obs [N,d]</c> (raw; the frozen standardisation
    /// is in the graph) and the recurrent <c>state_*</c>; outputs <c>logits</c> (discrete) or <c>mean</c> and
    /// <c>log_std</c> (continuous), <c>value</c> and <c>next_state_*</c>. Run it with <c>Rtu.Onnx.Runtime.OnnxRecurrentRunner</c>.
    /// </summary>
    public void ExportToOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        PolicyExport.Export(Model.Describe(), path);
    }

    internal void Write(BinaryWriter w) => Model.Write(w);

    internal static RtuPolicyTransformer Read(MLContext context, BinaryReader r) => new(context, PolicyModel.Read(r));
}
