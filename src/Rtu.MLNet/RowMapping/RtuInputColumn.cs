namespace Rtu.MLNet;

/// <summary>An input column an RTU transformer reads: a Single scalar (size 1) or a known-size vector of Single.</summary>
internal readonly record struct RtuInputColumn(string Name, string Role, int Size, bool ScalarOnly);
