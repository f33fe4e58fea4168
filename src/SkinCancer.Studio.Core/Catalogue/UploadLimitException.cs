namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>An upload went over a configured limit; the message names the limit and its setting. Nothing of it is stored.</summary>
public sealed class UploadLimitException(string message) : Exception(message);
