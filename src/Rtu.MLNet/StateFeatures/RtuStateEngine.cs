using Rtu.Trainers.Online;

namespace Rtu.MLNet;

/// <summary>One step of an <see cref="RtuStateEngine"/>: the RTU state features and the head's prediction(s) of the next label(s).</summary>
public readonly record struct RtuStateStep(float[] State, float[] Predictions);

/// <summary>
/// A streaming engine for the state-feature model of <see cref="RtuStateFeaturesTransformer"/>: many independent
/// streams keyed by an id; each call advances a stream with one row of features and (optionally) learns from the
/// label that arrived with it (the target of the previous prediction, TD(λ) or regression). Thread-safe; checkpoints
/// capture state, traces, weights, optimizer moments and input statistics, so a restarted service continues bit for bit.
/// </summary>
public sealed class RtuStateEngine
{
    /// <summary>Version of the checkpoint format written by <see cref="Checkpoint(Stream)"/>: 2 stores keys losslessly (UTF-16) and each stream length-prefixed; 1 is still read.</summary>
    public const int CheckpointVersion = 2;

    private readonly KeyedStreams<RtuFeatureModel> _streams;
    private readonly SharedFeatureWeights? _shared;   // a global model's weights; null: independent streams

    internal RtuStateEngine(RtuStateFeaturesTransformer transformer, bool learn)
    {
        bool reset = transformer.Options.ResetStateOnTransform;
        RtuFeatureModel Start(RtuFeatureModel m)
        {
            var copy = m.Clone();
            if (reset) copy.ResetState();
            return copy;
        }
        var prototype = Start(transformer.Model);
        // A keyed transformer's series continue under their keys; other ids start from the model a new key gets.
        // The fitted series are never changed (a stream starts from a copy): shared with the transformer unless reset.
        var series = transformer.Series?.ToDictionary(p => p.Key, p => reset ? Start(p.Value) : p.Value, StringComparer.Ordinal);
        // The file's bytes are the prototype of then only while the engine starts from the model as stored (not reset).
        _streams = new KeyedStreams<RtuFeatureModel>(prototype, "rtu.state-features", m => m.Clone(), (m, w) => m.Save(w), RtuFeatureModel.Load,
            bytes => SizeFixingBytes(bytes, prototype.Normalizer), keyedFormat: 2, series, reset ? null : transformer.Stored);
        if (transformer.Options.SharedWeights) _shared = new SharedFeatureWeights(prototype);
        Learn = learn;
        InputSize = prototype.InputSize;
        StateSize = prototype.StateSize;
        Horizon = prototype.Learner.Settings.Horizon;
    }

    /// <summary>Whether Observe learns from labels (and updates the input statistics).</summary>
    public bool Learn { get; }

    /// <summary>Features per row.</summary>
    public int InputSize { get; }

    /// <summary>State features per row.</summary>
    public int StateSize { get; }

    /// <summary>Predictions per row (output h predicts the sum of the next h labels).</summary>
    public int Horizon { get; }

    /// <summary>The ids of the streams seen so far.</summary>
    public IReadOnlyCollection<string> StreamIds => _streams.Keys;

    /// <summary>
    /// Advances stream <paramref name="streamId"/> with one row of features (NaN: missing) and the label that arrived
    /// with it (NaN: none; it is the target of the previous row's prediction); learns when <see cref="Learn"/> is on.
    /// </summary>
    public RtuStateStep Observe(string streamId, ReadOnlySpan<float> features, float label = float.NaN)
    {
        var step = new RtuStateStep(new float[StateSize], new float[Horizon]);
        Observe(streamId, features, label, step.State, step.Predictions);
        return step;
    }

