namespace Rtu.StepTable;

/// <summary>A bad argument or input file: Program prints the message (one line) and exits 2.</summary>
internal sealed class CommandLineError(string message) : Exception(message);
