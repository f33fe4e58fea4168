namespace SkinCancer.Studio.Cli;

/// <summary>A command line the program cannot act on: printed as one "error: …" line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