    /// <summary>
    /// <see cref="Observe(string, ReadOnlySpan{float}, float)"/> into caller buffers (allocates nothing for a stream
    /// that exists): <paramref name="state"/> receives the <see cref="StateSize"/> state features,
    /// <paramref name="predictions"/> the <see cref="Horizon"/> predictions.
    /// </summary>
    public void Observe(string streamId, ReadOnlySpan<float> features, float label, Span<float> state, Span<float> predictions)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        if (features.Length != InputSize) throw new ArgumentException($"Expected {InputSize} features, got {features.Length}.", nameof(features));
        if (state.Length != StateSize) throw new ArgumentException($"state must hold {StateSize} values (the state size), got {state.Length}.", nameof(state));
        if (predictions.Length != Horizon) throw new ArgumentException($"predictions must hold {Horizon} values (the horizon), got {predictions.Length}.", nameof(predictions));
        Observe(streamId, features, label, Learn, Learn, state, predictions);
    }

    // The one path of every Observe: learn (RTU and head) and updateStatistics set apart, as a transformer's rows set them.
    internal void Observe(string streamId, ReadOnlySpan<float> features, float label, bool learn, bool updateStatistics, Span<float> state, Span<float> predictions)
    {
        var step = new ObserveStep(features, label, state, predictions, learn, updateStatistics, _shared);
        if (_shared is null) _streams.With(streamId, step, static (m, s) => { m.Observe(s.Features, s.Label, s.Learn, s.State, s.Predictions, s.UpdateStatistics); return 0; });
        // A global model: the shared weights' lock first, then the stream's (the one order every path takes).
        else lock (_shared.Gate) _streams.With(streamId, step, static (m, s) => { s.Shared!.Observe(m, s.Features, s.Label, s.Learn, s.State, s.Predictions, s.UpdateStatistics); return 0; });
    }

    private readonly ref struct ObserveStep(ReadOnlySpan<float> features, float label, Span<float> state, Span<float> predictions, bool learn, bool updateStatistics, SharedFeatureWeights? shared)
    {
        public readonly SharedFeatureWeights? Shared = shared;
        public readonly ReadOnlySpan<float> Features = features;
        public readonly float Label = label;
        public readonly Span<float> State = state;
        public readonly Span<float> Predictions = predictions;
        public readonly bool Learn = learn;
        public readonly bool UpdateStatistics = updateStatistics;
    }

    /// <summary>Forgets a stream; its next row starts again from the trained model.</summary>
    public bool RemoveStream(string streamId) => _streams.Remove(streamId);

    /// <summary>Writes every stream that exists at one instant to <paramref name="destination"/> (format version, model fingerprint, SHA-256).</summary>
    /// <remarks>A global model (<see cref="RtuStateFeaturesOptions.SharedWeights"/>) holds its weights' lock for the whole
    /// checkpoint: every stream is written with the shared weights of that one instant.</remarks>
    public void Checkpoint(Stream destination)
    {
        if (_shared is null) { _streams.Checkpoint(destination, CheckpointVersion); return; }
        lock (_shared.Gate)
        {
            foreach (var id in _streams.Keys) _streams.TryWith(id, _shared.LoadInto);
            _streams.Checkpoint(destination, CheckpointVersion);
        }
    }

    // A stream's model as stored, without loading a global model's shared weights (tests check checkpoints with it).
    internal RtuFeatureModel? RawStream(string streamId)
    {
        RtuFeatureModel? copy = null;
        _streams.TryWith(streamId, m => copy = m.Clone());
        return copy;
    }

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically (temporary file, flushed, renamed): a crash never destroys the previous checkpoint.</summary>
    public void Checkpoint(string path) => Rtu.Trainers.IO.AtomicFile.Write(path, Checkpoint);

    /// <summary>Replaces every stream with a checkpoint's; a failed restore leaves the engine unchanged.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, truncated, corrupt, of a newer format, or of another model.</exception>
    public void Restore(Stream source)
    {
        if (_shared is null) { _streams.Restore(source, CheckpointVersion); return; }
        lock (_shared.Gate)
        {
            _streams.Restore(source, CheckpointVersion);
            // Every stream was written with the same shared weights: take them from any.
            var first = _streams.Keys.FirstOrDefault();
            if (first is not null) _streams.TryWith(first, _shared.Adopt);
        }
    }

    /// <summary>Restores from a checkpoint file written by <see cref="Checkpoint(string)"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">As <see cref="Restore(Stream)"/>; the message names the file.</exception>
    public void Restore(string path) => StreamFiles.Restore(path, Restore);

    // The learner's settings and input size (every size it allocates) and the normaliser's header (its size), which
    // closes the model's bytes: the normaliser is written last, its header (HeaderLength: 16 bytes, 20 with the marker of
    // statistics that widen for recurring deviations) then 24 bytes per feature (32 with a bound).
    internal static (int Offset, int Length)[] SizeFixingBytes(byte[] prototype, RunningNormalizer normalizer)
    {
        using var r = new BinaryReader(new MemoryStream(prototype));
        RtuLearnerSettings.Read(r);
        r.ReadInt32();
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) normalizer.Save(w);
        int normalizerAt = prototype.Length - (int)ms.ToArray().Length;
        return [(0, (int)r.BaseStream.Position), (normalizerAt, normalizer.HeaderLength)];
    }
}
