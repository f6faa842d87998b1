using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Rtu.MLNet.Core;

namespace Rtu.MLNet;

/// <summary>
/// A streaming forecast engine for deployment: many independent series keyed by an id, each forecasting and
/// (optionally) learning from every new value, with checkpoints that let a restarted service continue bit for bit.
/// </summary>
/// <remarks>
/// Every stream starts as a copy of the trained model (weights, optimizer moments, input statistics and the state
/// where Fit stopped) and then learns on its own: streams never affect each other. Calls for different streams run
/// in parallel; calls for one stream are serialised by a per-stream lock, so the engine is thread-safe.
/// Unlike ML.NET's PredictionEngine it needs no typed row classes and carries its state across calls by design.
/// </remarks>
public sealed class RtuForecastEngine
{
    private const string Magic = "Rtu.MLNet.Checkpoint";
    /// <summary>Version of the checkpoint format written by <see cref="Checkpoint"/>.</summary>
    public const int CheckpointVersion = 1;

    private readonly RtuForecaster _prototype;
    private readonly ConcurrentDictionary<string, Slot> _streams = new(StringComparer.Ordinal);

    internal RtuForecastEngine(RtuForecastingTransformer transformer, bool learn)
    {
        _prototype = transformer.Model.Clone();
        if (transformer.Options.ResetStateOnTransform) _prototype.ResetState();
        Learn = learn;
        ExogenousCount = _prototype.Settings.ExogenousCount;
    }

    /// <summary>Whether <see cref="Observe(string, float, ReadOnlySpan{float})"/> learns by default.</summary>
    public bool Learn { get; }

    /// <summary>Forecast horizon H: each forecast holds ŷ_{t+1} … ŷ_{t+H}.</summary>
    public int Horizon => _prototype.Horizon;

    /// <summary>Exogenous values expected per observation (the exogenous columns' total width).</summary>
    public int ExogenousCount { get; }

    /// <summary>The ids of the streams seen so far.</summary>
    public IReadOnlyCollection<string> StreamIds => _streams.Keys.ToArray();

    /// <summary>
    /// Observes the next value of stream <paramref name="streamId"/> (NaN: missing): learns from it (it is the target of
    /// the previous forecast) when <see cref="Learn"/> is on, advances the RTU state and returns ŷ_{t+1} … ŷ_{t+H}.
    /// </summary>
    public float[] Observe(string streamId, float value, ReadOnlySpan<float> exogenous = default)
    {
        var forecast = new float[Horizon];
        Observe(streamId, value, exogenous, forecast, Learn);
        return forecast;
    }

