namespace SkinCancer.Studio.Core.Storage;

/// <summary>One step of a file's schema: applied once, in order, and recorded as the file's PRAGMA user_version.</summary>
public sealed record SchemaMigration(int Version, string Description, string Sql);
