using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The contract every RTU estimator keeps (after ML.NET's TestEstimatorCore): schema propagation agrees at every
/// stage, bad column name/type/size and empty data fail clearly, save → load reproduces the outputs, a
/// <see cref="PredictionEngine{TSrc, TDst}"/> and the streaming engine give what Transform gives, and the options
/// cannot be changed behind a fitted transformer's back. A concrete test class supplies the estimator and its data.
/// </summary>
/// <typeparam name="TRow">Input row type.</typeparam>
/// <typeparam name="TOut">Prediction-engine output type.</typeparam>
/// <typeparam name="TTransformer">The fitted transformer.</typeparam>
public abstract class EstimatorHarness<TRow, TOut, TTransformer>
    where TRow : class
    where TOut : class, new()
    where TTransformer : class, ITransformer
{
    protected static readonly MLContext Ml = new(seed: 1);

    /// <summary>A fresh estimator from <paramref name="options"/> (the options object stays the caller's).</summary>
    protected abstract IEstimator<TTransformer> Create(object options);

    /// <summary>Fresh default options for the case.</summary>
    protected abstract object Options();

    /// <summary>Options naming an input column that the data lacks, and that column's name.</summary>
    protected abstract (object Options, string Column) OptionsWithMissingColumn();

    /// <summary>Changes every setting that could alter schema or outputs (names, sizes, learning) on an options object.</summary>
    protected abstract void Mutate(object options);

    /// <summary>What the estimator's public Options property returns.</summary>
    protected abstract object OptionsOf(IEstimator<TTransformer> estimator);

    /// <summary>What the transformer's public Options property returns.</summary>
    protected abstract object OptionsOf(TTransformer transformer);

    /// <summary>Rows to fit on and rows to transform.</summary>
    protected abstract TRow[] Rows(int count);

    /// <summary>Data whose input column has the wrong item type, and a word the message must contain.</summary>
    protected abstract (IDataView Data, string Expected) WrongType();

    /// <summary>Data whose input column has the wrong vector size for a transformer fitted on <see cref="Rows"/>.</summary>
    protected abstract IDataView WrongSize();

    /// <summary>The output columns the transformer adds.</summary>
    protected abstract string[] OutputColumns { get; }

    /// <summary>The prediction engine's output as the output columns' values, in <see cref="OutputColumns"/> order.</summary>
    protected abstract float[][] Values(TOut output);

    /// <summary>
    /// A streaming engine of the transformer, as a function from the next row (of one stream) to the output columns'
    /// values (null for a column the engine does not output).
    /// </summary>
    protected abstract Func<TRow, float[]?[]> StreamingEngine(TTransformer transformer);

    private IDataView Data(int count) => Ml.Data.LoadFromEnumerable(Rows(count));

    private List<float[]>[] Outputs(ITransformer t, IDataView data)
    {
        var view = t.Transform(data);
        return OutputColumns.Select(c => TestData.Column(view, c)).ToArray();
    }

    private static void AssertSameOutputs(List<float[]>[] expected, List<float[]>[] actual)
    {
        Assert.HasCount(expected.Length, actual);
        for (int c = 0; c < expected.Length; c++) TestData.AssertSame(expected[c], actual[c]);
    }

    private static string Describe(DataViewSchema schema) =>
        string.Join("; ", schema.Select(c => $"{c.Name}:{c.Type}"));

    private static string Describe(SchemaShape shape) =>
        string.Join("; ", shape.Select(c => $"{c.Name}:{c.Kind}:{c.ItemType}"));

    [TestMethod]
    public void SchemaPropagationAgreesAtEveryStage()
    {
        var data = Data(80);
        var estimator = Create(Options());
        var shape = estimator.GetOutputSchema(RtuSchema.ShapeOf(data.Schema));
        var transformer = estimator.Fit(data);
        var schema = transformer.GetOutputSchema(data.Schema);
        var transformed = transformer.Transform(data).Schema;
        Assert.AreEqual(Describe(schema), Describe(transformed), "GetOutputSchema and Transform");
        Assert.AreEqual(Describe(RtuSchema.ShapeOf(schema)), Describe(shape), "the estimator's shape and the transformer's schema");
        foreach (var name in OutputColumns)
        {
            var column = transformed[name];
            Assert.IsInstanceOfType<VectorDataViewType>(column.Type, name);
            Assert.IsGreaterThan(0, ((VectorDataViewType)column.Type).Size, $"{name} has a known size");
            Assert.AreEqual(NumberDataViewType.Single, ((VectorDataViewType)column.Type).ItemType, name);
        }
        // The input columns pass through.
        foreach (var c in data.Schema) Assert.AreEqual(c.Type, transformed[c.Name].Type, c.Name);
    }

    [TestMethod]
    public void AMissingColumnIsNamedAtFitAndInTheShape()
    {
        var data = Data(20);
        var (options, column) = OptionsWithMissingColumn();
        var estimator = Create(options);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        StringAssert.Contains(e.Message, $"'{column}'");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(RtuSchema.ShapeOf(data.Schema)));
    }

    [TestMethod]
    public void AWrongColumnTypeIsNamed()
    {
        var (data, expected) = WrongType();
        var estimator = Create(Options());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        StringAssert.Contains(e.Message, expected);
        StringAssert.Contains(e.Message, "ConvertType");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(RtuSchema.ShapeOf(data.Schema)));
    }

    [TestMethod]
    public void AWrongColumnSizeIsRefusedByTheFittedTransformer()
    {
        var transformer = Create(Options()).Fit(Data(40));
        var wrong = WrongSize();
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.Transform(wrong));
        StringAssert.Contains(e.Message, "Single");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.GetOutputSchema(wrong.Schema));
    }

    [TestMethod]
    public void EmptyDataIsRefusedWithAReason()
    {
        var empty = Ml.Data.LoadFromEnumerable(Array.Empty<TRow>());
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Create(Options()).Fit(empty));
        StringAssert.Contains(e.Message, "no rows");
    }

    [TestMethod]
    public void SaveThenLoadGivesIdenticalOutputs()
    {
        var rows = Rows(140);
        var train = Ml.Data.LoadFromEnumerable(rows.Take(90));
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(90));
        var transformer = Create(Options()).Fit(train);
        var expected = Outputs(transformer, test);
        using var file = new MemoryStream();
        RtuModel.Save(Ml, transformer, train.Schema, file);
        file.Position = 0;
        var loaded = RtuModel.Load(Ml, file, out var schema);
        Assert.IsInstanceOfType<TTransformer>(loaded);
        Assert.AreEqual(Describe(train.Schema), Describe(schema));
        AssertSameOutputs(expected, Outputs(loaded, test));
    }

    [TestMethod]
    public void PredictionEngineAndStreamingEngineGiveWhatTransformGives()
    {
        var rows = Rows(150);
        var transformer = Create(Options()).Fit(Ml.Data.LoadFromEnumerable(rows.Take(70)));
        var rest = rows.Skip(70).ToArray();
        var expected = Outputs(transformer, Ml.Data.LoadFromEnumerable(rest));
        var engine = Ml.Model.CreatePredictionEngine<TRow, TOut>(transformer);
        var stream = StreamingEngine(transformer);
        for (int t = 0; t < rest.Length; t++)
        {
            var viaEngine = Values(engine.Predict(rest[t]));
            var viaStream = stream(rest[t]);
            Assert.IsTrue(viaStream.Any(v => v is not null), "the streaming engine outputs at least one column");
            for (int c = 0; c < OutputColumns.Length; c++)
            {
                CollectionAssert.AreEqual(expected[c][t], viaEngine[c], $"prediction engine, {OutputColumns[c]}, row {t}");
                if (viaStream[c] is { } streamed)
                    CollectionAssert.AreEqual(expected[c][t], streamed, $"streaming engine, {OutputColumns[c]}, row {t}");
            }
        }
    }

    [TestMethod]
    public void ChangingOptionsAfterFitChangesNothing()
    {
        var rows = Rows(120);
        var train = Ml.Data.LoadFromEnumerable(rows.Take(80));
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(80));
        var options = Options();
        var estimator = Create(options);
        var transformer = estimator.Fit(train);
        string schema = Describe(transformer.GetOutputSchema(test.Schema));
        var expected = Outputs(transformer, test);

        // The caller's object, the estimator's and the transformer's Options copies: none reaches the fitted model.
        Mutate(options);
        Mutate(OptionsOf(estimator));
        Mutate(OptionsOf(transformer));

        Assert.AreEqual(schema, Describe(transformer.GetOutputSchema(test.Schema)), "the fitted transformer's schema");
        AssertSameOutputs(expected, Outputs(transformer, test));
        // The estimator fits the same model again.
        AssertSameOutputs(expected, Outputs(estimator.Fit(train), test));
    }
}