    /// <summary>Allocation-free <see cref="Observe(string, float, ReadOnlySpan{float})"/>; <paramref name="learn"/> overrides <see cref="Learn"/> for this call.</summary>
    public void Observe(string streamId, float value, ReadOnlySpan<float> exogenous, Span<float> forecast, bool learn)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        if (forecast.Length != Horizon) throw new ArgumentException($"forecast must hold {Horizon} values (the horizon), got {forecast.Length}.", nameof(forecast));
        if (exogenous.Length != ExogenousCount) throw new ArgumentException($"Expected {ExogenousCount} exogenous values, got {exogenous.Length}.", nameof(exogenous));
        var slot = _streams.GetOrAdd(streamId, _ => new Slot(ClonePrototype()));
        lock (slot) slot.Model.Observe(value, exogenous, learn, forecast, default);
    }

    /// <summary>Predict without learning: advances the state of <paramref name="streamId"/> with the value and returns the forecast.</summary>
    public float[] Predict(string streamId, float value, ReadOnlySpan<float> exogenous = default)
    {
        var forecast = new float[Horizon];
        Observe(streamId, value, exogenous, forecast, learn: false);
        return forecast;
    }

    /// <summary>The latest forecast of a stream without advancing it; NaN values for an unknown stream.</summary>
    public float[] Forecast(string streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        var forecast = new float[Horizon];
        if (!_streams.TryGetValue(streamId, out var slot)) { Array.Fill(forecast, float.NaN); return forecast; }
        lock (slot) slot.Model.WriteForecast(forecast);
        return forecast;
    }

    /// <summary>Forgets a stream; its next observation starts again from the trained model.</summary>
    public bool RemoveStream(string streamId) => _streams.TryRemove(streamId, out _);

    /// <summary>
    /// Writes every stream (recurrent state, RTRL and eligibility traces, weights, optimizer moments, input statistics,
    /// pending targets) and the engine's model to <paramref name="destination"/>, with a format version and a SHA-256.
    /// </summary>
    public void Checkpoint(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Learn);
            lock (_prototype) _prototype.Save(w);
            var ids = _streams.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            w.Write(ids.Length);
            foreach (var id in ids)
            {
                var slot = _streams[id];
                w.Write(id);
                lock (slot) slot.Model.Save(w);
            }
        }
        byte[] bytes = payload.ToArray();
        using var o = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        o.Write(Magic); o.Write(CheckpointVersion); o.Write(bytes.LongLength); o.Write(bytes); o.Write(SHA256.HashData(bytes));
    }

    /// <summary>
    /// Replaces every stream with those of a checkpoint written by <see cref="Checkpoint"/> from an engine of the
    /// same model; continuing then gives exactly the forecasts the checkpointed engine would have given.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, truncated, corrupt, of a newer format, or of another model.</exception>
    public void Restore(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] bytes;
        try
        {
            using var r = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
            if (r.ReadString() != Magic) throw new InvalidDataException("The stream is not an Rtu.MLNet engine checkpoint.");
            int version = r.ReadInt32();
            if (version > CheckpointVersion) throw new InvalidDataException($"The checkpoint has format version {version}, newer than this library reads ({CheckpointVersion}); upgrade Rtu.MLNet.");
            if (version < 1) throw new InvalidDataException($"The checkpoint has an invalid format version {version}.");
            long length = r.ReadInt64();
            if (length < 0 || length > int.MaxValue) throw new InvalidDataException("The checkpoint's length field is corrupt.");
            bytes = r.ReadBytes((int)length);
            byte[] hash = r.ReadBytes(32);
            if (bytes.Length != length || hash.Length != 32) throw new InvalidDataException("The checkpoint is truncated.");
            if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(hash)) throw new InvalidDataException("The checkpoint is corrupt (checksum mismatch).");
        }
        catch (EndOfStreamException e) { throw new InvalidDataException("The checkpoint is truncated.", e); }

        var restored = new Dictionary<string, RtuForecaster>(StringComparer.Ordinal);
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            r.ReadBoolean();
            var prototype = RtuForecaster.Load(r);
            if (prototype.Settings != _prototype.Settings && !SameSettings(prototype, _prototype))
                throw new InvalidDataException("The checkpoint was taken from an engine of a different model (settings differ).");
            int n = r.ReadInt32();
            if (n < 0) throw new InvalidDataException("The checkpoint's stream count is corrupt.");
            for (int i = 0; i < n; i++) restored[r.ReadString()] = RtuForecaster.Load(r);
        }
        catch (EndOfStreamException e) { throw new InvalidDataException("The checkpoint is truncated.", e); }

        _streams.Clear();
        foreach (var (id, model) in restored) _streams[id] = new Slot(model);
    }

    // Save (and so Clone) uses scratch buffers of the model: one clone at a time.
    private RtuForecaster ClonePrototype()
    {
        lock (_prototype) return _prototype.Clone();
    }

    private static bool SameSettings(RtuForecaster a, RtuForecaster b)
    {
        using var ma = new MemoryStream(); using var mb = new MemoryStream();
        using (var w = new BinaryWriter(ma, Encoding.UTF8, true)) a.Settings.Write(w);
        using (var w = new BinaryWriter(mb, Encoding.UTF8, true)) b.Settings.Write(w);
        return ma.ToArray().AsSpan().SequenceEqual(mb.ToArray());
    }

    private sealed class Slot(RtuForecaster model)
    {
        public RtuForecaster Model { get; } = model;
    }
}
